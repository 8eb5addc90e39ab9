"""The list of your sessions, each of which you can end (auth/sessions/, OWASP ASVS 7.5.2)."""

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from rest_framework import mixins, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from accounts.browser_sessions import LOGIN_ID_KEY
from accounts.models import ApiToken, Login
from accounts.schema import session_schema
from accounts.services import end_login
from accounts.session_serializers import SessionSerializer


def current_login_id(request):
    """The id of the login the request is sent with, whichever way it authenticated."""
    if isinstance(request.auth, ApiToken):
        return request.auth.login_id
    login = getattr(request.successful_authenticator, "login", None)
    if login is not None:
        return login.pk
    return request.session.get(LOGIN_ID_KEY)


def live(logins):
    """The logins that still sign someone in: not revoked, and a refresh or legacy token, a Django
    session or an API token of theirs still works."""
    now = timezone.now()
    live_token = OutstandingToken.objects.filter(
        lineage__login=OuterRef("family"), expires_at__gt=now, blacklistedtoken__isnull=True
    )
    live_session = Session.objects.filter(session_key=OuterRef("session_key"), expire_date__gt=now)
    return logins.filter(revoked_at__isnull=True).filter(
        Q(kind=Login.Kind.JWT, started_at__gt=now - settings.REFRESH_TOKEN_ABSOLUTE_LIFETIME)
        & Exists(live_token)
        # A legacy token never outlives its login (accounts.legacy_jwt).
        | Q(kind=Login.Kind.LEGACY) & Exists(live_token)
        | Q(kind=Login.Kind.BROWSER) & Exists(live_session)
        | Q(kind=Login.Kind.TOKEN)
        & (Q(api_token__expires_at__isnull=True) | Q(api_token__expires_at__gt=now))
    )


@session_schema
class SessionViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """Your logins: JWT logins, browser sessions and API tokens; end any of them."""

    queryset = Login.objects.all()
    serializer_class = SessionSerializer
    filter_backends = []  # A few rows, newest first: nothing to filter or sort by.
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        return (
            live(super().get_queryset().filter(user=self.request.user))
            .select_related("api_token")
            .order_by("-started_at", "-pk")
        )

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "current_login_id": current_login_id(self.request),
        }

    def get_object(self):
        # Locked, as every revocation of a login is (accounts.services): a refresh of it waits.
        self.queryset = Login.objects.select_for_update(of=("self",))
        return super().get_object()

    def perform_destroy(self, login):
        end_login(login)
