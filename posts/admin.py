from django.contrib import admin
from django.db import transaction
from django.template.defaultfilters import truncatechars

from accounts.admin import UserAdmin
from accounts.models import User
from posts import counters
from posts.models import Category, Comment, Like, Post, Tag


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "post_count"]
    search_fields = ["name", "description"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "post_count"]
    search_fields = ["name"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    # Short columns, so that a title stays on a line or two beside the filter sidebar.
    list_display = ["title", "author", "category", "status", "published", "comments", "likes"]
    list_filter = ["status", "category", "tags"]
    search_fields = ["title", "body", "author__username"]
    list_select_related = ["author", "category"]
    # What a post is about first; who wrote it defaults to the staff member writing it.
    fields = [
        "title",
        "body",
        "status",
        "category",
        "tags",
        "author",
        "slug",
        "published_at",
        "comment_count",
        "like_count",
    ]
    readonly_fields = ["slug", "published_at", "comment_count", "like_count"]
    autocomplete_fields = ["author", "tags"]
    date_hierarchy = "created_at"

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def save_related(self, request, form, formsets, change):
        # The tags the form takes off and puts on count as one change: posts.counters.
        with counters.applied_together():
            super().save_related(request, form, formsets, change)

    def delete_queryset(self, request, queryset):
        # "Delete selected posts": read together, not post by post (posts.counters).
        with transaction.atomic():
            counters.deletion_begins(queryset, Post.objects.filter(pk__in=queryset.values("pk")))
            super().delete_queryset(request, queryset)

    @admin.display(description="Published", ordering="published_at")
    def published(self, post):
        return post.published_at.date() if post.published_at else None

    @admin.display(description="Comments", ordering="comment_count")
    def comments(self, post):
        return post.comment_count

    @admin.display(description="Likes", ordering="like_count")
    def likes(self, post):
        return post.like_count


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["text", "post", "author", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["body", "author__username", "post__title"]
    list_select_related = ["post", "author"]
    autocomplete_fields = ["post", "author"]

    @admin.display(description="Text")
    def text(self, comment):
        return truncatechars(comment.body, 80)


@admin.register(Like)
class LikeAdmin(admin.ModelAdmin):
    list_display = ["post", "user", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["user__username", "post__title"]
    list_select_related = ["post", "user"]
    autocomplete_fields = ["post", "user"]


# The users list counts each one's published posts from the counters (AuthorStats): accounts
# knows nothing of posts, so the column is added here.
admin.site.unregister(User)


@admin.register(User)
class AuthorUserAdmin(UserAdmin):
    list_display = [*UserAdmin.list_display, "posts"]
    list_select_related = ["author_stats"]

    @admin.display(description="Posts", ordering="author_stats__post_count")
    def posts(self, user):
        stats = getattr(user, "author_stats", None)
        return stats.post_count if stats else 0
