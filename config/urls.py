from django.contrib import admin
from django.urls import include, path, re_path

from config.health import healthz, readyz
from config.views import api_not_found

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api-auth/", include("rest_framework.urls")),
    path("api/v1/auth/", include("accounts.urls")),
    path("api/v1/", include("config.api_router")),
    re_path(r"^api/", api_not_found),
]
