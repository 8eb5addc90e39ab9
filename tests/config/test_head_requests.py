"""HEAD answers carry GET's headers and no body, through the WSGI handler gunicorn calls.

Django's test client drops a HEAD body itself, so these tests call the WSGI application as
gunicorn does; a body there made gunicorn warn on every HEAD request.
"""

from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.http import FileResponse
from django.urls import reverse

from config.middleware import HeadWithoutBodyMiddleware

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


def test_a_streamed_head_answer_sends_nothing_and_still_closes_its_file(rf, tmp_path):
    download = tmp_path / "export.csv"
    download.write_text("id,title\n1,Hello\n")
    opened = download.open("rb")
    middleware = HeadWithoutBodyMiddleware(lambda request: FileResponse(opened))

    response = middleware(rf.head("/export.csv"))

    assert b"".join(response.streaming_content) == b""
    assert response["Content-Length"] == str(download.stat().st_size)
    response.close()
    assert opened.closed
