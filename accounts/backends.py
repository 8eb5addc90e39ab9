"""Authentication backends."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from accounts.second_factor import SecondFactorRequired, has_second_factor
from accounts.signin import checked_password
from api.names import comparison_key


class UsernameOrEmailBackend(ModelBackend):
    """Signs in with a username or an e-mail address, both case-insensitive, within the sign-in
    limits (accounts/signin.py).

    SimpleJWT's token view, Djoser's token login, the browsable API's login and the admin's all
    call `authenticate(username=...)`, so accepting an e-mail, limiting attempts and asking for
    the second factor here serves every way in: a user who has one is never returned on a
    password alone (accounts/second_factor.py).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = checked_password(request, username, lambda: self.check(username, password))
        if user is not None and has_second_factor(user):
            if request is None:  # A shell or a test client's login(): no client to challenge.
                return None
            raise SecondFactorRequired(request, user)
        return user

    def check(self, username, password):
        """The account `username` names, if any, and whether `password` signs it in."""
        users = get_user_model()._default_manager
        # No username or address is longer; a longer one is not worth a query (SQLite even
        # refuses LIKE patterns past 50 kB).
        too_long = len(username) > get_user_model()._meta.get_field("email").max_length
        user = (
            None
            if too_long
            else (
                users.filter(username_key=comparison_key(username)).first()
                or users.filter(email_key=comparison_key(username)).first()
            )
        )
        if user is None:
            # Hash anyway so that a missing account takes as long as a wrong password.
            get_user_model()().set_password(password)
            return None, False
        return user, user.check_password(password) and self.user_can_authenticate(user)
