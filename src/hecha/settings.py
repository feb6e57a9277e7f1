"""Django settings. Everything the program writes lives under $HECHA_HOME (CONTRACT.md §1)."""

import os
from pathlib import Path

import dj_database_url

from hecha import faults, private

BASE_DIR = Path(__file__).resolve().parent
# Everything written from here on is private to Hecha's user: 0700 folders, 0600 files.
private.restrict_umask()
HECHA_HOME = Path(os.environ.get("HECHA_HOME", "./var")).resolve()
# -- ops: a HECHA_HOME that is missing, read-only or full is said in Chinese by every command
# (exit 4) and page (503) instead of a traceback (hecha.faults, hecha.faultpages).
HECHA_HOME_PROBLEM = faults.prepare_home(HECHA_HOME)  # None when it can be written
# -- end ops


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, "") or default)
    except ValueError:
        return default


def _secret_key() -> str:
    """A per-installation key kept in HECHA_HOME, so no secret ships with the code."""
    if key := os.environ.get("HECHA_SECRET_KEY"):
        return key
    path = HECHA_HOME / "secret_key"
    if HECHA_HOME_PROBLEM and not path.is_file():
        # nothing can be served (hecha.faultpages.HomeGuard); the key only lets Django start
        from django.core.management.utils import get_random_secret_key

        return get_random_secret_key()
    if not path.exists():
        from django.core.management.utils import get_random_secret_key

        private.write_text(path, get_random_secret_key())
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("HECHA_DEBUG", "") == "1"
ALLOWED_HOSTS = [
    h
    for h in os.environ.get("HECHA_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # its Swagger UI and ReDoc assets, served from here rather than a CDN
    "axes",
    "csp",
    "hecha.accounts",
    "hecha.calendars",
    "hecha.registry",
    "hecha.checks",
    "hecha.cases",
    "hecha.documents",
    "hecha.audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "hecha.faultpages.HomeGuard",  # ops: an unusable HECHA_HOME answers 503 before any write
    "hecha.uploads.UploadLimits",  # before anything reads a request body
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "hecha.accounts.middleware.IdleSessions",
    "hecha.middleware.ApiJsonErrors",
    "hecha.busy.BusyRetryLater",  # perf: a lock wait that ran out answers 503, not 500
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hecha.urls"
WSGI_APPLICATION = "hecha.wsgi.application"

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
                "hecha.navigation.menu",  # desk-lists: the main menu, current item marked
            ],
            "builtins": ["hecha.paths"],  # {% path %}: {% url %} for the rows of long lists
        },
    },
]


BUSY_SECONDS = _env_int("HECHA_DB_BUSY_SECONDS", 3)


def _database() -> dict:
    url = os.environ.get("HECHA_DATABASE_URL") or f"sqlite:///{HECHA_HOME / 'hecha.sqlite3'}"
    db = dj_database_url.parse(url, conn_max_age=0)
    if db["ENGINE"] == "django.db.backends.postgresql":
        # -- perf: persistent connections (a new PostgreSQL connection per request cost more
        # than most pages), checked before reuse so a restarted server is not an error page
        db["CONN_MAX_AGE"] = _env_int("HECHA_CONN_MAX_AGE", 300)
        db["CONN_HEALTH_CHECKS"] = True
        # a write waits at most this long for a lock, then the user is asked to retry (503)
        db.setdefault("OPTIONS", {})["options"] = f"-c lock_timeout={BUSY_SECONDS * 1000}"
    if db["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets pages read while an import writes; IMMEDIATE avoids lock upgrades mid-transaction.
        db["OPTIONS"] = {
            # temp tables of a comparison in memory; a larger page cache for national scale
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                " PRAGMA temp_store=MEMORY; PRAGMA cache_size=-131072;"
            ),
            "transaction_mode": "IMMEDIATE",
            # a write waits at most this long for the write lock, then the user is asked to
            # retry (hecha.busy: 503); imports write in short transactions (README "Imports")
            "timeout": BUSY_SECONDS,
        }
        db.setdefault("TEST", {})["NAME"] = os.environ.get("HECHA_TEST_SQLITE")  # None: in memory
    return db


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(HECHA_HOME / "cache"),
    },
    # Sessions live here, not in the database: renewing a session's expiry (once a minute
    # while its user is active) must never wait behind a long import's write lock on SQLite.
    "sessions": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(HECHA_HOME / "sessions"),
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}
SESSION_ENGINE = "django.contrib.sessions.backends.cache"
SESSION_CACHE_ALIAS = "sessions"

# -- accounts: GB/T 22239-2019 (等保 2.0) 8.1.4.1 a) complexity, b) login failures and idle
# sessions; the numbers are settings (README "Security").
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out username before the password
    "django.contrib.auth.backends.ModelBackend",
]
HECHA_PASSWORD_MIN_LENGTH = _env_int("HECHA_PASSWORD_MIN_LENGTH", 10)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "hecha.accounts.passwords.MinimumLength",
        "OPTIONS": {"min_length": HECHA_PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "hecha.accounts.passwords.CharacterClassValidator", "OPTIONS": {"classes": 3}},
]
# django-axes: after 5 failed logins a username is locked for 30 minutes, or until an
# administrator lifts it (admin "访问尝试", or `hecha user unlock NAME`).
AXES_FAILURE_LIMIT = _env_int("HECHA_LOGIN_FAILURES", 5)
AXES_COOLOFF_TIME = _env_int("HECHA_LOCKOUT_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "hecha.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "hecha.clientip.client_ip"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False
HECHA_TRUSTED_PROXIES = _env_int("HECHA_TRUSTED_PROXIES", 0)
# A session ends after this long without a request (touched at most once a minute).
SESSION_COOKIE_AGE = _env_int("HECHA_SESSION_IDLE_MINUTES", 120) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# API tokens last this many days unless `hecha user token NAME --days N` says otherwise.
HECHA_TOKEN_DAYS = _env_int("HECHA_TOKEN_DAYS", 90)
# Password reset by mail only where mail can be sent.
EMAIL_HOST = os.environ.get("HECHA_EMAIL_HOST", "")
EMAIL_PORT = _env_int("HECHA_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("HECHA_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("HECHA_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("HECHA_EMAIL_TLS", "") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("HECHA_EMAIL_FROM", "hecha@localhost")
HECHA_PASSWORD_RESET = bool(EMAIL_HOST)
# -- desk-case: reminders before a legal deadline (on the queue page; mailed by the sweep when
# HECHA_EMAIL_HOST is set), this many calendar days ahead
HECHA_REMINDER_DAYS = _env_int("HECHA_REMINDER_DAYS", 3)
# -- end desk-case

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]  # desk-lists: what Django's zh_Hans catalogue lacks (admin)
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]  # the project's own assets, vendored htmx included
STATIC_ROOT = HECHA_HOME / "static"
if not HECHA_HOME_PROBLEM:
    STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

MEDIA_ROOT = HECHA_HOME / "files"
# Request bodies are limited per page before they are read (hecha.uploads.UploadLimits);
# these are Django's own limits on what it keeps in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# The public copy check (/verify/<code>): uploads per client address.
HECHA_VERIFY_RATE = os.environ.get("HECHA_VERIFY_RATE", "10/m")
RATELIMIT_USE_CACHE = "default"

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

# -- behind TLS (HECHA_HTTPS=1): cookies only over HTTPS, HSTS, and the scheme the TLS proxy
# in front says in X-Forwarded-Proto (the proxy must set it, and strip it from clients).
HECHA_HTTPS = os.environ.get("HECHA_HTTPS", "") == "1"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HECHA_HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HECHA_HTTPS else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HECHA_HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# -- Content-Security-Policy (django-csp): scripts and styles from our own static files only;
# no inline script, no style attribute, nothing from another origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
CSRF_FAILURE_VIEW = "hecha.views.csrf_failure"

# Documents: the address printed in verification QR codes, and the date style of documents
# ("arabic": 2026年11月24日, as GB/T 9704-2012 prints it; "chinese": 二〇二六年十一月二十四日).
HECHA_PUBLIC_URL = os.environ.get("HECHA_PUBLIC_URL", "http://127.0.0.1:8000")
HECHA_DATE_STYLE = os.environ.get("HECHA_DATE_STYLE", "arabic")
# A demonstration deployment (HECHA_DEMO=1, or a database loaded by `hecha demo`, which leaves
# $HECHA_HOME/demo): documents may carry a loopback verification address and demo contacts.
# Anywhere else Hecha refuses to issue a document whose QR code points at this machine.
HECHA_DEMO = os.environ.get("HECHA_DEMO", "") == "1"


# -- queue and many servers (issue 12) ---------------------------------------------------------
# Jobs (hecha.jobs) run on huey: SQLite in $HECHA_HOME, or Redis at HECHA_REDIS_URL, where
# several servers share the queue, the cache and the sessions. Evidence and uploads go through
# Django's storage: the file system under $HECHA_HOME/files, or an S3-compatible store
# (django-storages) when HECHA_S3_BUCKET is set (README "Deployment").
INSTALLED_APPS.append("hecha.jobs")
HECHA_REDIS_URL = os.environ.get("HECHA_REDIS_URL", "")
HECHA_JOBS_IN_BACKGROUND = True
# one Redis may serve several installations: names carry the database's name
HECHA_QUEUE_NAME = "hecha-" + Path(str(DATABASES["default"]["NAME"])).name
if HECHA_REDIS_URL:
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                         "LOCATION": HECHA_REDIS_URL, "KEY_PREFIX": HECHA_QUEUE_NAME}  # fmt: skip
    CACHES["sessions"] = {**CACHES["default"], "KEY_PREFIX": HECHA_QUEUE_NAME + "-session"}
elif DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    # PostgreSQL without Redis: sessions in the database, which every server shares
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
MEDIA_ROOT = Path(os.environ.get("HECHA_FILES_DIR") or HECHA_HOME / "files").resolve()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if os.environ.get("HECHA_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["HECHA_S3_BUCKET"],
            "endpoint_url": os.environ.get("HECHA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("HECHA_S3_REGION") or None,
            "access_key": os.environ.get("HECHA_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("HECHA_S3_SECRET_KEY") or None,
            "location": os.environ.get("HECHA_S3_PREFIX", "hecha"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
