"""A post's author is e-mailed about others' comments, several close together in one e-mail
(posts/notifications.py, posts/tasks.py).

The suite runs tasks in-process when queued, countdown included, so each batch here is mailed as
soon as the request commits; batching itself is seen by holding a batch open (a comment already
kept) and by the live tests, which run a real worker.
"""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from posts.models import CommentNotification
from posts.serializers import CommentSerializer
from posts.tasks import send_comment_notifications, send_overdue_comment_notifications
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


def comment_on(client, post, body="Lovely post."):
    return client.post(reverse("comment-list", kwargs={"post_slug": post.slug}), {"body": body})


def kept(comment):
    """`comment` kept for its post's author's next e-mail, as if a batch were open."""
    return CommentNotification.objects.create(comment=comment, recipient=comment.post.author)


def test_a_comment_by_someone_else_is_mailed_to_the_posts_author(bob_client, alices_post):
    response = comment_on(bob_client, alices_post, "Lovely post, Alice.")

    assert response.status_code == 201
    [message] = mail.outbox
    assert message.to == ["alice@example.com"]
    assert message.subject == 'bob commented on "Alice published"'
    assert "Hello alice," in message.body
    assert "Lovely post, Alice." in message.body
    assert f"http://localhost:5173/posts/{alices_post.slug}" in message.body
    assert "email_notifications: false" in message.body
    assert not CommentNotification.objects.exists()


def test_commenting_on_your_own_post_mails_nobody(alice_client, alices_post):
    response = comment_on(alice_client, alices_post)

    assert response.status_code == 201
    assert mail.outbox == []
    assert not CommentNotification.objects.exists()


def test_an_author_who_switched_them_off_gets_no_mail(bob_client, alice, alices_post):
    alice.email_notifications = False
    alice.save()

    response = comment_on(bob_client, alices_post)

    assert response.status_code == 201
    assert mail.outbox == []
    assert not CommentNotification.objects.exists()


def test_a_comment_refused_or_rolled_back_mails_nothing(bob_client, alices_post, monkeypatch):
    def fail_after_saving(serializer, comment):
        raise RuntimeError("The answer could not be written.")

    monkeypatch.setattr(CommentSerializer, "to_representation", fail_after_saving)
    bob_client.raise_request_exception = False

    response = comment_on(bob_client, alices_post)

    assert response.status_code == 500
    assert alices_post.comments.count() == 0
    assert mail.outbox == []
    assert not CommentNotification.objects.exists()


def test_a_comment_while_a_batch_is_open_joins_it_and_one_mail_tells_them_all(
    bob_client, bob, alices_post
):
    kept(CommentFactory(post=alices_post, author=bob, body="First thought."))

    response = comment_on(bob_client, alices_post, "Second thought.")

    # No second e-mail queued: the comment waits for the batch's.
    assert response.status_code == 201
    assert mail.outbox == []
    assert CommentNotification.objects.count() == 2

    send_comment_notifications.delay(alices_post.author.pk)

    [message] = mail.outbox
    assert message.subject == "2 new comments on your posts"
    assert message.body.index("First thought.") < message.body.index("Second thought.")
    assert not CommentNotification.objects.exists()


def test_a_batch_covers_the_authors_posts_and_no_one_elses(alice, bob, staff):
    alices_posts = PostFactory.create_batch(2, author=alice)
    for post in alices_posts:
        kept(CommentFactory(post=post, author=bob))
    others = kept(CommentFactory(post=PostFactory(author=staff), author=bob))

    send_comment_notifications.delay(alice.pk)

    [message] = mail.outbox
    assert message.to == ["alice@example.com"]
    assert all(post.title in message.body for post in alices_posts)
    assert list(CommentNotification.objects.all()) == [others]


def test_a_batch_is_dropped_if_its_author_switched_them_off_meanwhile(alice, bob, alices_post):
    kept(CommentFactory(post=alices_post, author=bob))
    alice.email_notifications = False
    alice.save()

    send_comment_notifications.delay(alice.pk)

    assert mail.outbox == []
    assert not CommentNotification.objects.exists()


def test_a_deleted_comment_is_not_mailed(bob, alice, alices_post):
    kept(CommentFactory(post=alices_post, author=bob, body="Kept."))
    kept(CommentFactory(post=alices_post, author=bob, body="Regretted.")).comment.delete()

    send_comment_notifications.delay(alice.pk)

    [message] = mail.outbox
    assert "Kept." in message.body
    assert "Regretted." not in message.body


def test_the_sweep_mails_comments_left_behind_and_leaves_fresh_ones_to_their_batch(
    settings, alice, bob, staff
):
    settings.COMMENT_EMAIL_BATCH_SECONDS = 300
    with time_machine.travel(timezone.now() - timedelta(seconds=601)):
        kept(CommentFactory(post=PostFactory(author=alice), author=bob, body="Left behind."))
    with time_machine.travel(timezone.now() - timedelta(seconds=599)):
        fresh = kept(CommentFactory(post=PostFactory(author=staff), author=bob))

    send_overdue_comment_notifications.delay()

    [message] = mail.outbox
    assert message.to == ["alice@example.com"]
    assert "Left behind." in message.body
    assert list(CommentNotification.objects.all()) == [fresh]
