"""Personal API tokens (auth/tokens/) and Djoser's token sign-in and logout (auth/token/)."""

from djoser import views as djoser_views
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api_tokens import revoke_token, sign_in_token
from accounts.models import ApiToken
from accounts.schema import api_token_schema, token_login_schema, token_logout_schema
from accounts.second_factor import login_passed_second_factor
from accounts.session_views import current_login_id
from accounts.token_serializers import ApiTokenSerializer, TokenLoginSerializer


class MadeWithoutApiToken(BasePermission):
    """Tokens are created by a user signed in otherwise: a leaked token must not mint new ones
    that outlive its own revocation."""

    message = "Create tokens signed in with your password, not with a token."

    def has_permission(self, request, view):
        return view.action != "create" or not isinstance(request.auth, ApiToken)


class MadeAfterSecondFactor(BasePermission):
    """Tokens of a user with a second factor are created from a login that passed it: a token
    outlives the sign-in, so a password alone must not mint one."""

    message = "Sign in again with your second factor to create tokens."

    def has_permission(self, request, view):
        return view.action != "create" or login_passed_second_factor(
            request.user, current_login_id(request)
        )


class SignedInWithApiToken(BasePermission):
    """Token logout ends the token the request was sent with."""

    message = "Send the token to log out of as `Authorization: Token <secret>`."

    def has_permission(self, request, view):
        return isinstance(request.auth, ApiToken)


@api_token_schema
class ApiTokenViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Your personal API tokens: create one (its secret is shown once), list them, revoke one."""

    queryset = ApiToken.objects.filter(login__revoked_at__isnull=True)
    serializer_class = ApiTokenSerializer
    filter_backends = []  # A few rows, newest first: nothing to filter or sort by.
    permission_classes = [IsAuthenticated, MadeWithoutApiToken, MadeAfterSecondFactor]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(login__user=self.request.user)
            .select_related("login")
            .order_by("-login__started_at", "-pk")
        )

    def perform_destroy(self, token):
        revoke_token(token)


@token_login_schema
class TokenLoginView(djoser_views.TokenCreateView):
    """Djoser's `token/login/`: a username or e-mail address and a password give a new API token
    (read-write, ending as a JWT login would)."""

    serializer_class = TokenLoginSerializer
    permission_classes = [AllowAny]
    # The sign-in limits apply in the backend (accounts/signin.py), as at every door.
    throttle_classes = []

    def _action(self, serializer):
        _, secret = sign_in_token(serializer.user, self.request)
        return Response({"auth_token": secret}, status=status.HTTP_200_OK)


@token_logout_schema
class TokenLogoutView(APIView):
    """Djoser's `token/logout/`: the token the request is sent with stops working."""

    permission_classes = [IsAuthenticated, SignedInWithApiToken]

    def post(self, request):
        revoke_token(request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)
