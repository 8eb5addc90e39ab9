"""JWT authentication that refuses an access token naming its user by a former username."""

from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken


class CurrentUsernameJWTAuthentication(JWTAuthentication):
    """SimpleJWT's bearer authentication, where an access token's `username` claim must be the
    user's username now.

    SPAs show the name from the token; after a rename (set_username, the e-mailed reset, the
    admin) a token issued before it would keep claiming the old one. It gets 401 with SimpleJWT's
    `token_not_valid` code, on which clients refresh, and the refreshed token names the user as
    they are called now (accounts.services.issue_refresh_token writes it).
    """

    def get_user(self, validated_token):
        user = super().get_user(validated_token)
        if validated_token.get("username", user.username) != user.username:
            raise InvalidToken("This token names a former username: refresh it.")
        return user
