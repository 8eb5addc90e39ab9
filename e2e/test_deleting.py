"""A reader deletes their own post, and a comment, once they have confirmed it."""

import requests
from playwright.sync_api import expect

from e2e.conftest import as_user, session_area, sign_in


def publish(stack, author, title):
    response = as_user(stack, author).post(
        f"{stack.api}/posts/",
        json={"title": title, "body": "Soon gone.", "status": "published"},
        timeout=10,
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_a_reader_deletes_their_post_after_confirming(page, stack, reader):
    post = publish(stack, reader, "A post to take back")
    sign_in(page, stack, reader)
    page.get_by_role("link", name="A post to take back").click()
    article = page.get_by_role("article")

    article.get_by_role("button", name="Delete this post").click()
    article.get_by_role("button", name="Keep it").click()  # Changed their mind: nothing happens.
    expect(article.get_by_role("heading", level=1)).to_have_text("A post to take back")
    article.get_by_role("button", name="Delete this post").click()
    expect(article.get_by_role("group", name="Delete this post?")).to_contain_text(
        "Delete this post, with its comments and likes?"
    )
    article.get_by_role("button", name="Yes, delete").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Latest posts")
    expect(page.get_by_role("link", name="A post to take back")).to_have_count(0)
    assert requests.get(f"{stack.api}/posts/{post['slug']}/", timeout=10).status_code == 404
    page.goto(f"{stack.spa}/posts/{post['slug']}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Post not found")


def test_a_reader_deletes_their_comment_and_the_posts_author_anothers(page, stack, make_reader):
    author, commenter = make_reader(stack), make_reader(stack)
    post = publish(stack, author, "A post with comments to delete")
    comments_url = f"{stack.api}/posts/{post['slug']}/comments/"
    for body in ("First thoughts.", "Second thoughts."):
        response = as_user(stack, commenter).post(comments_url, json={"body": body}, timeout=10)
        assert response.status_code == 201, response.text

    sign_in(page, stack, commenter)
    page.goto(f"{stack.spa}/posts/{post['slug']}")
    comments = page.get_by_role("region", name="Comments")
    expect(comments.get_by_role("heading")).to_have_text("2 comments")
    first = comments.get_by_role("listitem").filter(has_text="First thoughts.")
    first.get_by_role("button", name="Delete this comment").click()
    first.get_by_role("button", name="Yes, delete").click()

    expect(comments.get_by_role("heading")).to_have_text("1 comment")
    expect(comments.get_by_role("listitem")).to_have_count(1)
    expect(comments.get_by_role("listitem")).to_contain_text("Second thoughts.")
    # Not the post's author: no way to delete the post.
    expect(page.get_by_role("button", name="Delete this post")).to_have_count(0)

    session_area(page).get_by_role("button", name="Log out").click()
    sign_in(page, stack, author)
    page.goto(f"{stack.spa}/posts/{post['slug']}")
    second = comments.get_by_role("listitem").filter(has_text="Second thoughts.")
    second.get_by_role("button", name="Delete this comment").click()
    second.get_by_role("button", name="Yes, delete").click()

    expect(comments.get_by_role("heading")).to_have_text("0 comments")
    page.reload()  # Deleted by the API, not only taken off the page.
    expect(comments.get_by_role("heading")).to_have_text("0 comments")
    expect(comments.get_by_role("listitem")).to_have_count(0)
