"""JWT endpoints under /api/v1/auth/jwt/; Djoser's users are on the API router."""

from django.urls import path
from rest_framework_simplejwt import views as jwt_views

from accounts.throttling import AuthRateThrottle

urlpatterns = [
    path(
        "jwt/create/",
        jwt_views.TokenObtainPairView.as_view(throttle_classes=[AuthRateThrottle]),
        name="jwt-create",
    ),
    path("jwt/refresh/", jwt_views.TokenRefreshView.as_view(), name="jwt-refresh"),
    path("jwt/verify/", jwt_views.TokenVerifyView.as_view(), name="jwt-verify"),
    path("jwt/blacklist/", jwt_views.TokenBlacklistView.as_view(), name="jwt-blacklist"),
]
