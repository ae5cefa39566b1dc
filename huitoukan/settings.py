"""One settings file, driven by the environment.

DATABASE_URL  PostgreSQL in production (postgres://user@host:5432/name); SQLite file when unset.
REDIS_URL     Celery broker and result backend; when unset, tasks run in-process (eager).
SECRET_KEY, FIELD_ENCRYPTION_KEY  required: the settings refuse to load without them.
DEBUG         off unless DEBUG=1.
DEMO          1 installs the demo app (seed_demo); off in production.
HTTPS         1 (default): SSL redirect, HSTS and secure cookies; 0 for a plain-http intranet.
ALLOWED_HOSTS, the security, throttling and e-mail settings below: each settable by env.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def required_env(name: str, purpose: tuple[str, str]) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"{name} is not set: {purpose[0]}. Set it in the environment (`make run` makes local keys "
            f"in .env.local). / 未设置环境变量 {name}：{purpose[1]}。请在环境中设置（`make run` 会在 .env.local 生成本地密钥）。"
        )
    return value


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = required_env("SECRET_KEY", ("it signs sessions and tokens", "它用于签名会话和令牌"))
# ID numbers are encrypted and hashed with keys derived from this, never from SECRET_KEY,
# so that rotating SECRET_KEY (which logs everyone out) keeps the data readable.
FIELD_ENCRYPTION_KEY = required_env(
    "FIELD_ENCRYPTION_KEY",
    ("it encrypts ID numbers at rest; losing it makes them unreadable", "它用于加密身份证号，丢失后已存数据无法解密"),
)
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_filters",
    "axes",
    "csp",
    "django_htmx",
    "template_partials",  # {% partialdef %}: a page and the htmx fragments of it in one template
    "auditlog",  # django-auditlog: audit rows of writes and of reveals of personal data (audit/)
    "audit",
    "core",
    "units",
    "accounts",
    "households",
    "unitpages",
    "campaigns",
    "checklists",
    "rectification",
    "assistance",  # 回头帮: lists handed to departments, their plans, year-end acceptance
    "dashboards",
    "exports",
    "archives",
    "spotchecks",
    "accountability",
    "visits",
    "paperwork",
]
if env_bool("DEMO", False):
    INSTALLED_APPS.append("demo")  # seed_demo and its demo data; production leaves DEMO unset

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",  # request.htmx
    "archives.middleware.CampaignFrozenMiddleware",  # a write to a closed campaign: a message, not a 500
    # last, as django-axes asks: it turns a locked-out login into the lockout page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "huitoukan.urls"
WSGI_APPLICATION = "huitoukan.wsgi.application"

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

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Behind PgBouncer in transaction pooling, server-side cursors (used by .iterator()) must be off.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DISABLE_SERVER_SIDE_CURSORS", False)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
# A read replica for the dashboards of a province deployment; the primary otherwise.
REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        REPLICA_URL, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")), conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["huitoukan.db_router.PrimaryRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "accounts.backends.LoginThrottle",  # first: django-axes refuses a locked-out username+address
    "accounts.backends.ModelBackend",  # loads the user with the stamp that keys the cached grants
    "guardian.backends.ObjectPermissionBackend",
]
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row; every page needs a login

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.passwords.MinimumLength"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.passwords.ApiTokensEndWithPassword"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Chart.js comes from the npm registry at setup time (make installs it); pages work without it.
CHARTJS_DIR = BASE_DIR / "node_modules" / "chart.js" / "dist"
if CHARTJS_DIR.exists():
    STATICFILES_DIRS.append(("vendor/chartjs", CHARTJS_DIR))
# htmx the same way: without it every form and link still works as a whole page (progressive enhancement).
HTMX_DIR = BASE_DIR / "node_modules" / "htmx.org" / "dist"
if HTMX_DIR.exists():
    STATICFILES_DIRS.append(("vendor/htmx", HTMX_DIR))
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
    # Closed campaigns' archives: on the filesystem under MEDIA_ROOT, or on S3-compatible object storage
    # (MinIO, see docker-compose.yml) when ARCHIVE_S3_BUCKET is set.
    "archives": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
}
if os.environ.get("ARCHIVE_S3_BUCKET"):
    STORAGES["archives"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["ARCHIVE_S3_BUCKET"],
            "endpoint_url": os.environ.get("ARCHIVE_S3_ENDPOINT_URL") or None,
            "access_key": os.environ.get("ARCHIVE_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("ARCHIVE_S3_SECRET_KEY") or None,
            "region_name": os.environ.get("ARCHIVE_S3_REGION") or None,
            "default_acl": None,  # private: downloads go through the site, scoped
            "file_overwrite": False,
        },
    }

REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
# Without Redis (make run, plain make test) tasks run in-process, so the site works alone.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Separate queues so a long export never delays a roll-up or a reminder; start workers per
# queue in production (celery -A huitoukan worker -Q rollups ...). Without routing all
# tasks go to the default queue "celery", which `make worker` consumes with the others.
CELERY_TASK_ROUTES = {
    "exports.tasks.*": {"queue": "exports"},
    "archives.tasks.*": {"queue": "exports"},
    "dashboards.tasks.*": {"queue": "rollups"},
    "rectification.tasks.*": {"queue": "reminders"},
    "campaigns.tasks.send_phase_reminders": {"queue": "reminders"},
    "campaigns.tasks.*": {"queue": "rollups"},
    "accountability.tasks.*": {"queue": "rollups"},
}
CELERY_BEAT_SCHEDULE = {
    "daily-rectification-reminders": {
        "task": "rectification.tasks.send_daily_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    "daily-phase-reminders": {
        "task": "campaigns.tasks.send_phase_reminders",
        "schedule": crontab(hour=7, minute=40),
    },
    "nightly-rollup-rebuild": {
        "task": "dashboards.tasks.nightly_rebuild",
        "schedule": crontab(hour=0, minute=30),
    },
    "purge-expired-exports": {
        "task": "exports.tasks.purge_expired_exports",
        "schedule": crontab(hour=3, minute=0),
    },
    "nightly-accountability-rules": {
        "task": "accountability.tasks.apply_rules_nightly",
        "schedule": crontab(hour=1, minute=30),
    },
    "weekly-ranking": {
        "task": "dashboards.tasks.freeze_weekly_rankings",
        "schedule": crontab(day_of_week="mon", hour=6, minute=0),
    },
}

# Shared across processes when Redis is there: the roll-up debounce relies on it.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# With Redis, sessions are read from the cache (a query saved on every request) and still
# written through to the database, so a Redis restart logs nobody out.
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# E-mail is optional: reminders are always in-app, and also mailed when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "huitoukan@localhost")

EXPORT_KEEP_HOURS = int(os.environ.get("EXPORT_KEEP_HOURS", "72"))
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

REST_FRAMEWORK = {
    # Token first: its challenge header makes a refused token a 401, as API clients expect.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "回头看 API",
    "DESCRIPTION": "行政区划与农户数据接口；所有结果按当前用户的管辖范围过滤。",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Secure by default; HTTPS=0 for a county intranet served over plain http turns off the
# redirect, HSTS and secure cookies together (each can still be set on its own).
HTTPS = env_bool("HTTPS", True)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # load balancers probe the app itself over plain http
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600) if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS)
# One working day; a shared office PC does not stay logged in overnight.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))

# Only this site's own files: every script and style sheet is a static file (no inline code,
# no CDN), so a script injected into a page does not run.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# django-axes: LOGIN_FAILURE_LIMIT failed logins (pages, admin or API token) for one
# username from one address lock that pair for LOGIN_LOCKOUT_MINUTES.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.locked_out_response"
AXES_USERNAME_CALLABLE = "accounts.lockout.username_of"

# API tokens expire; a password change deletes them (accounts.passwords).
API_TOKEN_TTL_DAYS = int(os.environ.get("API_TOKEN_TTL_DAYS", "30"))

# --- faults: cache, broker and task resilience ---
# Redis down must not take the site down: the cache degrades to no cache (huitoukan/cache.py;
# cached_db sessions then read the database), a task that cannot be queued is recorded and
# sent later (exports: "待排队"), and workers reconnect when Redis is back.
REDIS_TIMEOUT_SECONDS = float(os.environ.get("REDIS_TIMEOUT_SECONDS", "1"))
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "huitoukan.cache.ResilientRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
    )
# Publishing from a web request: fail within about a second, never hang the page.
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT_SECONDS
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
# Workers and beat: wait for the broker at start-up and after losing it, for as long as it takes.
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# Tasks that were running when the connection dropped are cancelled; with acks_late their
# messages are delivered again, so they run once more rather than twice at the same time.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": REDIS_TIMEOUT_SECONDS * 2,
    "socket_keepalive": True,
    "retry_on_timeout": True,
    "health_check_interval": 25,
    # acks_late: an unacknowledged message is handed out again after this long, so it must
    # exceed the longest task (the hard time limit below), or a slow export would run twice.
    "visibility_timeout": 2 * 3600,
}
CELERY_RESULT_BACKEND_ALWAYS_RETRY = True
CELERY_RESULT_BACKEND_MAX_RETRIES = 10
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_TIMEOUT_SECONDS * 2
CELERY_REDIS_SOCKET_KEEPALIVE = True
CELERY_REDIS_RETRY_ON_TIMEOUT = True
CELERY_REDIS_BACKEND_HEALTH_CHECK_INTERVAL = 25
CELERY_RESULT_EXPIRES = 24 * 3600
# A task whose worker is killed (OOM, deploy) is redelivered (acks_late + reject_on_worker_lost
# above); one that hangs is stopped by the time limit. Exports also keep a heartbeat that a
# beat task checks, so a lost job is retried or marked failed, never left "生成中".
CELERY_TASK_SOFT_TIME_LIMIT = int(os.environ.get("TASK_SOFT_TIME_LIMIT", "3300"))
CELERY_TASK_TIME_LIMIT = CELERY_TASK_SOFT_TIME_LIMIT + 300
CELERY_WORKER_MAX_MEMORY_PER_CHILD = int(os.environ.get("WORKER_MAX_MEMORY_KB", str(1024 * 1024)))
EXPORT_STALL_SECONDS = int(os.environ.get("EXPORT_STALL_SECONDS", "300"))
EXPORT_QUEUE_LIMIT_SECONDS = int(os.environ.get("EXPORT_QUEUE_LIMIT_SECONDS", str(2 * 3600)))
EXPORT_MAX_ATTEMPTS = int(os.environ.get("EXPORT_MAX_ATTEMPTS", "3"))
CELERY_BEAT_SCHEDULE["sweep-export-jobs"] = {"task": "exports.tasks.sweep_export_jobs", "schedule": 60.0}
# Archives are kept until their retention ends (never by the export sweeper), then their files go.
CELERY_BEAT_SCHEDULE["purge-expired-archives"] = {"task": "archives.tasks.purge_expired_archives",
                                                  "schedule": 24 * 3600.0}
