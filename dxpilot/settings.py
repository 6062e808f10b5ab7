"""dxpilot settings: one file, every value from the environment (documented in .env.example).

Programme policy (ratios, caps, quotas, level thresholds) is data in the programme file, never here.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from dxpilot.core.env import envbool, envint, envlist, envstr, load_dotenv, require

BASE_DIR = Path(__file__).resolve().parent.parent
load_dotenv(BASE_DIR / ".env")

TESTING = "pytest" in sys.modules or envbool("DXPILOT_TESTING", False)
DEBUG = envbool("DXPILOT_DEBUG", False)
PRODUCTION = not DEBUG and not TESTING

SECRET_KEY = require("DXPILOT_SECRET_KEY", envstr("DXPILOT_SECRET_KEY"), production=PRODUCTION) or (
    "insecure-development-key-never-use-in-production"
)
# Fernet keys for field-level encryption, newest first; older keys stay readable for rotation.
FIELD_ENCRYPTION_KEYS = envlist("DXPILOT_FIELD_KEYS", [])
# The assessment kinds whose latest locked level counts for the level targets (after
# transformation: T1 and the T2 follow-up; never the T0 baseline). Hefei plan §三.4.
KPI_LEVEL_KINDS = envlist("DXPILOT_KPI_LEVEL_KINDS", ["onsite_after", "followup"])
require("DXPILOT_FIELD_KEYS", ",".join(FIELD_ENCRYPTION_KEYS), production=PRODUCTION)

ALLOWED_HOSTS = envlist("DXPILOT_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("DXPILOT_CSRF_TRUSTED_ORIGINS", [])
SITE_NAME = envstr("DXPILOT_SITE_NAME", "中小企业数字化转型公共服务平台") or ""

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # serves Swagger UI from its own static files instead of a CDN
    "dxpilot.core",
    "dxpilot.audit",
    "dxpilot.programs",
    "dxpilot.accounts",
    "dxpilot.enterprises",
    "dxpilot.providers",
    "dxpilot.platforms",
    "dxpilot.assessment",
    "dxpilot.projects",
    "dxpilot.funding",
    "dxpilot.parks",
    "dxpilot.matching",
    "dxpilot.training",
    "dxpilot.national",
    "dxpilot.upgrades",
    "dxpilot.mechanisms",
    "dxpilot.cases",
    "dxpilot.policies",
    "dxpilot.finance",
    "dxpilot.dashboard",
    "dxpilot.showcase",
    "dxpilot.exchange",
    "dxpilot.reporting",
    "dxpilot.api",
    "dxpilot.demo",
]

MIDDLEWARE = [
    # First, so every later middleware's log lines and every audit entry carry the request id.
    "dxpilot.core.requestid.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "dxpilot.accounts.middleware.OtpRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "dxpilot.audit.middleware.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dxpilot.urls"
WSGI_APPLICATION = "dxpilot.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "dxpilot" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dxpilot.accounts.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
VAR_DIR = Path(envstr("DXPILOT_VAR_DIR", str(BASE_DIR / "var")) or "var")
DATABASE_URL = envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'dxpilot.sqlite3'}") or ""
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DXPILOT_DB_CONN_MAX_AGE", 0))
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # The same backend, reading decimals stored beyond their precision (dxpilot/core/sqlite3).
    _db["ENGINE"] = "dxpilot.core.sqlite3"
    Path(str(_db["NAME"])).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web process read while the worker writes; IMMEDIATE takes the write lock at
    # BEGIN so two writers queue instead of failing with "database is locked" mid-transaction.
    _db["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
    # In memory unless named; said explicitly so that pytest-xdist (which does not know this
    # backend is SQLite) leaves ":memory:" alone instead of suffixing the file path.
    _db["TEST"] = {"NAME": envstr("DXPILOT_TEST_SQLITE_NAME") or ":memory:"}
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, tasks, storage ------------------------------------------------------------------
REDIS_URL = envstr("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

MEDIA_ROOT = Path(envstr("DXPILOT_MEDIA_ROOT", str(VAR_DIR / "media")) or "media")
STATIC_URL = "static/"
STATIC_ROOT = Path(envstr("DXPILOT_STATIC_ROOT", str(VAR_DIR / "static")) or "static")
# Project-wide static files (app.css, vendored HTMX and ECharts) live outside any app.
STATICFILES_DIRS = [BASE_DIR / "dxpilot" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
UPLOAD_MAX_BYTES = envint("DXPILOT_UPLOAD_MAX_BYTES", 50 * 1024 * 1024)
# Excel import/export (dxpilot.exchange): size and row limits, and what runs inline vs as a job.
DXPILOT_IMPORT_MAX_BYTES = envint("DXPILOT_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
DXPILOT_IMPORT_MAX_ROWS = envint("DXPILOT_IMPORT_MAX_ROWS", 20_000)
DXPILOT_IMPORT_INLINE_BYTES = envint("DXPILOT_IMPORT_INLINE_BYTES", 100 * 1024)
DXPILOT_EXPORT_INLINE_ROWS = envint("DXPILOT_EXPORT_INLINE_ROWS", 2_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Accounts and security ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; tests hash hundreds of passwords.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "dxpilot.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "dxpilot.accounts.validators.MixedCharactersValidator"},
]
# Idle sessions expire: the cookie age slides with every request.
SESSION_COOKIE_AGE = envint("DXPILOT_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION and envbool("DXPILOT_HTTPS", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION and envbool("DXPILOT_HTTPS", True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000

AXES_FAILURE_LIMIT = envint("DXPILOT_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("DXPILOT_LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = envbool("DXPILOT_AXES_ENABLED", True)
AXES_VERBOSE = False
# Officials may be required to use TOTP (see accounts.middleware.OtpRequiredMiddleware).
OTP_REQUIRED_FOR_OFFICIALS = envbool("DXPILOT_OTP_REQUIRED_FOR_OFFICIALS", False)

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["dxpilot.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

DXPILOT_DEFAULT_PROGRAM = envstr("DXPILOT_PROGRAM", "") or ""
DXPILOT_BEHIND_PROXY = envbool("DXPILOT_BEHIND_PROXY", False)

# Human-readable lines by default; DXPILOT_LOG_FORMAT=json writes one JSON object per line
# (time, level, logger, message, request_id) for a log collector.
LOG_FORMAT = envstr("DXPILOT_LOG_FORMAT", "text") or "text"
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"DXPILOT_LOG_FORMAT must be text or json, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "dxpilot.core.logs.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "dxpilot.core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": envstr("DXPILOT_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "jieba": {"level": "WARNING"}},
}
