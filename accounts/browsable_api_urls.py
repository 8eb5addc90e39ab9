"""The browsable API's sign-in and sign-out pages: DRF's (rest_framework.urls), with a sign-in
form that says an e-mail address works as well as a username (accounts.backends)."""

from django.contrib.auth import views
from django.contrib.auth.forms import AuthenticationForm
from django.urls import path


class UsernameOrEmailForm(AuthenticationForm):
    """Django's sign-in form, its first field labelled for what it takes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Username or e-mail"


app_name = "rest_framework"  # The names DRF's templates reverse.
urlpatterns = [
    path(
        "login/",
        views.LoginView.as_view(
            template_name="rest_framework/login.html", authentication_form=UsernameOrEmailForm
        ),
        name="login",
    ),
    path("logout/", views.LogoutView.as_view(), name="logout"),
]
