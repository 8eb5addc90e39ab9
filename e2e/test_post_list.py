"""The home page: the newest posts first, more of them by cursor, filtered by a tag."""

import uuid

from playwright.sync_api import expect

from e2e.conftest import ALICE, SCREENSHOTS, as_user, sign_in


def test_the_post_list_shows_the_newest_posts_with_their_authors_tags_and_counts(page, stack):
    sign_in(page, stack, ALICE)

    cards = page.locator(".post-card")
    # The demo posts, newest published first, and alice's own draft (unpublished) last.
    expect(cards.get_by_role("heading")).to_have_text(
        [
            "A weekend in the mountains",
            "Paginating large lists",
            "Why we sign tokens with JWT",
            "Getting started with Django REST framework",
            "Notes for a talk on caching",
        ]
    )
    getting_started = cards.nth(3)
    expect(getting_started).to_contain_text("by alice")
    tags = getting_started.get_by_role("list", name="Tags").get_by_role("listitem")
    expect(tags).to_have_text(["django", "python", "rest"])
    expect(getting_started).to_contain_text("2 likes · 2 comments")
    expect(cards.last.locator(".badge")).to_have_text("Draft")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "spa-post-list.png", full_page=True)


def test_more_posts_adds_the_next_posts_of_a_tag_by_cursor(page, stack, reader):
    tag = f"e2e-{uuid.uuid4().hex[:8]}"
    author = as_user(stack, reader)

    def publish(title):
        response = author.post(
            f"{stack.api}/posts/",
            json={"title": title, "body": "Seven of these.", "status": "published", "tags": [tag]},
            timeout=10,
        )
        assert response.status_code == 201, response.text

    titles = [f"Paged post {number}" for number in range(1, 8)]
    for title in titles:
        publish(title)
    newest_first = titles[::-1]

    page.goto(stack.spa)
    page.get_by_label("Filter by tag").select_option(tag)

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Posts tagged “{tag}”")
    cards = page.locator(".post-card")
    expect(cards.get_by_role("heading")).to_have_text(newest_first[:5])
    pager = page.get_by_role("navigation", name="More posts")
    expect(pager).to_contain_text("5 of 7 posts")
    publish("Written while reading")  # Newer than the walk: it neither shows nor pushes one out.
    with page.expect_request(lambda request: "cursor=" in request.url):
        pager.get_by_role("button", name="More posts").click()
    expect(cards.get_by_role("heading")).to_have_text(newest_first)
    expect(pager).to_contain_text("7 of 7 posts")  # As counted when the list was loaded.
    expect(pager.get_by_role("button", name="More posts")).to_be_hidden()


def test_a_tag_chip_leads_to_the_posts_with_that_tag(page, stack):
    page.goto(stack.spa)
    card = page.locator(".post-card").filter(has_text="Getting started with Django REST framework")

    card.get_by_role("list", name="Tags").get_by_role("link", name="rest").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Posts tagged “rest”")
    expect(page.locator(".post-card").get_by_role("heading")).to_have_text(
        ["Paginating large lists", "Getting started with Django REST framework"]
    )
    expect(page.get_by_label("Filter by tag")).to_have_value("rest")
    assert page.url == f"{stack.spa}/?tag=rest"  # The list's own address, to share or bookmark.
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Latest posts")


def test_the_tag_filter_offers_only_tags_with_published_posts(page, stack, reader):
    draft_tag = f"e2e-draft-{uuid.uuid4().hex[:8]}"
    response = as_user(stack, reader).post(
        f"{stack.api}/posts/",
        json={"title": "Not yet", "body": "A draft.", "status": "draft", "tags": [draft_tag]},
        timeout=10,
    )
    assert response.status_code == 201, response.text
    sign_in(page, stack, reader)

    options = page.get_by_label("Filter by tag").locator("option")

    expect(options).to_contain_text(["All tags", "django (1)", "rest (2)"])
    assert not [text for text in options.all_text_contents() if draft_tag in text]
