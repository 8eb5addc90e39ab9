"""The blog: categories, tags, posts, comments and likes."""

import re
import secrets
from functools import cached_property

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.query import ModelIterable
from django.utils import timezone
from django.utils.text import slugify

from api.names import NameKeyField, NormalizedNameField, validate_name_keys

SLUG_LENGTH = 220


def slug_base(text, fallback):
    """`text` slugified, with room left for a suffix."""
    return slugify(text)[: SLUG_LENGTH - 10].strip("-") or fallback


def unique_slug(model, text, fallback):
    """A slug made from `text` that no row of `model` has yet: `title`, `title-2`, `title-3`..."""
    base = slug_base(text, fallback)
    numbered = rf"^{re.escape(base)}-[0-9]+$"
    taken = set(
        model.objects.filter(Q(slug=base) | Q(slug__regex=numbered)).values_list("slug", flat=True)
    )
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def random_slug(text, fallback):
    """A slug made from `text` with a random suffix: `title-3fa9c2d1`."""
    return f"{slug_base(text, fallback)}-{secrets.token_hex(4)}"


class SluggedModel(models.Model):
    """A model whose unique `slug` is made once, on its first save, from `slug_source`.

    Two saves at the same moment can pick the same free slug; the second insert then fails on
    the unique index and is retried with the slug made again (`make_slug`), with a random suffix
    in the end.
    """

    slug_attempts = 5
    slug_fallback = "item"

    slug = models.SlugField(max_length=SLUG_LENGTH, unique=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.slug:
            return super().save(*args, **kwargs)
        model = type(self)
        for attempt in range(self.slug_attempts):
            self.slug = self.make_slug(attempt)
            try:
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError:
                if not model.objects.filter(slug=self.slug).exists():
                    raise  # Another constraint failed: not a slug race.
        raise IntegrityError(f"No free slug for {self.slug_source!r}.")

    def make_slug(self, attempt):
        """The first free of `name`, `name-2`, `name-3`...; random from the third attempt."""
        slug = unique_slug(type(self), self.slug_source, self.slug_fallback)
        if attempt >= 2:
            slug = f"{slug[: SLUG_LENGTH - 5]}-{secrets.token_hex(2)}"
        return slug

    @property
    def slug_source(self):
        """The text the slug is made from."""
        raise NotImplementedError


class Category(SluggedModel):
    """A section of the blog; each post is in at most one."""

    slug_fallback = "category"

    name = NormalizedNameField(max_length=100)
    # Unique under api.names' rule: `KİT`, `kit` and `Kit` with a KELVIN SIGN are one category.
    name_key = NameKeyField(
        source="name",
        max_length=300,
        unique=True,
        error_messages={"unique": "A category with that name already exists."},
    )
    description = models.TextField(blank=True, max_length=2000)
    # Published posts, kept exact by posts.counters: lists show and count them without a scan.
    post_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"
        indexes = [models.Index(fields=["post_count"], name="category_post_count_idx")]

    def __str__(self):
        return self.name

    def clean(self):
        validate_name_keys(self)

    @property
    def slug_source(self):
        return self.name


class Tag(SluggedModel):
    """A keyword; posts name their tags and unknown names become new tags."""

    slug_fallback = "tag"

    name = NormalizedNameField(max_length=50)
    # Unique under api.names' rule: `KİT`, `kit` and `Kit` with a KELVIN SIGN are one tag.
    name_key = NameKeyField(
        source="name",
        max_length=150,
        unique=True,
        error_messages={"unique": "A tag with that name already exists."},
    )
    # Published posts, kept exact by posts.counters: lists show and count them without a scan.
    post_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["post_count"], name="tag_post_count_idx")]

    def __str__(self):
        return self.name

    def clean(self):
        validate_name_keys(self)

    @property
    def slug_source(self):
        return self.name


class PostsAsRead(ModelIterable):
    """Posts with what PostSerializer shows of their relations: the author's username and the
    category's slug joined into the posts' own query, the tag names in one more for all of them.

    Joined as the posts are fetched (a page, or one post) and not in the queryset, so that a
    list is counted without the joins: a COUNT through them reads both tables for every post
    that matches, where counting the posts alone reads one index. The tag names are loaded by
    hand: `prefetch_related("tags")` builds a Tag, a related manager and a queryset per post,
    dearer than the rest of a page's query (see bench/results.md).
    """

    def __iter__(self):
        self.queryset = self.queryset.annotate(
            author_username=F("author__username"), category_slug=F("category__slug")
        )
        posts = list(super().__iter__())
        names = {post.pk: [] for post in posts}
        links = Post.tags.through.objects.filter(post_id__in=names).order_by("tag__name")
        for post_id, name in links.values_list("post_id", "tag__name"):
            names[post_id].append(name)
        for post in posts:
            post.tag_names = names[post.pk]
        return iter(posts)


class PostQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Published posts for everyone; drafts for their author, and all of them for staff."""
        if user.is_staff:
            return self
        if user.is_authenticated:
            return self.filter(Q(status=Post.Status.PUBLISHED) | Q(author=user))
        return self.filter(status=Post.Status.PUBLISHED)

    def for_reader(self, user):
        """The posts `user` may read, as PostSerializer shows them: each knows whether `user`
        likes it and, once fetched, its author's username, category's slug and tag names."""
        if user.is_authenticated:
            liked = Exists(Like.objects.filter(post=OuterRef("pk"), user=user))
        else:
            liked = Value(False, output_field=models.BooleanField())
        posts = self.visible_to(user).annotate(liked=liked)
        posts._iterable_class = PostsAsRead  # Django's hook for what a row becomes (as values()'s).
        return posts


class PostManager(models.Manager.from_queryset(PostQuerySet)):
    """Leaves `search_vector` out of the posts it reads: only searches use it, in the database,
    and a post saved after such a read never writes it (Django saves the fields it read)."""

    def get_queryset(self):
        return super().get_queryset().defer("search_vector")


class Post(SluggedModel):
    """An article. Its slug is made once from the first title, so links survive a new title, and
    always carries a random suffix: `title-2` would tell that another post, maybe someone's
    draft, had the title first."""

    slug_fallback = "post"

    class Status(models.TextChoices):
        DRAFT = "draft"
        PUBLISHED = "published"

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts"
    )
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="posts"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts")
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=50_000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Kept exact by posts.signals, so that lists can show and order by them without counting.
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    like_count = models.PositiveIntegerField(default=0, editable=False)
    # The title's words (weight A) and the body's (B), stemmed as English, for `?search=`. On
    # PostgreSQL a trigger computes it on every insert and on every change of the title or body,
    # however the row is written (migration 0011); SQLite searches the text itself and leaves it
    # empty.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PostManager()

    class Meta:
        ordering = [F("published_at").desc(nulls_last=True), "-created_at"]
        # PostgreSQL also has the list's order, NULLS LAST included, alone and after the author or
        # the category (migration 0009), and `published_at` with the id alone (migration 0010).
        indexes = [
            models.Index(fields=["status", "-published_at"], name="post_status_published_idx"),
            # The list's other orders, each with the id that breaks its ties (api.filters), read
            # forwards for one direction and backwards for the other.
            models.Index(fields=["-like_count", "-id"], name="post_like_order_idx"),
            models.Index(fields=["-comment_count", "-id"], name="post_comment_order_idx"),
            models.Index(fields=["-created_at", "-id"], name="post_created_order_idx"),
            models.Index(fields=["title", "id"], name="post_title_order_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Saves the post and counts the change in posts.counters, in one transaction."""
        from posts import counters  # It reads these models: imported once they exist.

        if self.status == Post.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        with transaction.atomic():
            before = counters.locked_state(self.pk) if self.pk else None
            if before is None and not self._state.adding:
                # Deleted since it was read: Django would insert it again, as a new row.
                raise Post.DoesNotExist("The post was deleted while it was being edited.")
            super().save(*args, **kwargs)
            counters.post_saved(self, before)

    def delete(self, *args, **kwargs):
        """Deletes the post, locked and read before Django collects its comments and likes
        (counters.deletion_begins; posts.views locks it too)."""
        from posts import counters

        with transaction.atomic():
            counters.deletion_begins(self, Post.objects.filter(pk=self.pk))
            return super().delete(*args, **kwargs)

    @property
    def slug_source(self):
        return self.title

    def make_slug(self, attempt):
        return random_slug(self.slug_source, self.slug_fallback)

    # What a post shows of its relations: Post.objects.for_reader's posts have it from their own
    # queries (PostsAsRead), any other post reads it here.
    @cached_property
    def author_username(self):
        return self.author.username

    @cached_property
    def category_slug(self):
        return self.category.slug if self.category_id else None

    @cached_property
    def tag_names(self):
        return [tag.name for tag in self.tags.all()]  # In name order, as Tag's Meta says.

    def is_liked_by(self, user):
        return user.is_authenticated and self.likes.filter(user=user).exists()


class Comment(models.Model):
    """A reader's reply to a post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments"
    )
    body = models.TextField(max_length=5_000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["post", "created_at"], name="comment_post_created_idx")]

    # By ids, like the rows below: the admin lists every comment, like and notification a
    # deletion takes along, and a name read from another row would be a query for each.
    def __str__(self):
        return f"comment {self.pk} on post {self.post_id} by user {self.author_id}"


class Like(models.Model):
    """A user's like of a post: at most one per user and post."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="likes"
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="likes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "post"], name="one_like_per_user_and_post"),
        ]

    def __str__(self):
        return f"like of post {self.post_id} by user {self.user_id}"


class CommentNotification(models.Model):
    """A comment its post's author is still to be mailed about (posts/notifications.py): the
    comments that arrive within COMMENT_EMAIL_BATCH_SECONDS of the first go in one e-mail."""

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, primary_key=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"notice of comment {self.comment_id} to user {self.recipient_id}"


class AuthorStats(models.Model):
    """An author's number of posts by status, kept exact by posts.counters: the author list shows
    and sorts by them without counting anyone's posts. A user has a row once they have written."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="author_stats",
    )
    # Defaults in the database too: posts.counters creates a row with one column given.
    post_count = models.PositiveIntegerField(db_default=0)  # Published.
    draft_count = models.PositiveIntegerField(db_default=0)

    class Meta:
        verbose_name_plural = "author stats"

    def __str__(self):
        return f"{self.user_id}: {self.post_count} published, {self.draft_count} drafts"


class StatusCount(models.Model):
    """How many posts there are of one status, kept exact by posts.counters: the post list's
    `count` without a COUNT over every post."""

    status = models.CharField(max_length=10, choices=Post.Status.choices, primary_key=True)
    post_count = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.status}: {self.post_count}"
