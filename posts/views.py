"""The blog's endpoints."""

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from accounts.models import User
from api.cursor_pagination import PageNumberOrCursorPagination
from posts.counting import count_posts
from posts.filters import PostFilter, TagFilter
from posts.models import Category, Comment, Like, Post, Tag
from posts.notifications import notify_post_author
from posts.permissions import (
    IsAdminOrReadOnly,
    IsOwnerOrReadOnly,
    IsPostAuthorDeleting,
    IsStaffDeleting,
)
from posts.schema import (
    author_schema,
    category_schema,
    comment_schema,
    like_schema,
    post_schema,
    tag_schema,
)
from posts.serializers import (
    AuthorProfileSerializer,
    CategorySerializer,
    CommentSerializer,
    LikeSerializer,
    PostSerializer,
    TagSerializer,
)


@category_schema
class CategoryViewSet(viewsets.ModelViewSet):
    """Categories with their number of published posts; staff edit them."""

    queryset = Category.objects.all()
    serializer_class = CategorySerializer
    permission_classes = [IsAdminOrReadOnly]
    lookup_field = "slug"
    search_fields = ["name"]
    ordering_fields = ["name", "post_count"]
    ordering = ["name"]


@tag_schema
class TagViewSet(viewsets.ModelViewSet):
    """Tags with their number of published posts; staff edit them, posts create them."""

    serializer_class = TagSerializer
    permission_classes = [IsAdminOrReadOnly]
    lookup_field = "slug"
    filterset_class = TagFilter
    search_fields = ["name"]
    ordering_fields = ["name", "post_count"]
    ordering = ["name"]

    def get_queryset(self):
        """The tags of the posts the user may see: a tag on nothing but others' drafts would
        tell what they are writing. Staff see every post, so every tag, empty ones included."""
        tags = Tag.objects.all()
        user = self.request.user
        if user.is_staff:
            return tags
        visible = Q(post_count__gt=0)
        if user.is_authenticated:
            # The user's own tags, found once from their posts (not looked for under each tag).
            own_tags = Post.tags.through.objects.filter(post__author=user).values("tag_id")
            visible |= Q(pk__in=own_tags)
        return tags.filter(visible)


@post_schema
@like_schema
class PostViewSet(viewsets.ModelViewSet):
    """Posts: everyone reads the published ones; authors write their own; staff may delete any."""

    serializer_class = PostSerializer
    permission_classes = [IsAuthenticatedOrReadOnly, IsOwnerOrReadOnly | IsStaffDeleting]
    lookup_field = "slug"
    pagination_class = PageNumberOrCursorPagination
    filterset_class = PostFilter
    search_fields = ["title", "body"]  # Where SQLite looks (api.filters.FullTextSearchFilter).
    search_vector = "search_vector"  # What PostgreSQL searches: the same words, indexed.
    search_description = (
        "Words of the title or body, all of them: on PostgreSQL whole words after English "
        "stemming (`pelican` finds pelicans; a quoted phrase or a term with punctuation is a "
        "phrase of whole words), on SQLite any text containing the term. Matches are listed in "
        "the list's order (`ordering`), newest first by default."
    )
    ordering_fields = ["published_at", "created_at", "title", "like_count", "comment_count"]
    ordering = Post._meta.ordering

    def get_queryset(self):
        return Post.objects.for_reader(self.request.user)

    def count_list(self, posts):
        """What the paginator's `count` is: posts.counting."""
        return count_posts(self.request, posts)

    def perform_create(self, serializer):
        serializer.save(author=self.request.user)
        self.read_back(serializer)

    def perform_update(self, serializer):
        try:
            serializer.save()
        except Post.DoesNotExist as error:  # Deleted by another request meanwhile.
            raise NotFound from error
        self.read_back(serializer)

    def read_back(self, serializer):
        """The saved post as reads fetch it: a write answers exactly what a read would."""
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    @action(
        detail=True,
        methods=["get", "post", "delete"],
        permission_classes=[IsAuthenticatedOrReadOnly],
        serializer_class=LikeSerializer,
    )
    def like(self, request, slug=None):
        """GET tells whether you like the post, POST likes it (201 the first time, 200 after),
        DELETE unlikes it (204)."""
        post = self.get_object()
        if request.method == "GET":
            return Response(self.get_serializer(post).data)
        if request.method == "DELETE":
            Like.objects.filter(post=post, user=request.user).delete()
            return Response(status=status.HTTP_204_NO_CONTENT)
        hold_for_new_rows(post)
        _, created = Like.objects.get_or_create(post=post, user=request.user)
        post.refresh_from_db(fields=["like_count"])
        post.liked = True
        return Response(
            self.get_serializer(post).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


def hold_for_new_rows(post):
    """Locks `post` until the request commits, before a comment or like is added to it: deleting
    the post (Post.delete) waits for the addition, or the addition waits for the deletion and
    finds the post gone (404), instead of failing at commit on a comment of no post."""
    if not Post.objects.select_for_update(no_key=True).filter(pk=post.pk).exists():
        raise NotFound


@comment_schema
class CommentViewSet(viewsets.ModelViewSet):
    """The comments of one post, oldest first. Hidden posts have no comments to show (404)."""

    serializer_class = CommentSerializer
    permission_classes = [
        IsAuthenticatedOrReadOnly,
        IsOwnerOrReadOnly | IsStaffDeleting | IsPostAuthorDeleting,
    ]
    filter_backends = []
    pagination_class = PageNumberOrCursorPagination

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # A post the requester may not see is 404 before anything else, even invalid input.
        visible_posts = Post.objects.visible_to(request.user)
        self.commented_post = get_object_or_404(visible_posts, slug=kwargs["post_slug"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Comment.objects.none()  # The schema generator calls this without initial().
        return self.commented_post.comments.select_related("author")

    def perform_create(self, serializer):
        hold_for_new_rows(self.commented_post)
        comment = serializer.save(author=self.request.user, post=self.commented_post)
        notify_post_author(comment)


@author_schema
class AuthorViewSet(viewsets.ReadOnlyModelViewSet):
    """Public author profiles: no e-mail, and only published posts count."""

    # Authors who never wrote have no AuthorStats row: their count is 0.
    queryset = User.objects.filter(is_active=True).annotate(
        post_count=Coalesce("author_stats__post_count", 0)
    )
    serializer_class = AuthorProfileSerializer
    lookup_field = "username"
    lookup_value_regex = r"[\w.+-]+"
    search_fields = ["username"]
    ordering_fields = ["username", "date_joined", "post_count"]
    ordering = ["username"]
