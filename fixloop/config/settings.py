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
    # For its bundled Swagger UI files: /api/docs then loads them from here, not from a CDN (the CSP allows 'self').
    "ninja",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
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
    "fixloop.ops",
    "fixloop.audit",
    "fixloop.privacy",
    "fixloop.conversations",
    "fixloop.worker",
    "fixloop.notifications",
    "fixloop.sla",
    "fixloop.mailin",
    "fixloop.aftercare",
    "fixloop.parts",
    "fixloop.documents",
    "fixloop.scheduling",
    "fixloop.kb",
    "fixloop.complaints",
    "fixloop.surveys",
    "fixloop.analytics",
]

MIDDLEWARE = [
    "fixloop.ops.requestid.RequestIdMiddleware",
    "fixloop.ops.metrics.MetricsMiddleware",
    "fixloop.ops.unavailable.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Inside LocaleMiddleware: an unknown /api/ path or wrong method answers translated JSON, not HTML.
    "fixloop.config.api_errors.ApiJsonErrorsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "fixloop.accounts.twofactor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout response.
    "axes.middleware.AxesMiddleware",
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
    # First: refuses a locked-out username or address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "fixloop.accounts.backends.PhoneOrEmailBackend",
]
LOGIN_URL = "web:login"

# Argon2 for new and changed passwords; older hashes are upgraded at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# A password-reset link works once and for two hours (Django's default is three days).
PASSWORD_RESET_TIMEOUT = 2 * 60 * 60

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("FIXLOOP_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("FIXLOOP_STATIC_ROOT", DATA_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing root before collectstatic
# Never served as such: uploads are downloaded through /files/ after a permission check (fixloop.web.downloads).
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
    "SIGNUP_RATE": os.environ.get("FIXLOOP_SIGNUP_RATE", "10/h"),
    # Requests per partner API key, and per bearer token (empty: no limit), counted across all processes.
    "API_KEY_RATE": os.environ.get("FIXLOOP_API_KEY_RATE", "1200/m"),
    "API_TOKEN_RATE": os.environ.get("FIXLOOP_API_TOKEN_RATE", ""),
    # Failed attempts to sign in for an API token per client address (on top of django-axes' lockout).
    "TOKEN_SIGNIN_RATE": os.environ.get("FIXLOOP_TOKEN_SIGNIN_RATE", "30/m"),
    "API_PAGE_SIZE_MAX": 200,
    "TOKEN_TTL_DAYS": int(os.environ.get("FIXLOOP_TOKEN_TTL_DAYS", 30)),
    # Empty: /metrics answers only loopback callers; else it needs "Authorization: Bearer <token>".
    "METRICS_TOKEN": os.environ.get("FIXLOOP_METRICS_TOKEN", ""),
    # Set (e.g. "/protected-media/") when nginx serves MEDIA_ROOT from an `internal` location: downloads
    # are checked here, then handed to nginx with X-Accel-Redirect. Empty: the web process streams them.
    "MEDIA_ACCEL_PREFIX": os.environ.get("FIXLOOP_MEDIA_ACCEL_PREFIX", ""),
    # Password-reset requests per client address and per email address (the latter whether or not an
    # account has it, so the limit tells nothing about who is registered).
    "PASSWORD_RESET_RATE": os.environ.get("FIXLOOP_PASSWORD_RESET_RATE", "10/h"),
    "PASSWORD_RESET_EMAIL_RATE": os.environ.get("FIXLOOP_PASSWORD_RESET_EMAIL_RATE", "3/h"),
}

# Structured logs: one JSON object per line with the request id; phones and emails masked.
# FIXLOOP_LOG_FORMAT=text gives plain lines for a developer's terminal.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "fixloop.ops.requestid.RequestIdFilter"},
        "mask_personal_data": {"()": "fixloop.ops.masking.MaskPersonalDataFilter"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": os.environ.get("FIXLOOP_LOG_FORMAT", "json"),
            "filters": ["request_id", "mask_personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("FIXLOOP_LOG_LEVEL", "WARNING")},
}

# Security. FIXLOOP_HTTPS=1 behind TLS (nginx): secure cookies, HSTS, redirect to https.
HTTPS = env_bool("FIXLOOP_HTTPS", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = HTTPS and env_bool("FIXLOOP_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = int(os.environ.get("FIXLOOP_HSTS_SECONDS", 31536000 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Everything is served from here (htmx, CSS, charts vendored); inline styles only for htmx's indicators.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Login throttling: 5 failures for a username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("FIXLOOP_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = float(os.environ.get("FIXLOOP_LOGIN_COOLOFF_HOURS", 0.25))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "fixloop.ops.lockout.lockout_response"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("FIXLOOP_PROXY_COUNT", 0)) or None

# kb (knowledge base, fault trees, triage assistant): where the worker saves the search index and models.
FIXLOOP_KB_INDEX_DIR = Path(os.environ.get("FIXLOOP_KB_INDEX_DIR", DATA_DIR / "kb-index"))
FIXLOOP_TRIAGE_MODEL_DIR = Path(os.environ.get("FIXLOOP_TRIAGE_MODEL_DIR", DATA_DIR / "triage-models"))

# analytics: the cost per repair the cost KPI is measured against.
FIXLOOP_ANALYTICS = {"BUDGET_PER_REPAIR": os.environ.get("FIXLOOP_BUDGET_PER_REPAIR", "300")}

# --- notifications (fixloop/notifications) and the worker (fixloop/worker) ---
# Email goes through Django's EMAIL_* settings (SMTP); the other channels are on when their URL is set.
EMAIL_HOST = os.environ.get("FIXLOOP_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("FIXLOOP_EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("FIXLOOP_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("FIXLOOP_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("FIXLOOP_EMAIL_TLS", False)
EMAIL_USE_SSL = env_bool("FIXLOOP_EMAIL_SSL", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("FIXLOOP_EMAIL_FROM", "飞修售后服务 <noreply@fixloop.local>")
FIXLOOP_NOTIFY = {
    "SITE_URL": os.environ.get("FIXLOOP_SITE_URL", "http://127.0.0.1:8000"),
    "EMAIL": env_bool("FIXLOOP_NOTIFY_EMAIL", True),
    "SMS_URL": os.environ.get("FIXLOOP_SMS_URL", ""),
    "SMS_API_KEY": os.environ.get("FIXLOOP_SMS_API_KEY", ""),
    "SMS_API_KEY_HEADER": os.environ.get("FIXLOOP_SMS_API_KEY_HEADER", "X-API-Key"),
    "WECOM_URL": os.environ.get("FIXLOOP_WECOM_URL", ""),
    "DINGTALK_URL": os.environ.get("FIXLOOP_DINGTALK_URL", ""),
    "DINGTALK_SECRET": os.environ.get("FIXLOOP_DINGTALK_SECRET", ""),
    "FEISHU_URL": os.environ.get("FIXLOOP_FEISHU_URL", ""),
    "FEISHU_SECRET": os.environ.get("FIXLOOP_FEISHU_SECRET", ""),
    # Generic webhooks: every event, JSON signed with HMAC-SHA256 (X-Fixloop-Signature).
    "WEBHOOK_URL": os.environ.get("FIXLOOP_WEBHOOK_URL", ""),
    "WEBHOOK_SECRET": os.environ.get("FIXLOOP_WEBHOOK_SECRET", ""),
    "MAX_ATTEMPTS": int(os.environ.get("FIXLOOP_NOTIFY_MAX_ATTEMPTS", 8)),
    "RETRY_BASE_SECONDS": float(os.environ.get("FIXLOOP_NOTIFY_RETRY_BASE", 30)),
}

# workorders: quotes, approvals, documents and cost accounting
FIXLOOP["QUOTE_TAX_RATE"] = os.environ.get("FIXLOOP_QUOTE_TAX_RATE", "0.13")
# A quote option above this total (tax included) needs a manager's approval before the customer sees it.
FIXLOOP["QUOTE_INTERNAL_APPROVAL_ABOVE"] = os.environ.get("FIXLOOP_QUOTE_INTERNAL_APPROVAL_ABOVE", "3000")
# The inspection fee charged when an out-of-warranty customer rejects the quote (0 in warranty).
FIXLOOP["REJECT_INSPECTION_FEE"] = os.environ.get("FIXLOOP_REJECT_INSPECTION_FEE", "50.00")
# Internal cost of an hour of labour when a quote line names no skill.
FIXLOOP["LABOUR_COST_RATE"] = os.environ.get("FIXLOOP_LABOUR_COST_RATE", "50.00")
FIXLOOP["COMPANY_NAME"] = os.environ.get("FIXLOOP_COMPANY_NAME", "fixloop 售后服务中心")

# --- mailin (fixloop/mailin): email intake by IMAP (`fixloop mail fetch`) or webhook (POST /mail/inbound/) ---
FIXLOOP_MAIL = {
    "IMAP_HOST": os.environ.get("FIXLOOP_MAIL_IMAP_HOST", ""),
    "IMAP_PORT": int(os.environ.get("FIXLOOP_MAIL_IMAP_PORT", 993)),
    "IMAP_SSL": env_bool("FIXLOOP_MAIL_IMAP_SSL", True),
    "IMAP_USER": os.environ.get("FIXLOOP_MAIL_IMAP_USER", ""),
    "IMAP_PASSWORD": os.environ.get("FIXLOOP_MAIL_IMAP_PASSWORD", ""),
    "IMAP_FOLDER": os.environ.get("FIXLOOP_MAIL_IMAP_FOLDER", "INBOX"),
    "IMAP_TIMEOUT": float(os.environ.get("FIXLOOP_MAIL_IMAP_TIMEOUT", 30)),
    # The inbound webhook answers only requests carrying this value in X-Fixloop-Mail-Secret; empty = off.
    "WEBHOOK_SECRET": os.environ.get("FIXLOOP_MAIL_WEBHOOK_SECRET", ""),
    "MAX_BYTES": int(os.environ.get("FIXLOOP_MAIL_MAX_BYTES", 25 * 1024 * 1024)),
}

# --- aftercare (fixloop/aftercare): maintenance plans and follow-up visits ---
FIXLOOP_AFTERCARE = {
    # A maintenance order is opened this many days before the plan's due date (a plan may override it).
    "MAINTENANCE_LEAD_DAYS": int(os.environ.get("FIXLOOP_MAINTENANCE_LEAD_DAYS", 14)),
    # A follow-up call is due this many days after an order closes.
    "FOLLOWUP_AFTER_DAYS": int(os.environ.get("FIXLOOP_FOLLOWUP_AFTER_DAYS", 3)),
}

# parts: the fill rate stock plans aim at, and how much issue history (months) they learn from
FIXLOOP["PARTS_SERVICE_LEVEL"] = float(os.environ.get("FIXLOOP_PARTS_SERVICE_LEVEL", "0.95"))
FIXLOOP["PARTS_HISTORY_MONTHS"] = int(os.environ.get("FIXLOOP_PARTS_HISTORY_MONTHS", "36"))
