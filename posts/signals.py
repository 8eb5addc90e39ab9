"""Keep `Post.comment_count` and `Post.like_count` exact.

Signals rather than view code, because comments and likes also disappear by cascade (a deleted
user takes theirs along) and through the admin; each update runs in the deleting transaction.
"""

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from posts.models import Comment, Like, Post


def add_to_counter(post_id, counter, delta):
    Post.objects.filter(pk=post_id).update(**{counter: F(counter) + delta})


@receiver(post_save, sender=Comment)
def count_new_comment(sender, instance, created, **kwargs):
    if created:
        add_to_counter(instance.post_id, "comment_count", 1)


@receiver(post_delete, sender=Comment)
def uncount_deleted_comment(sender, instance, **kwargs):
    add_to_counter(instance.post_id, "comment_count", -1)


@receiver(post_save, sender=Like)
def count_new_like(sender, instance, created, **kwargs):
    if created:
        add_to_counter(instance.post_id, "like_count", 1)


@receiver(post_delete, sender=Like)
def uncount_deleted_like(sender, instance, **kwargs):
    add_to_counter(instance.post_id, "like_count", -1)
