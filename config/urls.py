from django.contrib import admin
from django.urls import include, path, re_path

from config.views import api_not_found

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api-auth/", include("rest_framework.urls")),
    path("api/v1/auth/", include("accounts.urls")),
    path("api/v1/", include("config.api_router")),
    re_path(r"^api/", api_not_found),
]
