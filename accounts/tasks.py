"""Account e-mails, sent by a worker (queued by accounts.email), and the nightly housekeeping."""

import logging

from celery import shared_task

from accounts.email import EMAILS
from accounts.models import User
from accounts.services import account_for_address, remove_expired_sign_in_records

logger = logging.getLogger(__name__)

# A mail server that fails (refuses the connection, answers an error, times out: all OSErrors,
# smtplib's included) is tried again after about 1, 2, 4... seconds, ten minutes apart at most,
# for about an hour; then the task fails and Celery logs it. Retries wait in a worker's hands, so
# ten minutes stays under the broker's visibility timeout.
MAIL_RETRIES = {
    "autoretry_for": (OSError,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 12,
}


@shared_task(**MAIL_RETRIES)
def send_account_email(kind, user_id, to):
    """Renders and sends the account e-mail of `kind` to `to`, from the user as saved now."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:  # The account was deleted after the mail was queued.
        logger.info("No %s e-mail: user %s no longer exists", kind, user_id)
        return
    EMAILS[kind](context={"user": user}).send_now(to)


@shared_task(**MAIL_RETRIES)
def send_account_email_to_address(kind, address):
    """Sends the e-mail of `kind` to the account of `address`, if any: an activation link to an
    account not yet active, a reset link to an active one."""
    user = account_for_address(address, is_active=kind != "activation")
    if user is not None:
        EMAILS[kind](context={"user": user}).send_now([user.email])


@shared_task
def remove_expired_sign_ins():
    """The scheduler's nightly housekeeping: refresh tokens, logins and sessions no one can use
    (accounts.services.remove_expired_sign_in_records), which would otherwise grow for ever."""
    removed = remove_expired_sign_in_records()
    logger.info(
        "Housekeeping: removed %s",
        ", ".join(f"{count} {kind.replace('_', ' ')}" for kind, count in removed.items()),
        extra={"fields": {"event": "housekeeping", **removed}},
    )
    return removed
