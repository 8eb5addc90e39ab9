"""The SPA session mode: the refresh token lives in an HttpOnly cookie, never in JavaScript.

A client opts in by sending the `X-Auth-Cookie: 1` header to the JWT endpoints. Token creation and
refresh then set the refresh token as a cookie and leave it out of the JSON body; refresh and
logout read it from the cookie.

CSRF defence: the cookie is read only from requests that carry that custom header. An HTML form
cannot send a custom header, and a script on another origin can send one only after a CORS
preflight, which only CORS_ALLOWED_ORIGINS pass. On top of that, a request whose Origin is neither
the API's own nor an allowed one is refused outright.
"""

from django.conf import settings
from rest_framework.exceptions import NotAuthenticated, PermissionDenied

COOKIE_MODE_HEADER = "X-Auth-Cookie"


def wants_cookie(request):
    return COOKIE_MODE_HEADER in request.headers


def move_refresh_into_cookie(response):
    """Takes the refresh token out of the response body and sets it as the cookie instead."""
    refresh = response.data.pop("refresh", None)
    if refresh:
        response.set_cookie(
            settings.REFRESH_COOKIE["name"],
            refresh,
            max_age=settings.SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"],
            path=settings.REFRESH_COOKIE["path"],
            secure=settings.REFRESH_COOKIE["secure"],
            httponly=True,
            samesite=settings.REFRESH_COOKIE["samesite"],
        )
    return response


def clear_refresh_cookie(response):
    response.delete_cookie(
        settings.REFRESH_COOKIE["name"],
        path=settings.REFRESH_COOKIE["path"],
        samesite=settings.REFRESH_COOKIE["samesite"],
    )
    return response


def check_origin(request):
    """Refuses a cookie-mode request sent by a page on an origin the API does not serve."""
    origin = request.headers.get("Origin")
    own_origin = f"{request.scheme}://{request.get_host()}"
    if origin and origin not in {own_origin, *settings.CORS_ALLOWED_ORIGINS}:
        raise PermissionDenied("Requests from this origin may not use the refresh cookie.")


def refresh_from_cookie(request):
    """The refresh token from the cookie of a request that passes the CSRF defence."""
    check_origin(request)
    refresh = request.COOKIES.get(settings.REFRESH_COOKIE["name"])
    if not refresh:
        raise NotAuthenticated("No refresh token cookie: sign in again.")
    return refresh
