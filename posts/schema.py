"""What the OpenAPI schema says of each blog endpoint: a title and one line per operation.

The views wear these as class decorators (drf-spectacular's `extend_schema_view`); the bodies
come from the serializers, and the error answers from `api.schema.AutoSchemaWithErrors`.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view

from api.schema import documented
from posts.serializers import LikeSerializer

category_schema = documented(
    "Categories",
    list=("List categories", "Every category, with its number of published posts."),
    create=("Create a category", "Staff only; the slug is made from the name."),
    retrieve=("Read a category", "One category, with its number of published posts."),
    update=("Replace a category", "Staff only; the slug stays as it was."),
    partial_update=("Edit a category", "Staff only; the slug stays as it was."),
    destroy=("Delete a category", "Staff only; its posts are left without a category."),
)

tag_schema = documented(
    "Tags",
    list=("List tags", "Every tag, with its number of published posts."),
    create=("Create a tag", "Staff only; posts also create tags by naming them."),
    retrieve=("Read a tag", "One tag, with its number of published posts."),
    update=("Replace a tag", "Staff only; the slug stays as it was."),
    partial_update=("Edit a tag", "Staff only; the slug stays as it was."),
    destroy=("Delete a tag", "Staff only; the tag is taken off every post."),
)

post_schema = documented(
    "Posts",
    list=(
        "List posts",
        "Published posts and your own drafts (every draft for staff), newest published first.",
    ),
    create=("Write a post", "You are the author; `status` is `draft` unless you say otherwise."),
    retrieve=("Read a post", "A draft is 404 to anyone but its author and staff."),
    update=("Replace a post", "The author only; the slug made from the first title stays."),
    partial_update=("Edit a post", "The author only; the slug made from the first title stays."),
    destroy=("Delete a post", "The author or staff; its comments and likes go with it."),
)

like_schema = extend_schema_view(
    like=[
        extend_schema(
            methods=["GET"],
            tags=["Likes"],
            summary="See your like of a post",
            description="Whether you like the post (never when signed out), and its like count.",
            responses={200: LikeSerializer},
        ),
        extend_schema(
            methods=["POST"],
            tags=["Likes"],
            summary="Like a post",
            description="201 the first time, 200 if you already like it; answers the like count.",
            request=None,
            responses={201: LikeSerializer, 200: LikeSerializer},
        ),
        extend_schema(
            methods=["DELETE"],
            tags=["Likes"],
            summary="Unlike a post",
            description="Takes your like back, if you had given one.",
            request=None,
            responses={204: None},
        ),
    ]
)

comment_schema = documented(
    "Comments",
    parameters=[
        OpenApiParameter("post_slug", str, OpenApiParameter.PATH, description="The post's slug.")
    ],
    list=("List comments", "The comments of a post you may see, oldest first."),
    create=("Comment on a post", "You are the author of the comment."),
    retrieve=("Read a comment", "One comment of a post you may see."),
    update=("Replace a comment", "The comment's author only."),
    partial_update=("Edit a comment", "The comment's author only."),
    destroy=("Delete a comment", "The comment's author, the post's author or staff."),
)

author_schema = documented(
    "Authors",
    list=("List authors", "Public profiles, with each author's number of published posts."),
    retrieve=("Read an author", "One public profile: never an e-mail address."),
)
