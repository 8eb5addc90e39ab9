"""JWT endpoints under /api/v1/auth/jwt/; Djoser's users and the authors are on the API router."""

from django.urls import path

from accounts import views

urlpatterns = [
    path("jwt/create/", views.SignInView.as_view(), name="jwt-create"),
    path("jwt/refresh/", views.RefreshView.as_view(), name="jwt-refresh"),
    path("jwt/verify/", views.DocumentedTokenVerifyView.as_view(), name="jwt-verify"),
    path("jwt/blacklist/", views.LogoutView.as_view(), name="jwt-blacklist"),
    path(
        "jwt/logout_everywhere/",
        views.LogoutEverywhereView.as_view(),
        name="jwt-logout-everywhere",
    ),
]
