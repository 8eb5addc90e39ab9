"""Who may change what. Each class states one rule; views compose them."""

from rest_framework.permissions import SAFE_METHODS, BasePermission


class IsOwnerOrReadOnly(BasePermission):
    """Anyone may read; only the author may change."""

    message = "Only the author may change this."

    def has_object_permission(self, request, view, obj):
        return request.method in SAFE_METHODS or obj.author_id == request.user.pk


class IsAdminOrReadOnly(BasePermission):
    """Anyone may read; only staff may write."""

    message = "Only staff may change this."

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or request.user.is_staff


class IsStaffDeleting(BasePermission):
    """Staff may delete anything."""

    message = "Only the author or staff may delete this."

    def has_object_permission(self, request, view, obj):
        return request.method == "DELETE" and request.user.is_staff


class IsPostAuthorDeleting(BasePermission):
    """A post's author may delete the comments on it."""

    message = "Only the comment's author, the post's author or staff may delete this comment."

    def has_object_permission(self, request, view, obj):
        return request.method == "DELETE" and obj.post.author_id == request.user.pk
