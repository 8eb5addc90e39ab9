"""Keep `Post.comment_count`, `Post.like_count` and the post counters (posts.counters) exact,
and lock a deleted user's posts before their deletion collects what is on them.

Signals rather than view code, because comments, likes, posts and tag links also disappear by
cascade (a deleted user takes theirs along) and through the admin; each update runs in the
transaction that makes the change.
"""

from django.db.models import Count, Exists, F, OuterRef, Subquery
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from accounts.signals import user_deleting
from posts import counters
from posts.models import Comment, Like, Post


def add_to_counter(post_id, counter, delta):
    Post.objects.filter(pk=post_id).update(**{counter: F(counter) + delta})


@receiver(post_save, sender=Comment)
def count_new_comment(sender, instance, created, **kwargs):
    if created:
        add_to_counter(instance.post_id, "comment_count", 1)


@receiver(post_delete, sender=Comment)
def uncount_deleted_comment(sender, instance, origin, **kwargs):
    if not counters.uncounted_already(origin, instance.post_id, instance.author_id):
        add_to_counter(instance.post_id, "comment_count", -1)


@receiver(post_save, sender=Like)
def count_new_like(sender, instance, created, **kwargs):
    if created:
        add_to_counter(instance.post_id, "like_count", 1)


@receiver(post_delete, sender=Like)
def uncount_deleted_like(sender, instance, origin, **kwargs):
    if not counters.uncounted_already(origin, instance.post_id, instance.user_id):
        add_to_counter(instance.post_id, "like_count", -1)


@receiver(pre_delete, sender=Post)
def read_deleted_post(sender, instance, origin, **kwargs):
    # Django sends every pre_delete of a deletion before it deletes anything, and every
    # post_delete after: each post is locked before any counter is.
    counters.deletion_began(origin, instance.pk)


@receiver(post_delete, sender=Post)
def uncount_deleted_post(sender, instance, origin, **kwargs):
    counters.deletion_done(origin)


@receiver(m2m_changed, sender=Post.tags.through)
def count_retagged_posts(sender, instance, action, reverse, pk_set, **kwargs):
    """Tags added to or taken from posts, from either side (`post.tags`, `tag.posts`)."""
    if action not in ("post_add", "pre_remove", "pre_clear"):
        return
    own, other = ("tag_id", "post_id") if reverse else ("post_id", "tag_id")
    links = sender.objects.filter(**{own: instance.pk})
    if pk_set is not None:
        links = links.filter(**{f"{other}__in": pk_set})
    counters.links_changed(links, 1 if action == "post_add" else -1)


@receiver(user_deleting)
def read_what_the_deleted_user_takes_along(sender, user, **kwargs):
    counters.deletion_begins(user, Post.objects.filter(author=user))
    # Their comments and likes on the others' posts: one statement for each kind, not one for
    # each row (the receivers above skip them). No more can come: the user's row is locked.
    for model, writer, counter in (
        (Comment, "author", "comment_count"),
        (Like, "user", "like_count"),
    ):
        theirs = model.objects.filter(**{writer: user}, post=OuterRef("pk"))
        per_post = theirs.values("post").annotate(n=Count("pk")).values("n")
        Post.objects.exclude(author=user).filter(Exists(theirs)).update(
            **{counter: F(counter) - Subquery(per_post)}
        )
    counters.deletion_of(user).writer_id = user.pk
