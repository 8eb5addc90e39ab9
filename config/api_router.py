"""Every viewset of the API, on one router whose root is /api/v1/."""

from rest_framework.routers import DefaultRouter

from accounts.views import AuthorViewSet, UserViewSet
from config.transactions import with_atomic_writes
from posts.views import CategoryViewSet, CommentViewSet, PostViewSet, TagViewSet

router = DefaultRouter()
router.register("posts", PostViewSet, basename="post")
router.register(r"posts/(?P<post_slug>[^/.]+)/comments", CommentViewSet, basename="comment")
router.register("categories", CategoryViewSet)
router.register("tags", TagViewSet, basename="tag")
router.register("authors", AuthorViewSet, basename="author")
router.register("auth/users", UserViewSet, basename="user")

urlpatterns = with_atomic_writes(router.urls)
