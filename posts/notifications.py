"""E-mails to authors about comments on their posts, several in one when they come close together.

A comment by someone else on a post whose author wants these e-mails (User.email_notifications)
is kept as a CommentNotification. The first kept for an author queues
posts.tasks.send_comment_notifications to run COMMENT_EMAIL_BATCH_SECONDS later, and it mails
every comment kept for them by then in one e-mail; a comment that comes meanwhile joins it.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string

from posts.models import CommentNotification


def notify_post_author(comment):
    """Keeps `comment` for its post's author's next e-mail, and opens a batch if none is open."""
    author = comment.post.author
    if author.pk == comment.author_id or not author.email_notifications:
        return
    batch_open = CommentNotification.objects.filter(recipient=author).exists()
    CommentNotification.objects.create(comment=comment, recipient=author)
    if not batch_open:
        from posts.tasks import send_comment_notifications  # It mails with mail_comments below.

        transaction.on_commit(
            lambda: send_comment_notifications.apply_async(
                (author.pk,), countdown=settings.COMMENT_EMAIL_BATCH_SECONDS
            ),
            robust=True,  # The comment is saved whether or not the broker can be reached.
        )


def mail_comments(recipient, comments):
    """One e-mail to `recipient` about `comments` (on their posts, oldest first)."""
    frontend = f"{settings.FRONTEND_URL.scheme}://{settings.FRONTEND_URL.netloc}"
    context = {
        "recipient": recipient,
        "comments": [
            {"comment": comment, "url": f"{frontend}/posts/{comment.post.slug}"}
            for comment in comments
        ],
        "site_name": settings.DJOSER["EMAIL_FRONTEND_SITE_NAME"],
    }
    EmailMessage(
        subject=render_to_string("posts/email/comment_notification_subject.txt", context).strip(),
        body=render_to_string("posts/email/comment_notification.txt", context),
        to=[recipient.email],
    ).send()
