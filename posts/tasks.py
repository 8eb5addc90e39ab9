"""Comment e-mails to post authors, sent by a worker (queued by posts.notifications)."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.tasks import MAIL_RETRIES
from posts.models import CommentNotification
from posts.notifications import mail_comments


@shared_task(**MAIL_RETRIES)
def send_comment_notifications(recipient_id):
    """Mails the author `recipient_id` every comment kept for them, in one e-mail. Nothing is
    forgotten before the mail server has taken the e-mail: a failure rolls back and retries."""
    with transaction.atomic():
        pending = list(
            CommentNotification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(recipient_id=recipient_id)
            .select_related("recipient", "comment__post", "comment__author")
            .order_by("created_at", "comment_id")
        )
        if not pending:  # Sent by an earlier task of the same batch, or by the sweep.
            return
        recipient = pending[0].recipient
        if recipient.email_notifications:  # They may have switched them off meanwhile.
            mail_comments(recipient, [notification.comment for notification in pending])
        CommentNotification.objects.filter(pk__in=[n.pk for n in pending]).delete()


@shared_task
def send_overdue_comment_notifications():
    """The scheduler's safety net: a comment kept while its author's e-mail is being sent finds a
    batch open, yet that e-mail's comments were chosen before it was saved; mail it now."""
    overdue = timezone.now() - timedelta(seconds=2 * settings.COMMENT_EMAIL_BATCH_SECONDS)
    recipients = set(
        CommentNotification.objects.filter(created_at__lt=overdue).values_list(
            "recipient_id", flat=True
        )
    )
    for recipient_id in recipients:
        send_comment_notifications.delay(recipient_id)
