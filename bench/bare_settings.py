"""Settings of the bare floor's server (`make bench`): the floor views behind CommonMiddleware
alone, what a plain Django project starts with, so that the cost of the project's own middleware
stack (logging, CORS, security headers, sessions, CSRF, sign-in checks, JSON errors) shows."""

from bench.settings import *  # noqa: F403

MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
