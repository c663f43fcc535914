"""Django settings for Phalang.

Everything is read from the environment, with defaults that run a whole site on one machine
with nothing else installed: SQLite in WAL mode, files in ``$PHALANG_DATA_DIR`` and a task
queue in the database. docs/deploy.md lists every variable for the scale-out setup.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import dj_database_url

from phalang.lib.env import data_dir, env, env_bool, env_int, env_list
from phalang.lib.keys import MissingKeyError, get_secret_text

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()

DEBUG = env_bool("PHALANG_DEBUG", False)
try:
    SECRET_KEY = env("PHALANG_SECRET_KEY") or get_secret_text("secret")
except MissingKeyError:
    # Left empty so that `phalang check --deploy` can still start and name every missing key;
    # Django refuses to serve anything without it.
    SECRET_KEY = ""
ALLOWED_HOSTS = env_list("PHALANG_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("PHALANG_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env("PHALANG_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "phalang.core.admin_site.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "phalang.core",
    "phalang.audit",
    "phalang.orgs",
    "phalang.places",
    "phalang.accounts",
    "phalang.messaging",
    "phalang.watch",
    "phalang.opendata",
    "phalang.deliberation",
    "phalang.aid",
    "phalang.coalition",
    "phalang.chat",
]

MIDDLEWARE = [
    "phalang.core.middleware.FastLaneMiddleware",
    "phalang.core.middleware.RequestSizeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "phalang.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "phalang.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "phalang.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "phalang.urls"
WSGI_APPLICATION = "phalang.wsgi.application"

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
                "django.template.context_processors.i18n",
                "phalang.core.context_processors.site",
            ],
            "builtins": ["phalang.core.templatetags.thai"],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
# SQLite: WAL lets readers work while one writer commits; IMMEDIATE transactions take the
# write lock at BEGIN so two writers queue on busy_timeout instead of failing mid-transaction.
# synchronous=NORMAL survives a killed process; FULL also survives power loss (benchmarks.md).
# secure_delete zeroes what a DELETE or a blanking UPDATE frees, so no old copy of a sender id
# or a message body lingers in free space (the WAL is checkpointed by lib/sqlite_scrub.py).
SQLITE_SYNCHRONOUS = env("PHALANG_SQLITE_SYNCHRONOUS", "NORMAL").upper()
if SQLITE_SYNCHRONOUS not in {"OFF", "NORMAL", "FULL", "EXTRA"}:
    raise ValueError("PHALANG_SQLITE_SYNCHRONOUS must be OFF, NORMAL, FULL or EXTRA")

DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("PHALANG_DB_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("PHALANG_SQLITE_PATH") or str(DATA_DIR / "phalang.sqlite3"),
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA secure_delete=ON;"
                    f"PRAGMA synchronous={SQLITE_SYNCHRONOUS};"
                    "PRAGMA temp_store=MEMORY;"
                    "PRAGMA mmap_size=134217728;"
                    "PRAGMA cache_size=-20000;"
                    f"PRAGMA wal_autocheckpoint={env_int('PHALANG_SQLITE_WAL_AUTOCHECKPOINT', 1000)}"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            "TEST": {"NAME": str(DATA_DIR / "test.sqlite3")},
            # Keep connections: opening one and running the PRAGMAs costs ~3 ms a request.
            "CONN_MAX_AGE": None,
            "CONN_HEALTH_CHECKS": True,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and rate limits --------------------------------------------------------------------
# Rate-limit counters must be shared by every web process, so the embedded default keeps them
# in the database; Redis takes over when configured.
REDIS_URL = env("PHALANG_REDIS_URL")
CACHES: dict[str, dict[str, object]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("PHALANG_CACHE_PREFIX", "phalang"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "phalang_cache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

# --- Task queue ---------------------------------------------------------------------------------
# django-tasks is the API Django itself adopts (Django 6.0). Its database backend claims work
# with SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL, so many workers on many machines share
# one queue; on SQLite the IMMEDIATE write lock serialises claims.
TASKS = {
    "default": {
        "BACKEND": env("PHALANG_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "outbox", "slow"],
    }
}

# --- Files --------------------------------------------------------------------------------------
MEDIA_ROOT = str(DATA_DIR / "media")
MEDIA_URL = "/media/"
STATIC_URL = "/static/"
STATIC_ROOT = str(DATA_DIR / "static")
Path(STATIC_ROOT).mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Leaflet's JS and CSS come from the django-leaflet package; we use its static files only (its
# Django app needs GeoDjango, which we don't), so it is found without being imported.
_leaflet = importlib.util.find_spec("leaflet")
if _leaflet and _leaflet.submodule_search_locations:
    STATICFILES_DIRS.append(Path(next(iter(_leaflet.submodule_search_locations))) / "static")
_manifest = (Path(STATIC_ROOT) / "staticfiles.json").exists()
_static_backend = {
    "manifest": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    "plain": "django.contrib.staticfiles.storage.StaticFilesStorage",
}[env("PHALANG_STATIC_STORAGE", "manifest" if _manifest else "plain")]
WHITENOISE_USE_FINDERS = not _manifest
S3_BUCKET = env("PHALANG_S3_BUCKET")
if S3_BUCKET:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env("PHALANG_S3_ENDPOINT_URL") or None,
            "region_name": env("PHALANG_S3_REGION") or None,
            "access_key": env("PHALANG_S3_ACCESS_KEY_ID") or None,
            "secret_key": env("PHALANG_S3_SECRET_ACCESS_KEY") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": MEDIA_URL},
    }
STORAGES = {"default": _default_storage, "staticfiles": {"BACKEND": _static_backend}}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Language -----------------------------------------------------------------------------------
LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "phalang_lang"
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("PHALANG_TIME_ZONE", "Asia/Bangkok")

# --- Accounts and security ----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "phalang.orgs.backends.OrganisationPermissionBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# Lockout after 5 failures for 15 minutes: NIST SP 800-63B 5.2.2 allows at most 100; 5 is the
# common choice (django-axes' default). Failures count per username AND client, so a stranger who
# knows a username cannot lock its owner out; each further failure doubles the cool-off
# (accounts/lockout.py). Counters live in the cache only, under a keyed pseudonym of the address
# (lib/clients.py): no address is stored in the database or logged.
AXES_FAILURE_LIMIT = env_int("PHALANG_LOGIN_FAILURE_LIMIT", 5)
PHALANG_LOGIN_COOLOFF_MINUTES = env_int("PHALANG_LOGIN_COOLOFF_MINUTES", 15)
AXES_COOLOFF_TIME = "phalang.accounts.lockout.cool_off"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_CLIENT_IP_CALLABLE = "phalang.lib.clients.axes_client"
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# How many reverse proxies of ours stand in front of the app (docs/deploy.md): per-client limits
# read the client's address that many places from the right of X-Forwarded-For.
PROXY_COUNT = env_int("PHALANG_PROXY_COUNT", 0)
# Per-client limits (lib/ratelimit.py), e.g. PHALANG_LIMITS="report=20/3600,vote=1000/3600".
PHALANG_LIMITS = {k.strip(): v.strip() for k, _, v in (i.partition("=") for i in env_list("PHALANG_LIMITS"))}
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "Phalang"

# Cookies are Secure by default. Browsers treat http://localhost and 127.0.0.1 as secure
# contexts, so the demo still works; PHALANG_INSECURE_COOKIES=1 is for other plain-HTTP hosts.
_secure = not env_bool("PHALANG_INSECURE_COOKIES", False)
SESSION_COOKIE_SECURE = _secure
CSRF_COOKIE_SECURE = _secure
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("PHALANG_SESSION_HOURS", 12) * 3600
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("PHALANG_HTTPS", False):
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Only 'self': fonts, htmx and map code are served from our own static files (no CDN).
CSP_EXTRA_IMG_SRC = env_list("PHALANG_CSP_IMG_SRC", [])
if env("PHALANG_MAP_TILE_URL"):
    from urllib.parse import urlsplit

    _tiles = urlsplit(env("PHALANG_MAP_TILE_URL").replace("{s}", "a"))
    CSP_EXTRA_IMG_SRC.append(f"{_tiles.scheme}://{_tiles.netloc.replace('a.', '*.', 1)}")

# --- Logging: no IP addresses or user agents in our own logs ------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("PHALANG_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

NINJA_PAGINATION_PER_PAGE = 50

# Module switches and limits that other apps read.
PHALANG: dict[str, Any] = {
    "DEMO": env_bool("PHALANG_DEMO", False),
    "PDPA_RETENTION_DAYS": env_int("PHALANG_PDPA_RETENTION_DAYS", 90),
    # Mutual aid's crisis kit until a group picks one (phalang/aid/kits.py: flood, epidemic, fire, heat).
    "AID_KIT": env("PHALANG_AID_KIT", "epidemic"),
    # Evidence limits (Watch issue): 20 MB a file, 10 files a report.
    "EVIDENCE_MAX_MB": env_int("PHALANG_EVIDENCE_MAX_MB", 20),
    "EVIDENCE_MAX_FILES": env_int("PHALANG_EVIDENCE_MAX_FILES", 10),
    # A whole request (files and fields), refused on its declared length before it is read.
    # Phone photos are 2-6 MB, so a report with several fits; so does one 20 MB file.
    "UPLOAD_MAX_MB": env_int("PHALANG_UPLOAD_MAX_MB", 50),
    # Pixels decoded per request, all images together (issue 12: ten 39-megapixel PNGs in one
    # 378 KB request cost 6 s of CPU). 120 MP: ten 12 MP phone photos, or three at the 40 MP cap.
    "EVIDENCE_PIXEL_BUDGET_MP": env_int("PHALANG_EVIDENCE_PIXEL_BUDGET_MP", 120),
    # Chat drafts expire after this many hours, after one reminder halfway.
    "DRAFT_HOURS": env_int("PHALANG_DRAFT_HOURS", 24),
    # Days a reporter has to answer "แก้ไขแล้วจริงไหม?"; an anonymous reporter's reply address is
    # kept that long after a resolution, then forgotten (watch.workflow.open_fix_check).
    "FIX_CHECK_DAYS": env_int("PHALANG_FIX_CHECK_DAYS", 14),
    # Days after a case closes before the reporter's reply address is deleted.
    "REPLY_ADDRESS_RETENTION_DAYS": env_int("PHALANG_REPLY_ADDRESS_RETENTION_DAYS", 30),
    # Remind partner staff of unanswered forwarded cases after these many days (Watch issue).
    "RESPONSE_REMINDER_DAYS": env_list("PHALANG_RESPONSE_REMINDER_DAYS", ["7", "30"]),
    # Open311 POST Service Request: the api_key each client app was given, as "name=key,..."
    # (watch/open311.py; docs/guides/watch.md). None configured: nobody files through Open311.
    "OPEN311_API_KEYS": dict(item.split("=", 1) for item in env_list("PHALANG_OPEN311_API_KEYS")
                             if "=" in item),
}

# Map tiles for the public board (Leaflet). Empty: no tiles, the map still shows the points.
MAP_TILE_URL = env("PHALANG_MAP_TILE_URL", "")
EMAIL_BACKEND = env("PHALANG_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("PHALANG_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("PHALANG_EMAIL_PORT", 25)
EMAIL_HOST_USER = env("PHALANG_EMAIL_USER")
EMAIL_HOST_PASSWORD = env("PHALANG_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("PHALANG_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env("PHALANG_EMAIL_FROM", "phalang@localhost")

# Channels. Base URLs are configurable so tests (and self-hosted gateways) can point elsewhere.
# Webhook inserts on PostgreSQL skip the WAL fsync wait unless this is set (see channels/views.py).
WEBHOOK_POWER_SAFE = env_bool("PHALANG_WEBHOOK_POWER_SAFE", False)
LINE_CHANNEL_SECRET = env("PHALANG_LINE_CHANNEL_SECRET")
LINE_CHANNEL_ACCESS_TOKEN = env("PHALANG_LINE_CHANNEL_ACCESS_TOKEN")
LINE_API_BASE = env("PHALANG_LINE_API_BASE", "https://api.line.me")
LINE_DATA_API_BASE = env("PHALANG_LINE_DATA_API_BASE", "https://api-data.line.me")
LINE_PUSH_ENABLED = env_bool("PHALANG_LINE_PUSH", False)
# The official account's basic ID (e.g. "@123abcde"): pages then offer "send in LINE" links
# (line.me/R/oaMessage) carrying the command; empty, the pages show only the words to type.
LINE_BASIC_ID = env("PHALANG_LINE_BASIC_ID")
TELEGRAM_BOT_TOKEN = env("PHALANG_TELEGRAM_BOT_TOKEN")
TELEGRAM_SECRET_TOKEN = env("PHALANG_TELEGRAM_SECRET_TOKEN")
TELEGRAM_API_BASE = env("PHALANG_TELEGRAM_API_BASE", "https://api.telegram.org")
# The bot's username (without @): pages then offer t.me/<bot>?start=<command> links.
TELEGRAM_BOT_USERNAME = env("PHALANG_TELEGRAM_BOT_USERNAME").lstrip("@")
SMS_SHARED_SECRET = env("PHALANG_SMS_SHARED_SECRET")
# Where replies by SMS go: an HTTP endpoint taking {"to", "text"} (an Android SMS-gateway app or a
# provider), with PHALANG_SMS_SENDER_TOKEN as a bearer token. Empty: replies are kept, not sent.
SMS_SENDER_URL = env("PHALANG_SMS_SENDER_URL")
SMS_SENDER_TOKEN = env("PHALANG_SMS_SENDER_TOKEN")
# Requests per second the outbox sends per platform, e.g. "telegram=30,line_multicast=200";
# the defaults (the platforms' documented limits) are in channels/outbox.py, rates().
OUTBOX_RATES = {k.strip(): float(v) for k, _, v in (i.partition("=") for i in env_list("PHALANG_OUTBOX_RATES"))}
