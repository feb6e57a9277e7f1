"""Django settings. Everything the program writes lives under $HECHA_HOME (CONTRACT.md §1)."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
HECHA_HOME = Path(os.environ.get("HECHA_HOME", "./var")).resolve()
HECHA_HOME.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """A per-installation key kept in HECHA_HOME, so no secret ships with the code."""
    if key := os.environ.get("HECHA_SECRET_KEY"):
        return key
    path = HECHA_HOME / "secret_key"
    if not path.exists():
        from django.core.management.utils import get_random_secret_key

        path.write_text(get_random_secret_key(), encoding="utf-8")
        path.chmod(0o600)
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
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "hecha.middleware.ApiJsonErrors",
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
            ],
        },
    },
]


def _database() -> dict:
    url = os.environ.get("HECHA_DATABASE_URL") or f"sqlite:///{HECHA_HOME / 'hecha.sqlite3'}"
    db = dj_database_url.parse(url, conn_max_age=0)
    if db["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets pages read while an import writes; IMMEDIATE avoids lock upgrades mid-transaction.
        db["OPTIONS"] = {
            # temp tables of a comparison in memory; a larger page cache for national scale
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                " PRAGMA temp_store=MEMORY; PRAGMA cache_size=-131072;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
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
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]  # the project's own assets, vendored htmx included
STATIC_ROOT = HECHA_HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

MEDIA_ROOT = HECHA_HOME / "files"
UPLOAD_ROOT = HECHA_HOME / "uploads"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

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
