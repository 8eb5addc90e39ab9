"""Every URL under /api/: the viewsets on one router whose root is /api/v1/, sign-in, the schema
and its pages, and a JSON 404 for the rest. config/urls.py mounts them all at once, with reads
outside a transaction and writes in one (api/transactions.py)."""

from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from accounts.legacy_jwt_views import LegacyRefreshView, LegacySignInView, LegacyVerifyView
from accounts.session_views import SessionViewSet
from accounts.token_views import ApiTokenViewSet
from accounts.views import AccountViewSet
from api.docs import LicenseView, RedocView, SchemaView, SwaggerView
from api.errors import api_not_found
from api.root import DescribedAPIRootView
from posts.views import (
    AuthorViewSet,
    CategoryViewSet,
    CommentViewSet,
    PostViewSet,
    TagViewSet,
)

router = DefaultRouter()
router.APIRootView = DescribedAPIRootView
router.register("posts", PostViewSet, basename="post")
router.register(r"posts/(?P<post_slug>[^/.]+)/comments", CommentViewSet, basename="comment")
router.register("categories", CategoryViewSet)
router.register("tags", TagViewSet, basename="tag")
router.register("authors", AuthorViewSet, basename="author")
router.register("auth/users", AccountViewSet, basename="user")
router.register("auth/tokens", ApiTokenViewSet, basename="api-token")
router.register("auth/sessions", SessionViewSet, basename="session")

urlpatterns = [
    path("v1/auth/", include("accounts.urls")),
    # Where a djangorestframework-jwt client whose base URL is /api/v1/ looks for them.
    path("v1/api-token-auth/", LegacySignInView.as_view(), name="legacy-jwt-auth"),
    path("v1/api-token-refresh/", LegacyRefreshView.as_view(), name="legacy-jwt-refresh"),
    path("v1/api-token-verify/", LegacyVerifyView.as_view(), name="legacy-jwt-verify"),
    path("v1/", include(router.urls)),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("redoc/", RedocView.as_view(url_name="schema"), name="redoc"),
    path("license/", LicenseView.as_view(), name="license"),
    re_path(r"", api_not_found),
]
