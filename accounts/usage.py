"""Where and how each login was last used, for the list of sessions (OWASP ASVS 7.5.2).

A login is written to at most once per LAST_USED_PRECISION, so that a client sending a request a
second costs one UPDATE a minute rather than one per request.
"""

import ipaddress
import re
from datetime import timedelta

from django.utils import timezone
from rest_framework.throttling import BaseThrottle

from accounts.models import Login

LAST_USED_PRECISION = timedelta(minutes=1)

# The first that matches names the client: Edge and Opera also say "Chrome", Chrome "Safari".
BROWSERS = [
    ("Edge", r"Edg(e|A|iOS)?/"),
    ("Opera", r"OPR/|Opera"),
    ("Firefox", r"Firefox/|FxiOS/"),
    ("Chrome", r"Chrome/|CriOS/|Chromium/"),
    ("Safari", r"Safari/"),
    ("curl", r"^curl/"),
    ("Postman", r"^PostmanRuntime/"),
    ("Python", r"^python-|^Python-urllib|^aiohttp"),
    ("Node.js", r"^node|^axios"),
]
SYSTEMS = [
    ("iOS", r"iPhone|iPad|iPod"),
    ("Android", r"Android"),
    ("ChromeOS", r"CrOS"),
    ("Windows", r"Windows"),
    ("macOS", r"Mac OS X|Macintosh"),
    ("Linux", r"Linux|X11"),
]
CLIENT_LENGTH = Login._meta.get_field("client").max_length


def describe_client(user_agent):
    """A coarse description of a User-Agent, "Firefox on Linux": enough for a user to recognise
    the device, never the header itself, which can say far more about it."""
    browser = next((name for name, pattern in BROWSERS if re.search(pattern, user_agent)), None)
    system = next((name for name, pattern in SYSTEMS if re.search(pattern, user_agent)), None)
    if browser and system:
        return f"{browser} on {system}"[:CLIENT_LENGTH]
    return browser or system or ("Other client" if user_agent else "")


def client_ip(request):
    """The client's IP as the throttles see it (NUM_PROXIES), or None for anything that is not
    an address (a forged X-Forwarded-For): PostgreSQL's inet column would refuse it."""
    try:
        return str(ipaddress.ip_address(BaseThrottle().get_ident(request) or ""))
    except ValueError:
        return None


def usage(request):
    """The columns of Login that a request from this client sets."""
    return {
        "last_used_at": timezone.now(),
        "last_ip": client_ip(request),
        "client": describe_client(request.headers.get("User-Agent", "")),
    }


def record_use(login, request):
    """Notes that `login` was used by `request`, unless it was noted less than a minute ago."""
    if login.last_used_at and timezone.now() - login.last_used_at < LAST_USED_PRECISION:
        return
    used = usage(request)
    Login.objects.filter(pk=login.pk).update(**used)
    for field, value in used.items():
        setattr(login, field, value)
