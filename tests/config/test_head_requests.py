"""HEAD answers carry GET's headers and no body, through the WSGI handler gunicorn calls.

Django's test client drops a HEAD body itself, so these tests call the WSGI application as
gunicorn does; a body there made gunicorn warn on every HEAD request.
"""

from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)


def through_wsgi(method, path):
    """The status, headers and body bytes the WSGI application hands its server."""
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "HTTP_HOST": "localhost"}
    setup_testing_defaults(environ)
    started = {}

    def start_response(status, headers, exc_info=None):
        started["status"], started["headers"] = status, dict(headers)

    result = WSGIHandler()(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        result.close()
    return started["status"], started["headers"], body


@pytest.mark.parametrize(
    "path",
    [
        reverse("api-root"),
        reverse("post-list"),
        reverse("admin:login"),
        reverse("swagger-ui"),
        "/api/v1/no-such-thing/",
    ],
)
def test_a_head_request_gets_the_headers_of_a_get_and_no_body(path):
    get_status, get_headers, get_body = through_wsgi("GET", path)
    status, headers, body = through_wsgi("HEAD", path)

    assert get_body
    assert body == b""
    assert status == get_status
    assert headers["Content-Type"] == get_headers["Content-Type"]
    assert headers.get("Content-Length") == get_headers.get("Content-Length")


def test_a_head_request_for_a_static_file_gets_no_body():
    status, headers, body = through_wsgi("HEAD", "/static/rest_framework/css/bootstrap.min.css")

    assert status.startswith("200")
    assert int(headers["Content-Length"]) > 0
    assert body == b""
