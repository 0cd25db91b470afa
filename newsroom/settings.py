"""Newsroom settings. Everything deployment-specific comes from the environment.

DJANGO_SECRET_KEY  required when DJANGO_DEBUG is off
DJANGO_DEBUG       "1"/"true" for development; off by default
DATABASE_URL       any dj-database-url URL; defaults to a local SQLite file
NEWSROOM_CACHE_URL any django-cache-url URL; defaults to a table in that database (shared by every process)
NEWSROOM_PAGE_CACHE_URL  where public pages are cached (django-cache-url): redis://host:6379/1 (shared by
                   every process and server), locmem://newsroom-pages?max_entries=1000 (each process;
                   the default), file:///path, or dummy:// (off)
ALLOWED_HOSTS      comma-separated host names
NEWSROOM_WEBHOOK_ALLOW_PRIVATE  "1" lets webhooks go to loopback and private addresses (a local receiver in
                   development and tests); off by default, and never in production
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
import django_cache_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for local development).")
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "editorial.admin_site.NewsroomAdminConfig",  # django.contrib.admin with the project's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "django_countries",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "django_tasks_db",
    "core",
    "editorial",
    "people",
    "events",
    "articles",
    "demo",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "newsroom.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Public pages from the version-keyed cache (core/caching.py): before everything a cached page can skip.
    "core.caching.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses logins while an account or a client address is locked out; must come first.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "newsroom.context_processors.site",
            ],
        },
    },
    {
        # The public issue and article pages (newsroom/jinja2.py); base.html and a few includes are shared.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2", BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "newsroom.jinja2.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "newsroom.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent editors on SQLite: WAL lets readers run beside the one writer; IMMEDIATE transactions take
    # the write lock when they begin, so a second writer waits for it (up to `timeout` seconds) instead of
    # failing with "database is locked" when its read lock cannot be upgraded mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("NEWSROOM_SQLITE_TIMEOUT", "20")),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        **DATABASES["default"].get("OPTIONS", {}),
    }


def cache_config(env: str, default: str) -> dict:
    """Django's CACHES entry for the django-cache-url URL in the environment variable `env` (else `default`).

    Raises ImproperlyConfigured naming the variable when the URL names no backend django-cache-url knows.
    """
    url = os.environ.get(env) or default
    try:
        return django_cache_url.parse(url)
    except Exception as error:  # django-cache-url raises a bare Exception for an unknown scheme
        raise ImproperlyConfigured(
            f"{env}={url!r}: {error}; use redis://HOST:PORT/DB, locmem://NAME, file:///PATH, db://TABLE or dummy://."
        ) from error


CACHES = {
    # The cache every process of the site shares: the content API's per-key rate limits count across all
    # web workers and servers. By default the table `newsroom_cache` in the database above, which `migrate`
    # creates (api/migrations/0002_shared_cache_table.py); it holds one row per API key, far below the entry
    # limit at which Django's database cache starts dropping rows. A per-process cache fails `check --deploy`.
    "default": cache_config("NEWSROOM_CACHE_URL", "db://newsroom_cache?max_entries=100000"),
    # Public pages (core/caching.py). Per process memory is correct with any number of processes: the
    # content version is read from the database on every request. Pages are 5–250 kB, hence the bound.
    "pages": cache_config("NEWSROOM_PAGE_CACHE_URL", "locmem://newsroom-pages?max_entries=1000"),
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("zh-hans", "Simplified Chinese"),
    ("ru", "Russian"),
    ("ja", "Japanese"),
    ("fr", "French"),
    ("es", "Spanish"),
]
TIME_ZONE = "UTC"
# One date and time style wherever a format is not spelled out (the admin's fields, lists and logs):
# “2022-02-01 09:30 UTC”, see core/formats/.
FORMAT_MODULE_PATH = ["core.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Uploads: refuse oversized requests early; image limits are enforced by validators.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
NEWSROOM_MAX_IMAGE_BYTES = int(os.environ.get("NEWSROOM_MAX_IMAGE_BYTES", 8 * 1024 * 1024))
NEWSROOM_MAX_IMAGE_PIXELS = int(os.environ.get("NEWSROOM_MAX_IMAGE_PIXELS", 40_000_000))
# PDF newsletters to import (articles/exchange/pdfimport.py): the upload limit, and the folder that
# keeps each imported issue's original PDF for staff (outside MEDIA_ROOT: never served by URL).
NEWSROOM_MAX_PDF_BYTES = int(os.environ.get("NEWSROOM_MAX_PDF_BYTES", 50 * 1024 * 1024))
NEWSROOM_PRIVATE_ROOT = Path(os.environ.get("DJANGO_PRIVATE_ROOT", BASE_DIR / "private"))

NEWSROOM_SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "Newsroom")
# The admin index lists these apps first (editors' work), then the others (accounts, login throttling) by name.
NEWSROOM_ADMIN_APP_ORDER = ["articles", "events", "people", "api"]

# Content-Security-Policy (Django's built-in middleware, see newsroom/middleware.py). The public site runs
# no script of its own: only same-origin files, and inline ones only with the response's nonce; no
# inline styles. The admin keeps Django's inline style attributes working (styles only, never scripts).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
NEWSROOM_ADMIN_CSP = {**SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}

LOGIN_URL = "admin:login"
# Where a login lands when its `next` is missing or points off the site (Django's default is a 404).
LOGIN_REDIRECT_URL = "admin:index"

# Login throttling (django-axes): after NEWSROOM_LOGIN_FAILURES wrong passwords for one account, or from
# one client address, further logins for it are refused for NEWSROOM_LOGIN_COOLOFF_MINUTES. A successful
# login clears an account's count; staff unlock earlier under Admin → Axes → Access attempts (delete the
# attempts) or with `manage.py axes_reset`.
AXES_FAILURE_LIMIT = int(os.environ.get("NEWSROOM_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("NEWSROOM_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one: an account, or an address
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_VERBOSE = False  # lockouts are still logged as warnings; not every login at INFO
# The client address is REMOTE_ADDR unless DJANGO_PROXY_COUNT names how many trusted proxies add to
# X-Forwarded-For; trusting that header without a proxy would let anyone pick a fresh address per try.
AXES_IPWARE_PROXY_COUNT = int(os.environ["DJANGO_PROXY_COUNT"]) if os.environ.get("DJANGO_PROXY_COUNT") else None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if AXES_IPWARE_PROXY_COUNT else ("REMOTE_ADDR",)
)

# Security: safe defaults whenever DEBUG is off (manage.py check --deploy is clean).
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Background tasks (Django's tasks framework): webhook deliveries to union members. The database
# backend keeps the queue in the project's database; `manage.py db_worker` runs it (`make run` starts
# one beside the web server).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Union content exchange API (api/): Django REST framework, OpenAPI schema by drf-spectacular.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.HasValidKey"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiKeyRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api_key": os.environ.get("NEWSROOM_API_RATE", "600/minute")},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "api.parsers.MarkdownParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom union content exchange API",
    "DESCRIPTION": "Published articles, issues and events as IPTC ninjs 2.1, a change feed, webhooks and "
    "manuscript submission for member organisations of a union. Authenticate with `Authorization: Bearer <key>`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
}
# The site's public address: absolute links in webhook pushes, which have no request to take it from.
NEWSROOM_SITE_URL = os.environ.get("NEWSROOM_SITE_URL", "http://127.0.0.1:8000/")
# Plain HTTP is refused by the API (403) unless this is off; on by default whenever DEBUG is off.
NEWSROOM_API_REQUIRE_HTTPS = env_bool("NEWSROOM_API_REQUIRE_HTTPS", default=not DEBUG)
# Largest API request body (a manuscript with its images), in bytes; larger ones get 413.
NEWSROOM_API_MAX_REQUEST_BYTES = int(os.environ.get("NEWSROOM_API_MAX_REQUEST_BYTES", 8 * 1024 * 1024))
# The change feed lists a change only once it is this many seconds old, so a transaction that
# committed late (its change time was taken before commit) cannot slip behind a cursor already handed out.
NEWSROOM_API_FEED_SETTLE_SECONDS = float(os.environ.get("NEWSROOM_API_FEED_SETTLE_SECONDS", 5))
# Webhook deliveries: attempts in all, and the first retry's delay in seconds (doubled each time).
NEWSROOM_WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("NEWSROOM_WEBHOOK_MAX_ATTEMPTS", 6))
NEWSROOM_WEBHOOK_RETRY_SECONDS = float(os.environ.get("NEWSROOM_WEBHOOK_RETRY_SECONDS", 30))
NEWSROOM_WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("NEWSROOM_WEBHOOK_TIMEOUT_SECONDS", 10))
# Webhooks go to public internet addresses only (api/destinations.py: no 127.0.0.1, 10.x, 169.254.169.254,
# localhost…, at registration and on every connection). On only for a local receiver in development and tests:
# it lets members make the server POST into its own network. `check --deploy` warns when it is on with DEBUG off.
NEWSROOM_WEBHOOK_ALLOW_PRIVATE = env_bool("NEWSROOM_WEBHOOK_ALLOW_PRIVATE", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # Django's own "django" logger has a console handler in debug mode and also passes its records on to the root's:
    # every line (runserver's, the task worker's "Task … SUCCESSFUL") was written twice. The root's handler writes them.
    "loggers": {"django": {"handlers": [], "level": "INFO"}},
}
