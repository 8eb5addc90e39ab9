"""Sign-in endpoints under /api/v1/auth/: JWT, Djoser's token login and logout, and your second
factor. Djoser's users and the API tokens are on the API router."""

from django.urls import path

from accounts import second_factor_views, token_views, views

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
    path("token/login/", token_views.TokenLoginView.as_view(), name="token-login"),
    path("token/logout/", token_views.TokenLogoutView.as_view(), name="token-logout"),
    path("mfa/", second_factor_views.SecondFactorView.as_view(), name="mfa"),
    path("mfa/totp/", second_factor_views.TotpDeviceView.as_view(), name="mfa-totp"),
    path(
        "mfa/totp/confirm/",
        second_factor_views.TotpConfirmView.as_view(),
        name="mfa-totp-confirm",
    ),
    path(
        "mfa/recovery-codes/",
        second_factor_views.RecoveryCodesView.as_view(),
        name="mfa-recovery-codes",
    ),
]
