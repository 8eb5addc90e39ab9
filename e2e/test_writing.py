"""A signed-in reader writes and edits a post, comments and likes."""

from playwright.sync_api import expect

from e2e.conftest import sign_in


def test_a_reader_writes_a_post_and_edits_it(page, stack, reader):
    sign_in(page, stack, reader)
    page.get_by_role("link", name="Write a post").click()
    page.get_by_label("Title").fill("Written in a real browser")
    page.get_by_label("Body").fill("Headless Chromium typed this.")
    category = page.get_by_label("Category")
    expect(category.locator("option").first).to_have_text("No category")
    category.select_option(label="APIs")
    page.get_by_label("Tags").fill("browsers, e2e")
    page.get_by_role("button", name="Save the post").click()

    post = page.get_by_role("article")
    expect(post.get_by_role("heading", level=1)).to_have_text("Written in a real browser")
    expect(post).to_contain_text(f"by {reader.username}")
    expect(post.get_by_role("list", name="Tags").get_by_role("listitem")).to_have_text(
        ["browsers", "e2e"]
    )

    post.get_by_role("link", name="Edit").click()
    page.get_by_label("Title").fill("Written and edited in a real browser")
    page.get_by_label("Body").fill("Then it changed its mind.")
    page.get_by_role("button", name="Save changes").click()

    expect(post.get_by_role("heading", level=1)).to_have_text(
        "Written and edited in a real browser"
    )
    expect(post).to_contain_text("Then it changed its mind.")
    page.get_by_role("link", name="Blog").click()
    expect(page.locator(".post-card").first.get_by_role("heading")).to_have_text(
        "Written and edited in a real browser"
    )


def test_a_reader_comments_on_a_post(page, stack, reader):
    sign_in(page, stack, reader)
    page.get_by_role("link", name="Paginating large lists").click()
    comments = page.get_by_role("region", name="Comments")
    expect(comments.get_by_role("heading")).to_have_text("1 comment")

    comments.get_by_label("Your comment").fill("Cursor pagination, please.")
    comments.get_by_role("button", name="Comment").click()

    expect(comments.get_by_role("heading")).to_have_text("2 comments")
    expect(comments.get_by_role("listitem").last).to_contain_text(reader.username)
    page.reload()  # Saved by the API, not only shown.
    expect(comments.get_by_role("listitem").last).to_contain_text("Cursor pagination, please.")


def test_a_reader_likes_a_post_and_unlikes_it(page, stack, reader):
    sign_in(page, stack, reader)
    page.get_by_role("link", name="A weekend in the mountains").click()
    likes = page.locator(".likes")
    expect(likes).to_contain_text("0 likes")

    likes.get_by_role("button", name="Like", exact=True).click()
    expect(likes).to_contain_text("1 like")
    page.reload()
    expect(likes.get_by_role("button", name="Unlike")).to_be_visible()
    expect(likes).to_contain_text("1 like")

    likes.get_by_role("button", name="Unlike").click()
    expect(likes).to_contain_text("0 likes")
