"""Django settings: one module, every knob from the environment, demo-friendly defaults."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("FIXLOOP_DATA_DIR", Path.cwd() / "var"))


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("FIXLOOP_DEBUG", False)
# The demo key is only for local use; `fixloop check --deploy` refuses it.
SECRET_KEY = os.environ.get("FIXLOOP_SECRET_KEY", "fixloop-insecure-demo-key-change-me")
ALLOWED_HOSTS = env_list("FIXLOOP_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("FIXLOOP_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "simple_history",
    "fixloop.core",
    "fixloop.accounts",
    "fixloop.catalog",
    "fixloop.customers",
    "fixloop.organisation",
    "fixloop.workorders",
    "fixloop.demo",
    "fixloop.bench",
    "fixloop.web",
    "fixloop.console",
    "fixloop.portal",
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
    "simple_history.middleware.HistoryRequestMiddleware",
]
if env_bool("FIXLOOP_QUERY_COUNT_HEADER", False):
    # Benchmarks read the per-request SQL count from a response header.
    MIDDLEWARE.insert(0, "fixloop.core.middleware.QueryCountHeaderMiddleware")

ROOT_URLCONF = "fixloop.config.urls"
WSGI_APPLICATION = "fixloop.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'fixloop.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=None if not DEBUG else 0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + NORMAL: readers never block the single writer; FULL stalls for seconds (PERFORMANCE.md).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATA_DIR.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# The portal signs customers in by username, phone or email.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "fixloop.accounts.backends.PhoneOrEmailBackend",
]
LOGIN_URL = "web:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("FIXLOOP_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("FIXLOOP_STATIC_ROOT", DATA_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing root before collectstatic
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("FIXLOOP_MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

CACHES = {
    "default": {
        "BACKEND": os.environ.get("FIXLOOP_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": os.environ.get("FIXLOOP_CACHE_LOCATION", "fixloop"),
    }
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Domain knobs.
FIXLOOP = {
    "PHOTO_MAX_BYTES": int(os.environ.get("FIXLOOP_PHOTO_MAX_BYTES", 10 * 1024 * 1024)),
    "PHOTO_TYPES": ("image/jpeg", "image/png", "image/webp"),
    "REPAIR_WARRANTY_DAYS": int(os.environ.get("FIXLOOP_REPAIR_WARRANTY_DAYS", 90)),
    "TRACKING_RATE": os.environ.get("FIXLOOP_TRACKING_RATE", "20/m"),
    "API_PAGE_SIZE_MAX": 200,
    "TOKEN_TTL_DAYS": int(os.environ.get("FIXLOOP_TOKEN_TTL_DAYS", 30)),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("FIXLOOP_LOG_LEVEL", "WARNING")},
}
