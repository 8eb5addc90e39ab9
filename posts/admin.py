from django.contrib import admin

from posts.models import Category, Comment, Like, Post, Tag


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "author",
        "category",
        "status",
        "published_at",
        "comment_count",
        "like_count",
    ]
    list_filter = ["status", "category", "tags"]
    search_fields = ["title", "body", "author__username"]
    list_select_related = ["author", "category"]
    readonly_fields = ["slug", "published_at", "comment_count", "like_count"]
    autocomplete_fields = ["tags"]
    raw_id_fields = ["author"]
    date_hierarchy = "created_at"


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["post", "author", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["body", "author__username", "post__title"]
    list_select_related = ["post", "author"]
    raw_id_fields = ["post", "author"]


@admin.register(Like)
class LikeAdmin(admin.ModelAdmin):
    list_display = ["post", "user", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["user__username", "post__title"]
    list_select_related = ["post", "user"]
    raw_id_fields = ["post", "user"]
