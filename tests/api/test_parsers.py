"""Request bodies the parsers refuse, or parse fast: multipart, XML and YAML, huge fields."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT
from django.urls import reverse
from rest_framework.test import APIClient

from tests.clients import assert_json_detail, assert_json_error
from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.owasp("API8:2023")]

FAST = 2.0  # Seconds.


HTML = {"HTTP_ACCEPT": "text/html"}


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


# --- Django: denial of service in functions we use -----------------------------------------------


def test_cve_2023_36053_overlong_email_at_registration_is_refused_fast(
    api_client, alice, database_state
):
    """CVE-2023-36053 (ReDoS in EmailValidator): a huge address is refused quickly, as a 400,
    before it reaches the database (with accounts to compare it with, as in real life)."""
    before = database_state()

    response, elapsed = timed(
        lambda: api_client.post(
            reverse("user-list"),
            {"username": "eve", "email": "a" * 100_000 + "@example.com", "password": PASSWORD},
        )
    )

    assert_json_error(response, 400)
    assert "email" in response.json()
    assert elapsed < FAST
    assert database_state() == before


def test_cve_2021_45115_huge_password_at_registration_is_answered_fast(api_client):
    """CVE-2021-45115 (UserAttributeSimilarityValidator on a large password)."""
    response, elapsed = timed(
        lambda: api_client.post(
            reverse("user-list"),
            {"username": "eve", "email": "eve@example.com", "password": "eve-" * 200_000},
        )
    )

    assert response.status_code in (201, 400)
    assert elapsed < FAST


def test_cve_2023_24580_too_many_files_are_refused_with_400(bob_client, database_state):
    """CVE-2023-24580: a multipart body of many files exhausted resources; Django now stops at
    DATA_UPLOAD_MAX_NUMBER_FILES. The refusal must be a 400, and nothing saved."""
    files = {f"f{n}": SimpleUploadedFile(f"{n}.txt", b"x") for n in range(101)}
    before = database_state()

    response = bob_client.post(
        reverse("post-list"), {"title": "t", "body": "b", **files}, format="multipart"
    )

    assert_json_detail(response, 400)
    assert database_state() == before


def test_cve_2026_33033_base64_multipart_with_whitespace_is_answered_fast(
    bob_client, database_state
):
    """CVE-2026-33033: MultiPartParser copied memory over and over for base64 parts padded with
    whitespace. DRF's multipart parser (the browsable API's forms) is Django's."""
    body = (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="file"; filename="a.txt"\r\n'
        "Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + "QUJD"
        + " " * 900_000
        + f"\r\n--{BOUNDARY}--\r\n"
    )
    before = database_state()

    response, elapsed = timed(
        lambda: bob_client.generic("POST", reverse("post-list"), body, MULTIPART_CONTENT)
    )

    assert response.status_code in (400, 413)
    assert elapsed < FAST
    assert database_state() == before


def test_cve_2024_45230_urlize_in_the_browsable_api_renders_a_crafted_body_fast(client, alice):
    """CVE-2024-38875, CVE-2024-41990, CVE-2024-41991, CVE-2024-45230: `urlize`, which the
    browsable API runs over every answer it shows, was slow on crafted text (brackets, many
    punctuation marks, Unicode). A post body built that way renders quickly."""
    crafted = "(" * 10_000 + "example.com" + ")" * 10_000 + "&" * 5_000 + "www." * 2_000
    client.force_login(alice)
    created = APIClient()
    created.force_authenticate(alice)
    slug = created.post(reverse("post-list"), {"title": "Crafted", "body": crafted}).json()["slug"]

    response, elapsed = timed(
        lambda: client.get(reverse("post-detail", kwargs={"slug": slug}), **HTML)
    )

    assert response.status_code == 200
    assert elapsed < FAST


@pytest.mark.parametrize("media_type", ["application/xml", "text/xml", "application/yaml"])
def test_cve_2025_64460_no_xml_or_yaml_body_is_parsed(bob_client, database_state, media_type):
    """CVE-2025-64460 (Django's XML deserializer) and DRF's old XML parser (defusedxml, 2.2.1):
    the API parses JSON and forms only, so no XML document reaches a parser."""
    before = database_state()

    response = bob_client.generic(
        "POST", reverse("post-list"), "<post><title>t</title></post>", content_type=media_type
    )

    assert_json_detail(response, 415)
    assert database_state() == before
