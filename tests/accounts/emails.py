"""Reading the SPA links out of account e-mails, as the SPA's user would click them."""

import re

from django.conf import settings


def uid_and_token(message, path):
    """The `{uid}` and `{token}` of the `FRONTEND_URL/<path>/{uid}/{token}` link in `message`."""
    frontend = (
        f"{settings.DJOSER['EMAIL_FRONTEND_PROTOCOL']}://{settings.DJOSER['EMAIL_FRONTEND_DOMAIN']}"
    )
    match = re.search(rf"{re.escape(frontend)}/{path}/([\w-]+)/([\w-]+)", message.body)
    assert match, f"no {path} link in: {message.body}"
    return {"uid": match[1], "token": match[2]}
