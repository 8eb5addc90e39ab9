"""The second step of the browser doors (the admin's login, the browsable API's): a page that
asks for the code, then signs the session in.

Django's login views call `authenticate()`, which raises `SecondFactorRequired` for a user with a
second factor (accounts/second_factor.py). `SecondFactorPageMiddleware` turns it into a redirect to
this page, keeping the challenge in the session, never in the page: the session is the browser's,
so another browser cannot finish the sign-in, and the challenge stays single-use and short-lived.
"""

from django import forms
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME, login
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import FormView

from accounts.second_factor import SecondFactorRequired, SecondStepRefused, complete_second_step

PENDING_KEY = "_second_factor_pending"


class SecondFactorPageMiddleware:
    """Sends a browser whose password was right to the page asking for its code (the API's
    views answer `SecondFactorRequired` themselves, as a 401 with the challenge)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, SecondFactorRequired) or not hasattr(request, "session"):
            return None
        next_url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
        request.session[PENDING_KEY] = {
            "challenge": exception.challenge,
            "for": request.path,
            "next": next_url or settings.LOGIN_REDIRECT_URL,
        }
        return HttpResponseRedirect(reverse("second-factor"))


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code of your authenticator app, or a recovery code",
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class SecondFactorPageView(FormView):
    """Asks for the code after a right password; a right one signs the session in."""

    template_name = "accounts/second_factor.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        self.pending = request.session.get(PENDING_KEY)
        if not isinstance(self.pending, dict):
            return redirect("rest_framework:login")  # Nothing pending: start with the password.
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            user = complete_second_step(
                self.request,
                self.pending["challenge"],
                form.cleaned_data["code"],
                purpose=self.pending["for"],
            )
        except SecondStepRefused as refusal:
            form.add_error("code", refusal.default_detail)
            return self.form_invalid(form)
        del self.request.session[PENDING_KEY]
        login(self.request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
        next_url = self.pending["next"]
        if not url_has_allowed_host_and_scheme(
            next_url, {self.request.get_host()}, require_https=self.request.is_secure()
        ):
            next_url = settings.LOGIN_REDIRECT_URL
        return HttpResponseRedirect(next_url)


second_factor_page = SecondFactorPageView.as_view()
