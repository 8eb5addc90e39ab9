"""Anyone reads a post with its comments."""

from playwright.sync_api import expect


def test_a_post_opens_with_its_body_and_its_comments(page, stack):
    page.goto(stack.spa)
    page.get_by_role("link", name="Why we sign tokens with JWT").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Why we sign tokens with JWT")
    expect(page.get_by_role("article")).to_contain_text("Stateless access tokens, rotating")
    comments = page.get_by_role("region", name="Comments")
    expect(comments.get_by_role("heading")).to_have_text("2 comments")
    items = comments.get_by_role("listitem")
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text("bob")
    expect(items.first).to_contain_text("How long do your access tokens live?")
    expect(items.last).to_contain_text("alice")
    expect(items.last).to_contain_text("Fifteen minutes; the refresh token rotates.")
    expect(comments).to_contain_text("Sign in to comment.")
