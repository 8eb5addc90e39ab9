from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from config.docs import RedocView, SchemaView, SwaggerView
from config.health import healthz, readyz
from config.transactions import with_atomic_writes
from config.views import api_not_found

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("api-auth/", include("rest_framework.urls")),
    path("api/v1/auth/", include("accounts.urls")),
    path("api/v1/", include("config.api_router")),
    *with_atomic_writes(
        [
            path("api/schema/", SchemaView.as_view(), name="schema"),
            path("api/docs/", SwaggerView.as_view(url_name="schema"), name="swagger-ui"),
            path("api/redoc/", RedocView.as_view(url_name="schema"), name="redoc"),
            re_path(r"^api/", api_not_found),
        ]
    ),
]

handler400 = "config.views.bad_request"
handler500 = "config.views.server_error"
