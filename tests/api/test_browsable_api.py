"""The browsable API renders every list and detail, with forms, for the people who explore it."""

import html
import json
import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from posts.models import Category, Post
from tests.factories import PASSWORD, CategoryFactory, CommentFactory, PostFactory

pytestmark = pytest.mark.django_db

HTML = {"HTTP_ACCEPT": "text/html"}


@pytest.fixture
def blog(alice):
    post = PostFactory(author=alice, tags=["django"])
    comment = CommentFactory(post=post, author=alice)
    return {"post": post, "comment": comment, "category": post.category}


def browsable_urls(blog):
    post, comment, category = blog["post"], blog["comment"], blog["category"]
    tag = post.tags.get()
    return [
        reverse("api-root"),
        reverse("post-list"),
        reverse("post-detail", kwargs={"slug": post.slug}),
        reverse("comment-list", kwargs={"post_slug": post.slug}),
        reverse("comment-detail", kwargs={"post_slug": post.slug, "pk": comment.pk}),
        reverse("category-list"),
        reverse("category-detail", kwargs={"slug": category.slug}),
        reverse("tag-list"),
        reverse("tag-detail", kwargs={"slug": tag.slug}),
        reverse("user-list"),
        reverse("user-me"),
    ]


@pytest.mark.parametrize("who", ["author", "staff"])
def test_every_page_renders_as_html_for_a_signed_in_user(client, blog, alice, staff, who):
    client.force_login(alice if who == "author" else staff)

    for url in browsable_urls(blog):
        response = client.get(url, **HTML)

        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/html"), url


def test_the_post_page_offers_the_author_an_edit_form(client, blog, alice):
    client.force_login(alice)

    response = client.get(reverse("post-detail", kwargs={"slug": blog["post"].slug}), **HTML)

    assert 'name="title"' in response.content.decode()
    assert 'name="category"' in response.content.decode()


def test_the_category_list_offers_staff_a_create_form(client, staff):
    CategoryFactory()
    client.force_login(staff)

    response = client.get(reverse("category-list"), **HTML)

    assert response.status_code == 200
    assert 'name="description"' in response.content.decode()


def test_pages_link_to_the_session_login(client, blog):
    response = client.get(reverse("post-list"), **HTML)

    assert response.status_code == 200
    assert reverse("rest_framework:login") in response.content.decode()


def test_the_like_page_shows_your_like_with_a_like_button(client, blog, alice):
    client.force_login(alice)

    response = client.get(reverse("post-like", kwargs={"slug": blog["post"].slug}), **HTML)

    assert response.status_code == 200
    assert "&quot;liked&quot;: false" in response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert 'method="POST"' in response.content.decode()


FORM_PAGES = {
    "post list": lambda blog: reverse("post-list"),
    "post": lambda blog: reverse("post-detail", kwargs={"slug": blog["post"].slug}),
    "comment list": lambda blog: reverse("comment-list", kwargs={"post_slug": blog["post"].slug}),
    "comment": lambda blog: reverse(
        "comment-detail", kwargs={"post_slug": blog["post"].slug, "pk": blog["comment"].pk}
    ),
    "category list": lambda blog: reverse("category-list"),
    "category": lambda blog: reverse("category-detail", kwargs={"slug": blog["category"].slug}),
    "tag list": lambda blog: reverse("tag-list"),
    "your account": lambda blog: reverse("user-me"),
}


@pytest.mark.parametrize("page", FORM_PAGES)
@pytest.mark.parametrize("who", ["regular user", "staff"])
def test_form_pages_render_for_another_regular_user_and_for_staff(
    client, blog, bob, staff, who, page
):
    client.force_login(bob if who == "regular user" else staff)

    response = client.get(FORM_PAGES[page](blog), **HTML)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_the_post_form_offers_categories_and_a_text_box_for_tags(client, blog, alice):
    client.force_login(alice)

    page = client.get(reverse("post-list"), **HTML).content.decode()

    assert f'<option value="{blog["category"].slug}"' in page
    assert '<input name="tags" class="form-control" type="text"' in page
    assert "Lists are not currently supported in HTML input." not in page


def test_the_edit_form_shows_the_posts_tags_as_comma_separated_names(client, alice):
    post = PostFactory(author=alice, tags=["django", "rest"])
    client.force_login(alice)

    page = client.get(reverse("post-detail", kwargs={"slug": post.slug}), **HTML).content.decode()

    assert 'value="django, rest"' in page


def test_the_post_form_creates_a_post_with_its_category_and_tags(client, alice):
    category = CategoryFactory()
    client.force_login(alice)

    response = client.post(
        reverse("post-list"),
        {
            "title": "Written in a browser",
            "body": "Through the browsable API's form.",
            "status": "published",
            "category": category.slug,
            "tags": "django, browsable api",
        },
        **HTML,
    )

    assert response.status_code == 201
    post = Post.objects.get(title="Written in a browser")
    assert post.category == category
    assert sorted(tag.name for tag in post.tags.all()) == ["browsable api", "django"]


def test_the_post_edit_form_replaces_the_tags(client, alice):
    post = PostFactory(author=alice, tags=["django"])
    client.force_login(alice)
    form = {"title": post.title, "body": post.body, "status": "published", "tags": "rest, apis"}

    response = client.put(
        reverse("post-detail", kwargs={"slug": post.slug}),
        urlencode(form),
        content_type="application/x-www-form-urlencoded",
        **HTML,
    )

    assert response.status_code == 200
    assert sorted(tag.name for tag in post.tags.all()) == ["apis", "rest"]


def test_the_comment_list_offers_a_signed_in_user_a_comment_form(client, blog, alice):
    client.force_login(alice)

    response = client.get(reverse("comment-list", kwargs={"post_slug": blog["post"].slug}), **HTML)

    assert '<textarea name="body"' in response.content.decode()


def test_the_comment_form_adds_a_comment(client, blog, bob):
    client.force_login(bob)
    url = reverse("comment-list", kwargs={"post_slug": blog["post"].slug})

    response = client.post(url, {"body": "Sent from the form."}, **HTML)

    assert response.status_code == 201
    assert blog["post"].comments.filter(author=bob, body="Sent from the form.").exists()


def test_the_category_form_creates_a_category_for_staff(client, staff):
    client.force_login(staff)

    response = client.post(
        reverse("category-list"), {"name": "Tutorials", "description": "Step by step."}, **HTML
    )

    assert response.status_code == 201
    assert Category.objects.filter(name="Tutorials", description="Step by step.").exists()


def test_a_regular_user_is_offered_no_category_form(client, alice):
    client.force_login(alice)

    response = client.get(reverse("category-list"), **HTML)

    assert response.status_code == 200
    assert 'name="description"' not in response.content.decode()


def test_long_lists_link_to_their_other_pages(client, alice):
    PostFactory.create_batch(3)

    response = client.get(reverse("post-list"), {"page_size": 2}, **HTML)

    page = response.content.decode()
    assert '<ul class="pagination' in page
    assert "page=2" in page


def test_a_signed_in_user_is_offered_the_session_logout(client, alice):
    client.force_login(alice)

    response = client.get(reverse("post-list"), **HTML)

    assert reverse("rest_framework:logout") in response.content.decode()


SCRIPT = "<script>alert(1)</script>"


# --- Django REST framework: the browsable API ----------------------------------------------------


@pytest.fixture
def signed_in_browser(client, alice):
    client.force_login(alice)
    return client


def write_post(user, **fields):
    author = APIClient()
    author.force_authenticate(user)
    response = author.post(reverse("post-list"), {"title": "t", "body": "b", **fields})
    assert response.status_code == 201
    return response.json()["slug"]


@pytest.mark.owasp("API8:2023")
def test_cve_2018_25045_stored_markup_is_escaped_in_the_browsable_api(signed_in_browser, alice):
    """CVE-2018-25045 (GHSA-xqcf-hj92-967m): the browsable API's templates did not escape."""
    slug = write_post(alice, title=f"Hello {SCRIPT}", body=f"<img src=x onerror=alert(1)> {SCRIPT}")

    page = signed_in_browser.get(reverse("post-detail", kwargs={"slug": slug}), **HTML)

    assert page.status_code == 200
    assert SCRIPT not in page.content.decode()
    assert "<img src=x" not in page.content.decode()


@pytest.mark.owasp("API8:2023")
def test_cve_2020_25626_links_with_markup_are_escaped_in_the_browsable_api(
    signed_in_browser, alice
):
    """CVE-2020-25626 (GHSA-fx83-3ph3-9j2q): `urlize_quoted_links` let markup out of a link."""
    slug = write_post(alice, body=f'see https://example.com/"onmouseover="alert(1)"{SCRIPT}')

    page = signed_in_browser.get(reverse("post-detail", kwargs={"slug": slug}), **HTML)

    content = page.content.decode()
    assert SCRIPT not in content
    assert 'onmouseover="alert(1)"' not in content


@pytest.mark.owasp("API8:2023")
def test_cve_2024_21520_reflected_header_is_escaped_in_the_browsable_api(signed_in_browser):
    """CVE-2024-21520 (GHSA-gw84-84pc-xp82): `break_long_headers` let markup in a response
    header (which the browsable API shows) out unescaped. X-Request-ID echoes the client."""
    page = signed_in_browser.get(reverse("post-list"), HTTP_X_REQUEST_ID=SCRIPT, **HTML)

    assert page.status_code == 200
    assert SCRIPT not in page.content.decode()
    assert page.headers["X-Request-ID"] != SCRIPT


@pytest.mark.owasp("API8:2023")
def test_cve_2024_21520_reflected_path_is_escaped_in_the_browsable_api(signed_in_browser):
    """The unknown-URL answer names the path it was asked for: shown as text, not markup."""
    page = signed_in_browser.get("/api/v1/%3Cscript%3Ealert(1)%3C/script%3E/", **HTML)

    assert page.status_code == 404
    assert SCRIPT not in page.content.decode()


def test_breadcrumbs_name_each_level_and_link_to_the_slashed_urls(client, blog):
    post = blog["post"]
    url = reverse("comment-list", kwargs={"post_slug": post.slug})

    crumbs = client.get(url, **HTML).content.decode().split('<ul class="breadcrumb">')[1]
    crumbs = crumbs.split("</ul>")[0]

    assert "Not Found" not in crumbs
    links = re.findall(r'href="([^"]*)"', crumbs)
    assert links == [
        reverse("api-root"),
        reverse("post-list"),
        reverse("post-detail", kwargs={"slug": post.slug}),
        url,
    ]


@pytest.mark.parametrize("path", ["/api/v1/nothing-here/", "missing-post"])
def test_a_404_page_offers_no_forms(client, staff, path):
    client.force_login(staff)
    if path == "missing-post":
        path = reverse("post-detail", kwargs={"slug": "no-such-post"})

    response = client.get(path, **HTML)

    assert response.status_code == 404
    page = response.content.decode()
    assert 'value="DELETE"' not in page
    assert 'id="post-generic-content-form"' not in page
    assert 'id="put-generic-content-form"' not in page
    assert 'data-method="POST"' not in page
    assert 'data-method="PUT"' not in page
    assert 'data-method="OPTIONS"' not in page


def raw_data(page):
    """The JSON body the Raw data tab pre-fills."""
    content = re.search(r'<textarea name="_content"[^>]*>(.*?)</textarea>', page, re.S)
    return json.loads(html.unescape(content.group(1)))


def test_the_raw_data_tab_pre_fills_a_status_the_api_takes(client, alice):
    client.force_login(alice)
    body = raw_data(client.get(reverse("post-list"), **HTML).content.decode())
    assert body["status"] == Post.Status.DRAFT

    body |= {"title": "From the raw data tab", "body": "Text."}
    response = client.post(reverse("post-list"), body, content_type="application/json")

    assert response.status_code == 201, response.content
    assert Post.objects.get().status == Post.Status.DRAFT


def test_form_posts_store_line_breaks_as_lf(client, blog, staff):
    client.force_login(staff)
    text = "First line.\r\nSecond line.\rThird line."
    comments = reverse("comment-list", kwargs={"post_slug": blog["post"].slug})

    posted = [
        client.post(reverse("post-list"), {"title": "Lines", "body": text}, **HTML),
        client.post(comments, {"body": text}, **HTML),
        client.post(reverse("category-list"), {"name": "Lines", "description": text}, **HTML),
    ]

    assert [response.status_code for response in posted] == [201, 201, 201]
    stored = "First line.\nSecond line.\nThird line."
    assert Post.objects.get(title="Lines").body == stored
    assert blog["post"].comments.get(author=staff).body == stored
    assert Category.objects.get(name="Lines").description == stored


def test_a_bio_is_stored_with_lf_line_breaks(client, alice):
    client.force_login(alice)

    response = client.patch(
        reverse("user-me"), {"bio": "Hello.\r\nBye."}, content_type="application/json"
    )

    assert response.status_code == 200
    alice.refresh_from_db()
    assert alice.bio == "Hello.\nBye."


def test_the_api_root_describes_the_api_and_links_to_the_docs_auth_and_lists(client):
    response = client.get(reverse("api-root"), **HTML)

    page = response.content.decode()
    assert "The default basic root view" not in page
    assert "A blogging API" in page
    assert "<h1>Blog API</h1>" in page
    links = client.get(reverse("api-root")).json()
    for name in ["swagger-ui", "redoc", "schema", "jwt-create", "jwt-refresh", "user-list"]:
        assert f"http://testserver{reverse(name)}" in links.values(), name
    assert links["posts"] == f"http://testserver{reverse('post-list')}"


def test_the_site_root_leads_to_the_api_root(client):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"] == reverse("api-root")


def test_the_sign_in_page_says_an_e_mail_address_works(client):
    page = client.get(reverse("rest_framework:login")).content.decode()

    assert '<label for="id_username">Username or e-mail:</label>' in page


def test_signing_in_to_the_browsable_api_by_e_mail(client, alice):
    response = client.post(
        reverse("rest_framework:login"),
        {"username": "alice@example.com", "password": PASSWORD, "next": reverse("post-list")},
    )

    assert response.status_code == 302
    assert client.get(reverse("user-me")).json()["username"] == "alice"


@pytest.mark.parametrize("page", ["post list", "comment list"])
def test_raw_data_is_pre_filled_with_a_body_the_api_takes(client, blog, alice, page):
    client.force_login(alice)
    url = FORM_PAGES[page](blog)
    html_page = client.get(url, **HTML).content.decode()
    raw = re.search(r'<textarea[^>]*name="_content"[^>]*>(.*?)</textarea>', html_page, re.S)

    response = client.post(url, html.unescape(raw.group(1)), content_type="application/json")

    assert response.status_code == 201, response.content


def test_the_sign_in_endpoint_shows_who_is_signed_in_by_session(client, alice):
    client.force_login(alice)

    page = client.get(reverse("jwt-create"), **HTML).content.decode()

    assert "alice" in page
    assert ">Log in</a>" not in page
