"""What a visitor meets first: a page load without failing requests, and human error pages."""

from playwright.sync_api import expect

from e2e.conftest import session_area, sign_in


def watch(page):
    """The console's errors and the failing answers (4xx, 5xx) of `page`, filled as they come."""
    errors, failures = [], []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on(
        "response",
        lambda response: (
            response.status >= 400 and failures.append(f"{response.status} {response.url}")
        ),
    )
    return errors, failures


def test_an_anonymous_visitors_first_load_makes_no_failing_request(page, stack):
    errors, failures = watch(page)
    page.goto(stack.spa)

    expect(page.locator(".post-card").first).to_contain_text("A weekend in the mountains")
    page.wait_for_load_state("networkidle")
    assert failures == []
    assert errors == []
    expect(session_area(page).get_by_role("link", name="Sign in")).to_be_visible()


def test_a_signed_in_reader_reloads_without_failing_requests_and_stays_signed_in(
    page, stack, reader
):
    sign_in(page, stack, reader)
    errors, failures = watch(page)

    page.reload()

    expect(session_area(page)).to_contain_text(f"Signed in as {reader.username}")
    page.wait_for_load_state("networkidle")
    assert failures == []
    assert errors == []


def test_a_missing_post_says_post_not_found(page, stack):
    page.goto(f"{stack.spa}/posts/no-such-post")

    expect(page.get_by_role("heading", level=1)).to_have_text("Post not found")
    expect(page.get_by_role("alert")).to_have_text(
        "This post does not exist, or no longer: its author may have deleted it."
    )
    page.get_by_role("link", name="Back to the posts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Latest posts")
