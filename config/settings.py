"""Settings for every environment.

Development works with nothing set; production sets what differs through the environment
(see `.env.example`). Every environment read happens in this module.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from corsheaders.defaults import default_headers as default_cors_headers
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env file (never committed) is read as if its lines were in the environment.
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

# --- Core ---------------------------------------------------------------------------------------

DEBUG = env.bool("DEBUG", default=True)

SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set in the environment when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key"  # noqa: S105 - never used with DEBUG off

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

# Where the admin site is served: production may move it off the path every scanner tries.
ADMIN_URL = env("ADMIN_URL", default="admin/")

INSTALLED_APPS = [
    "accounts.apps.LimitedPasswordChangeAdminConfig",  # django.contrib.admin
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    # drf-spectacular writes the OpenAPI schema (/api/schema/, committed as docs/openapi.yaml); the
    # sidecar ships Swagger UI and ReDoc as our own static files, so the docs never load from a CDN.
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
    # Before djoser, whose e-mail templates accounts/templates/email/ replaces.
    "accounts",
    "djoser",
    # TOTP devices of two-factor sign-in (accounts/second_factor.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "posts",
]

MIDDLEWARE = [
    "config.middleware.HeadWithoutBodyMiddleware",
    "config.middleware.RequestLogMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.browser_sessions.BrowserLoginMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "accounts.signin.SignInThrottledMiddleware",
    "accounts.second_factor_page.SecondFactorPageMiddleware",
    "api.middleware.ApiUrlCheckMiddleware",
    "api.middleware.MethodNotAllowedFirstMiddleware",
    "api.middleware.ApiErrorsAsJsonMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database and cache -------------------------------------------------------------------------

DATABASES = {
    "default": {
        **env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # A request either saves everything it was sent or nothing. Reads of every URL under /api/
        # run outside a transaction (api/transactions.py): they write nothing, and on SQLite would
        # take the lock.
        "ATOMIC_REQUESTS": True,
        # Connections persist across requests and are checked before reuse, so a database that
        # went away and came back is picked up again without a restart.
        "CONN_MAX_AGE": env.int("CONN_MAX_AGE", default=60),
        "CONN_HEALTH_CHECKS": True,
    },
}
# The options of one engine or the other join those DATABASE_URL may set.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Each transaction takes the write lock when it begins, so concurrent requests queue for it
    # (up to `timeout` seconds) instead of failing with "database is locked" half-way through.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable server fails the request in seconds (503) instead of hanging it.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int(
        "DATABASE_CONNECT_TIMEOUT", default=3
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# With REDIS_URL, every worker and host shares one cache, and with it one count of each throttle.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "blog",
            # A Redis outage costs a request half a second, not a hung worker.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Authentication -----------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.UsernameOrEmailBackend"]

# The browsable API's session login lands on the API root.
LOGIN_REDIRECT_URL = "/api/v1/"

# Argon2 for new and changed passwords; a user with an older hash is upgraded at their next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The largest request body accepted (413 beyond), JSON included: see api/parsers.py.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("MAX_REQUEST_BODY_BYTES", default=1024 * 1024)

# --- Internationalisation and static files ------------------------------------------------------

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# WhiteNoise serves the admin's, the browsable API's and the docs' files; in production from the
# compressed, fingerprinted copies that collectstatic writes.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# In development WhiteNoise serves straight from the apps' folders, as runserver does.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# --- Production hardening (DEBUG off; `manage.py check --deploy` is clean) ----------------------

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Behind a proxy that terminates TLS and sets X-Forwarded-Proto (turn off when there is none:
    # a client could then claim https itself).
    if env.bool("TRUST_X_FORWARDED_PROTO", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Django REST framework ----------------------------------------------------------------------

# THROTTLING=false leaves every scope below without a rate, so nothing is limited: for the test
# harnesses (harness/), whose clients would otherwise trip limits meant for strangers.
THROTTLING = env.bool("THROTTLING", default=True)

REST_FRAMEWORK = {
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "api.parsers.BoundedMultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "api.renderers.OrjsonRenderer",
        # In production the browsable API is for reading: its forms would put objects' fields
        # into HTML pages that browsers and proxies may keep.
        "api.renderers.BrowsableAPIRendererSkipping404"
        if DEBUG
        else "api.renderers.BrowsableAPIRendererWithoutForms",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.CurrentUsernameJWTAuthentication",
        # Personal API tokens, for scripts: `Authorization: Token <secret>`.
        "accounts.authentication.ApiTokenAuthentication",
        # For the browsable API's login at /api-auth/login/.
        "accounts.authentication.EnrolmentFirstSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.BoundedPageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "api.filters.LazyDjangoFilterBackend",
        "api.filters.FullTextSearchFilter",
        "api.filters.StableOrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AtomicAnonRateThrottle",
        "api.throttling.AtomicUserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        scope: rate if THROTTLING else None
        for scope, rate in {
            "anon": env("THROTTLE_ANON_RATE", default="120/minute"),
            "user": env("THROTTLE_USER_RATE", default="600/minute"),
            # The account endpoints' own scopes: see accounts/throttling.py.
            "login": env("THROTTLE_LOGIN_RATE", default="10/minute"),
            "login_account": env("THROTTLE_LOGIN_ACCOUNT_RATE", default="20/hour"),
            "registration": env("THROTTLE_REGISTRATION_RATE", default="10/hour"),
            "activation": env("THROTTLE_ACTIVATION_RATE", default="10/hour"),
            "password_reset": env("THROTTLE_PASSWORD_RESET_RATE", default="5/hour"),
            "username_change": env("THROTTLE_USERNAME_CHANGE_RATE", default="5/hour"),
            # Wrong second-factor codes per account, from anywhere (accounts/second_factor.py).
            "second_factor": env("THROTTLE_SECOND_FACTOR_RATE", default="10/hour"),
        }.items()
    },
    # Clients are identified by REMOTE_ADDR; behind N trusted proxies, set NUM_PROXIES=N so that
    # X-Forwarded-For is read. Trusting it otherwise would let anyone pick their throttle key.
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # drf-spectacular's, plus the error answers every operation shares.
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchemaWithErrors",
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(
        minutes=env.int("ACCESS_TOKEN_LIFETIME_MINUTES", default=15)
    ),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("REFRESH_TOKEN_LIFETIME_DAYS", default=7)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    # `JWT` is djangorestframework-jwt's prefix: its clients send tokens as `JWT <token>`.
    "AUTH_HEADER_TYPES": ("Bearer", "JWT"),
    "TOKEN_OBTAIN_SERIALIZER": "accounts.serializers.TokenObtainPairSerializer",
    "TOKEN_REFRESH_SERIALIZER": "accounts.serializers.TokenRefreshSerializer",
    # Claims of the wrong type are an invalid token (401), not a server error: accounts/tokens.py.
    "AUTH_TOKEN_CLASSES": (
        "accounts.tokens.WellFormedAccessToken",
        # A djangorestframework-jwt client's token (accounts/legacy_jwt.py), minted only with
        # LEGACY_JWT on; its lifetime is that package's JWT_EXPIRATION_DELTA default.
        "accounts.legacy_jwt.LegacyToken",
    ),
    "SLIDING_TOKEN_LIFETIME": timedelta(
        seconds=env.int("LEGACY_JWT_LIFETIME_SECONDS", default=300)
    ),
    "TOKEN_VERIFY_SERIALIZER": "accounts.serializers.TokenVerifySerializer",
    "TOKEN_BLACKLIST_SERIALIZER": "accounts.serializers.TokenBlacklistSerializer",
}

# Links in account e-mails open the SPA, which calls the API with the uid and token. Production
# names it: a development default would mail links to localhost.
FRONTEND_URL = urlsplit(env("FRONTEND_URL", default="http://localhost:5173" if DEBUG else ""))
if FRONTEND_URL.scheme not in ("http", "https") or not FRONTEND_URL.netloc:
    raise ImproperlyConfigured(
        "FRONTEND_URL must be set in the environment to the SPA's address, as "
        "https://blog.example, when DEBUG is off: account e-mails link there."
    )

# A rotated refresh token presented again this soon is a second tab refreshing at the same moment
# (it gets a new pair); later, a stolen copy (its whole login is revoked).
REFRESH_TOKEN_REUSE_GRACE = timedelta(
    seconds=env.int("REFRESH_TOKEN_REUSE_GRACE_SECONDS", default=10)
)
# However often its refresh token is rotated, a login ends this long after the password was typed
# (OWASP ASVS 10.4.8): rotation never sets a refresh token's expiry past it.
REFRESH_TOKEN_ABSOLUTE_LIFETIME = timedelta(
    days=env.int("REFRESH_TOKEN_ABSOLUTE_LIFETIME_DAYS", default=30)
)

# djangorestframework-jwt's endpoints for its clients (api-token-auth/, api-token-refresh/,
# api-token-verify/ under /api/v1/): off unless such clients must keep working unchanged, since
# their one token is refreshed without rotation, so a stolen copy lasts as long as the chain.
LEGACY_JWT = env.bool("LEGACY_JWT", default=False)
# How long after the sign-in a chain of them can be refreshed (that package's
# JWT_REFRESH_EXPIRATION_DELTA), never past a login's absolute lifetime.
LEGACY_JWT_MAX_AGE = min(
    timedelta(days=env.int("LEGACY_JWT_MAX_AGE_DAYS", default=7)), REFRESH_TOKEN_ABSOLUTE_LIFETIME
)

# Two-factor sign-in (accounts/second_factor.py). Staff without it can only enrol when required.
MFA_REQUIRED_FOR_STAFF = env.bool("MFA_REQUIRED_FOR_STAFF", default=False)
# How long the challenge between a right password and its code lasts.
MFA_CHALLENGE_LIFETIME = timedelta(seconds=env.int("MFA_CHALLENGE_LIFETIME_SECONDS", default=300))
# The name authenticator apps show beside the username.
OTP_TOTP_ISSUER = env("SITE_NAME", default="Blog API")
# One step (30 s) of clock drift either side, never widened by a drift learnt from past codes.
OTP_TOTP_SYNC = False
# Wrong codes are limited per account by the `second_factor` throttle (a 429 with Retry-After);
# django-otp's own back-off would only make a right code fail silently after a wrong one.
OTP_TOTP_THROTTLE_FACTOR = 0

DJOSER = {
    "TOKEN_MODEL": None,  # JWT only: no DRF auth tokens.
    "HIDE_USERS": True,
    "SEND_ACTIVATION_EMAIL": env.bool("ACCOUNT_ACTIVATION", default=True),
    "EMAIL_FRONTEND_PROTOCOL": FRONTEND_URL.scheme,
    "EMAIL_FRONTEND_DOMAIN": FRONTEND_URL.netloc,
    "EMAIL_FRONTEND_SITE_NAME": env("SITE_NAME", default="Blog API"),
    "ACTIVATION_URL": "activate/{uid}/{token}",
    "PASSWORD_RESET_CONFIRM_URL": "reset-password/{uid}/{token}",
    "USERNAME_RESET_CONFIRM_URL": "reset-username/{uid}/{token}",
    "EMAIL": {
        "activation": "accounts.email.ActivationEmail",
        "password_reset": "accounts.email.PasswordResetEmail",
        "username_reset": "accounts.email.UsernameResetEmail",
    },
    "SERIALIZERS": {
        "user_create": "accounts.serializers.UserCreateSerializer",
        "user": "accounts.serializers.UserSerializer",
        "current_user": "accounts.serializers.UserSerializer",
        "password_reset": "accounts.serializers.SendEmailResetSerializer",
        "username_reset": "accounts.serializers.SendEmailResetSerializer",
        "set_username": "accounts.serializers.SetUsernameSerializer",
        "set_password": "accounts.serializers.SetPasswordSerializer",
        "user_delete": "accounts.serializers.UserDeleteSerializer",
        "username_reset_confirm": "accounts.serializers.UsernameResetConfirmSerializer",
        "activation": "accounts.serializers.ActivationSerializer",
        "password_reset_confirm": "accounts.serializers.PasswordResetConfirmSerializer",
    },
}

# --- API schema and docs ------------------------------------------------------------------------

SPECTACULAR_SETTINGS = {
    "TITLE": "Blog API",
    "DESCRIPTION": (
        "Posts, categories, tags, comments and likes, with user accounts and JWT authentication. "
        "Send `Authorization: Bearer <access>` with a token from `/api/v1/auth/jwt/create/`. "
        'Errors are JSON: `{"detail": "..."}`, or `{"field": ["message"]}` for validation.'
    ),
    "VERSION": "1.0.0",
    # Relative, like SERVERS: api/urls.py serves the LICENSE file there.
    "LICENSE": {"name": "Proprietary: all rights reserved", "url": "/api/license/"},
    # Relative: Swagger UI and clients reach the server that serves the schema (or their base URL).
    "SERVERS": [{"url": "/", "description": "The server this schema comes from."}],
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "SERVE_INCLUDE_SCHEMA": False,
    # Separate request and response components: read-only fields appear in answers only.
    "COMPONENT_SPLIT_REQUEST": True,
    "TAGS": [
        {"name": "Auth", "description": "JWT sign-in, refresh and logout."},
        {"name": "Users", "description": "Registration and your account (Djoser)."},
        {"name": "Posts", "description": "Articles: drafts for their author, published for all."},
        {"name": "Comments", "description": "The comments of one post."},
        {"name": "Likes", "description": "Liking and unliking a post."},
        {"name": "Categories", "description": "Sections of the blog; staff manage them."},
        {"name": "Tags", "description": "Keywords; posts create them, staff manage them."},
        {"name": "Authors", "description": "Public author profiles."},
    ],
    "ENUM_NAME_OVERRIDES": {
        "PostStatusEnum": "posts.models.Post.Status",
        "LoginKindEnum": "accounts.models.Login.Kind",
        "TokenScopeEnum": "accounts.models.ApiToken.Scope",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema_hooks.bearer_first",
        "api.schema_hooks.parameters_reuse_enums",
        "api.schema_hooks.describe_fields_by_name",
    ],
    # The API takes JSON. The browsable API's HTML forms post form data too, but a form cannot
    # say null, an empty list or a number, so the schema documents JSON bodies only.
    "PARSER_WHITELIST": ["rest_framework.parsers.JSONParser"],
    # Public unless API_DOCS_PUBLIC=false, which leaves the schema and both pages to staff: the
    # schema is the public contract of the API (docs/openapi.yaml), and shows no data.
    "SERVE_PERMISSIONS": [
        "rest_framework.permissions.AllowAny"
        if env.bool("API_DOCS_PUBLIC", default=True)
        else "rest_framework.permissions.IsAdminUser"
    ],
    # Signing in first: the Auth group reads in the order a client calls it.
    "SORT_OPERATIONS": "api.schema_hooks.sign_in_first",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The patterns are for validators and generated clients; the fields' descriptions say the
    # same in words for readers.
    "REDOC_UI_SETTINGS": {"hideSchemaPattern": True},
    # No validator badge: Swagger UI would send the schema to validator.swagger.io. The token
    # typed into Authorize stays in the page, never in localStorage, where any script of the
    # origin could read it after the tab is closed.
    "SWAGGER_UI_SETTINGS": {
        "deepLinking": True,
        "persistAuthorization": False,
        "validatorUrl": None,
    },
}

# --- E-mail -------------------------------------------------------------------------------------

# consolemail:// prints e-mails in development; production sets smtp+tls://user:password@host:587.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Blog API <noreply@localhost>")

# --- Task queue (Celery) ------------------------------------------------------------------------

# Mail and housekeeping run on Celery workers (`make worker`, `make beat`), fed through Redis: the
# cache's (REDIS_URL) unless CELERY_BROKER_URL names another. With neither (development, the test
# suite), a task runs in-process when it is queued, so nothing else has to run.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# A task is acknowledged once it has finished, not when a worker takes it: a worker that dies
# mid-task (killed, out of memory, its host lost) leaves the task to the next one. Tasks are
# therefore written to be run twice safely. One task is reserved at a time, so none waits behind a
# slow one in a worker's hands.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis gives a task taken but not acknowledged to another worker after this long. It must exceed
# the longest a task waits in a worker's hands (a retry's or a batch's countdown: ten minutes at
# most), or that task would run twice.
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT_SECONDS", default=60 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # How often each worker looks for such tasks: kombu's default scans every 100 s, which would
    # add up to that much to a short timeout.
    "unacked_restore_interval": max(1, min(10, CELERY_VISIBILITY_TIMEOUT // 3)),
    "unacked_restore_throttle": 1,
}
# Nothing reads a task's return value: no result backend to fill.
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Queuing fails within a second or two when Redis is unreachable, instead of holding the request.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5}
# Comments on one author's posts that arrive within this many seconds of the first go in one
# e-mail to them (posts/notifications.py).
COMMENT_EMAIL_BATCH_SECONDS = env.int("COMMENT_EMAIL_BATCH_SECONDS", default=5 * 60)
# What the scheduler (`make beat`) queues, and when.
CELERY_BEAT_SCHEDULE = {
    "overdue-comment-emails": {
        "task": "posts.tasks.send_overdue_comment_notifications",
        "schedule": COMMENT_EMAIL_BATCH_SECONDS,
    },
    "remove-expired-sign-ins": {
        "task": "accounts.tasks.remove_expired_sign_ins",
        "schedule": crontab(hour=3, minute=0),
    },
    "check-post-counters": {
        "task": "posts.tasks.check_post_counters",
        "schedule": crontab(hour=3, minute=30),
    },
}
# Workers log through LOGGING below, in the same format as the web processes.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = TIME_ZONE

# --- CORS ---------------------------------------------------------------------------------------

# Production names its own origins (or none, set empty): the development ones below would be
# trusted with credentials.
if not DEBUG and "CORS_ALLOWED_ORIGINS" not in env.ENVIRON:
    raise ImproperlyConfigured(
        "CORS_ALLOWED_ORIGINS must be set in the environment when DEBUG is off: the origins of "
        "the SPAs that call the API, comma-separated (empty for none)."
    )
CORS_ALLOWED_ORIGINS = env.list(
    "CORS_ALLOWED_ORIGINS",
    # The usual dev-server ports of React/Next and Vite, and the example SPA (examples/spa/).
    default=["http://localhost:3000", "http://localhost:5173", "http://localhost:5500"],
)
# Browsers send the refresh cookie (cookie mode) to allowed origins only, and only with the
# cookie-mode header, which a cross-origin request can send only after a preflight CORS accepts.
CORS_ALLOW_CREDENTIALS = True
CORS_ALLOW_HEADERS = [*default_cors_headers, "x-auth-cookie"]
CORS_EXPOSE_HEADERS = ["X-Request-ID"]

# --- SPA session mode: the refresh token in an HttpOnly cookie ---------------------------------

REFRESH_COOKIE = {
    "name": "refresh_token",
    "path": "/api/v1/auth/jwt/",
    "secure": env.bool("REFRESH_COOKIE_SECURE", default=not DEBUG),
    "samesite": "Lax",
}

# --- Logging ------------------------------------------------------------------------------------

# One JSON object per line in production, for log collectors; plain text in development.
LOG_FORMAT = env("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "config.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # The request log already has every 4xx; keep Django's own lines for errors.
        "django.request": {"level": "ERROR"},
        # Without this, runserver would print each request a second time.
        "django.server": {"level": "WARNING"},
    },
}
