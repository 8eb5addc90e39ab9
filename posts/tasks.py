"""Comment e-mails to post authors, sent by a worker (queued by posts.notifications), and the
nightly check of the post counters."""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.tasks import MAIL_RETRIES
from posts.counters import recount_while_posts_wait
from posts.models import CommentNotification
from posts.notifications import mail_comments

logger = logging.getLogger(__name__)


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


@shared_task
def check_post_counters():
    """The scheduler's nightly check: repairs the post counters that drifted from the rows (an
    `update()` that went around them, a hand edit, a partial restore) and logs it, so that the
    cause can be looked for."""
    corrected = recount_while_posts_wait()
    fields = {"fields": {"event": "post_counters_checked", **corrected}}
    if any(corrected.values()):
        logger.warning(
            "Post counters had drifted and were repaired: %s",
            ", ".join(f"{count} {kind}" for kind, count in corrected.items() if count),
            extra=fields,
        )
    else:
        logger.info("Post counters checked: none had drifted", extra=fields)
    return corrected
