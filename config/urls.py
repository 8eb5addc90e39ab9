from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from accounts.second_factor_page import second_factor_page
from api.transactions import with_atomic_writes
from config.health import healthz, readyz

urlpatterns = [
    # The site is the API: its root describes it and links to the docs.
    path("", RedirectView.as_view(pattern_name="api-root"), name="home"),
    # Browsers ask every site for /favicon.ico: the API's icon, not a 404 in the console. Its
    # fingerprinted name is looked up on the first request, once collectstatic has run.
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("api/favicon.svg")),
        name="favicon",
    ),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path(settings.ADMIN_URL, admin.site.urls),
    # The API and the browsable API's sign-in page: reads outside a transaction, writes in one.
    *with_atomic_writes(
        [
            path("api/", include("api.urls")),
            path("api-auth/", include("accounts.browsable_api_urls")),
            # The code after a right password, for the admin's login and the browsable API's.
            path("api-auth/second-factor/", second_factor_page, name="second-factor"),
        ]
    ),
]

handler400 = "api.errors.bad_request"
handler500 = "api.errors.server_error"
