"""Django settings for Veier, read from the environment.

Every value that differs between a laptop and a kommune's server comes from an environment
variable, so the same code runs everywhere. Defaults are for development; when DEBUG is off the
production defaults below (secure cookies, HSTS, a required SECRET_KEY) take over.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("VEIER_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not env_bool("VEIER_ALLOW_INSECURE_KEY", False):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "veier-development-key-not-for-production"  # noqa: S105 - development only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if not DEBUG else "*")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "veier.core",
    "veier.reference",
    "veier.accounts",
    "veier.organisations",
    "veier.registry",
    "veier.directory",
    "veier.collaborations",
    "veier.advisor",
    "veier.impact",
    "veier.matching",
    "veier.challenges",
    "veier.funding",
    "veier.cases",
    "veier.stats",
    "veier.opendata",
    "veier.api",
    # --- Trust (issue 8): security, audit, privacy, backups ---
    "ninja",  # serves the API docs' Swagger UI from our own static files, so the CSP allows it
    "csp",
    "axes",
    "veier.audit",
    "veier.privacy",
    "veier.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "veier.core.middleware.RejectNulCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # --- Trust (issue 8): Content-Security-Policy header; axes last, so it sees the login outcome ---
    "csp.middleware.CSPMiddleware",
    "veier.audit.context.RequestContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "veier.urls"
WSGI_APPLICATION = "veier.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "veier.core.context_processors.navigation",
            ],
        },
    }
]

# Database: SQLite under var/ by default, PostgreSQL in production via DATABASE_URL.
DEFAULT_SQLITE_URL = f"sqlite:///{VAR_DIR / 'veier.sqlite3'}"
DATABASE_URL = os.environ.get("DATABASE_URL") or DEFAULT_SQLITE_URL
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # An unreachable database should give a 503 in seconds, not after the kernel's TCP timeouts
    # (libpq waits forever by default). `?connect_timeout=` in DATABASE_URL overrides it.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
# Every write is in a transaction: views run atomically and services open their own blocks.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Inactive (unconfirmed) users reach the login form's own check, which says what to do.
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.AllowAllUsersModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# How long a sign-up confirmation or invitation link stays valid.
ACCOUNT_CONFIRMATION_MAX_AGE = 60 * 60 * 24 * 3
INVITATION_MAX_AGE_DAYS = 14

# Bokmål first; nynorsk and English through gettext.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norsk bokmål")), ("nn", _("Norsk nynorsk")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "veier_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    # Uploads live in the database: instances share nothing else, and backups include them.
    "default": {"BACKEND": "veier.ops.storage.DatabaseStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"
WHITENOISE_USE_FINDERS = DEBUG

# E-mail: printed to the console unless an SMTP server is configured.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Veier <ikke-svar@veier.localhost>")

# Security: the production defaults apply whenever DEBUG is off.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = False
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Trust (issue 8): Content-Security-Policy, login lock-out, API rate limits ---------------------
# Everything the pages need comes from our own origin: no inline scripts or styles, no eval. Designsystemet's
# CSS draws some icons with data: SVG URLs, hence img-src data:.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
# django-axes: five wrong passwords for the same e-mail address from the same IP address lock that pair
# out for 15 minutes. Keying on the pair stops password guessing without letting a stranger lock
# someone out from elsewhere.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", *AUTHENTICATION_BACKENDS]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "security/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"  # the login form's field; the user model's USERNAME_FIELD is "email"
AXES_USERNAME_CALLABLE = "veier.ops.lockout.attempted_username"
AXES_VERBOSE = False
# The client's address: REMOTE_ADDR, unless VEIER_PROXY_COUNT says how many reverse proxies add
# X-Forwarded-For (a client could otherwise forge the header to dodge lock-out and rate limits).
VEIER_PROXY_COUNT = int(os.environ.get("VEIER_PROXY_COUNT", "0"))
AXES_IPWARE_PROXY_COUNT = VEIER_PROXY_COUNT or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if VEIER_PROXY_COUNT else ["REMOTE_ADDR"]
NINJA_NUM_PROXIES = VEIER_PROXY_COUNT
# HSTS preloading commits the whole registered domain (often a kommune's) to HTTPS in browsers for
# good; that is the domain owner's decision, not the application's, so check --deploy need not ask.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Calls per client address on the public calculation endpoints (advisor, SROI, matching).
VEIER_API_CALCULATION_RATE = os.environ.get("VEIER_API_CALCULATION_RATE", "60/min")
# Matching: "e5" (multilingual-e5-small) or "hashing" (fast, deterministic, weaker); OpenMP threads per
# process for E5 (1 suits web workers that share the cores; more helps a batch `veier embed-profiles`).
VEIER_EMBEDDER = os.environ.get("VEIER_EMBEDDER", "e5")
VEIER_E5_THREADS = int(os.environ.get("VEIER_E5_THREADS", "1"))
# Open data (veier.opendata.conf): identifiers and publisher of the 360Giving and OCDS exports. The
# defaults are placeholders until the operator registers real prefixes with 360Giving and OCP.
VEIER_360GIVING_PREFIX = os.environ.get("VEIER_360GIVING_PREFIX", "")
VEIER_OCDS_PREFIX = os.environ.get("VEIER_OCDS_PREFIX", "")
VEIER_OPEN_DATA_PUBLISHER = os.environ.get("VEIER_OPEN_DATA_PUBLISHER", "")
VEIER_OPEN_DATA_LICENSE = os.environ.get("VEIER_OPEN_DATA_LICENSE", "")
# --- end Trust ----------------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint and fontTools log every step of a PDF at INFO; only problems matter here.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
# --- Trust (issue 8): no e-mail addresses in the logs. Every handler masks them, and Django's own
# loggers (request lines from runserver included) go through the same masked handler.
LOGGING["filters"] = {"mask_personal_data": {"()": "veier.ops.logfilters.MaskEmailAddresses"}}
LOGGING["handlers"]["console"]["filters"] = ["mask_personal_data"]
LOGGING["loggers"]["django"] = {"handlers": ["console"], "level": "INFO", "propagate": False}
LOGGING["loggers"]["django.server"] = {"handlers": ["console"], "level": "INFO", "propagate": False}
# --- end Trust ---

