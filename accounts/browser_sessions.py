"""Browser sessions (the browsable API's and the admin's) as logins, listed and ended with the
others: a Login row per Django session, named in the session itself."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.utils import timezone

from accounts.models import Login
from accounts.usage import record_use

# The key of the session that holds the id of its login.
LOGIN_ID_KEY = "_login_id"


def start_browser_login(sender, request, user, **kwargs):
    """On `user_logged_in`: Django's login() made a session for `user` (Djoser's token login
    sends the signal too, without one)."""
    session = getattr(request, "session", None)
    if session is None or session.get(SESSION_KEY) is None:
        return
    from accounts.services import start_login  # It imports the models this app is loading.

    login = start_login(user, Login.Kind.BROWSER, request)
    login.session_key = session.session_key or ""
    login.save(update_fields=["session_key"])
    session[LOGIN_ID_KEY] = login.pk


def end_browser_login(sender, request, user, **kwargs):
    """On `user_logged_out`: the session's login has ended too."""
    login_id = request.session.get(LOGIN_ID_KEY) if hasattr(request, "session") else None
    if login_id is not None:
        Login.objects.filter(pk=login_id, revoked_at__isnull=True).update(revoked_at=timezone.now())


def delete_session(session_key):
    """Ends a Django session, whichever engine stores it."""
    if session_key:
        import_module(settings.SESSION_ENGINE).SessionStore(session_key).delete()


class BrowserLoginMiddleware:
    """Notes each use of a browser session's login, and signs out a session whose login ended.

    Ending a login deletes its session already; checking here too covers a session engine or a
    cache that keeps it. The session's key changes when the password is changed in it: the login
    follows it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        login = self.login_of(request)
        if login is not None and login.revoked_at is not None:
            login = self.ended(request)
        elif login is not None:
            record_use(login, request)
        response = self.get_response(request)
        key = request.session.session_key if login is not None else None
        if key and key != login.session_key:
            Login.objects.filter(pk=login.pk).update(session_key=key)
        return response

    def ended(self, request):
        """The session of a login that ended is signed out, unless Django still takes it: the
        session a password was changed in survives the change (update_session_auth_hash) and the
        revocation of every login that came with it, and goes on as a login of its own."""
        if request.user.is_authenticated:
            start_browser_login(None, request, request.user)
            return self.login_of(request)
        logout(request)
        return None

    def login_of(self, request):
        login_id = request.session.get(LOGIN_ID_KEY)  # No session cookie: no query.
        if not isinstance(login_id, int):
            return None
        return Login.objects.filter(pk=login_id).first()
