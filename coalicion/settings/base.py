"""Settings shared by every mode. Everything that differs between modes comes from the
environment (django-environ); `local`, `test` and `production` only choose defaults."""

from __future__ import annotations

from email.utils import parseaddr
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _
from django_guid.integrations import CeleryIntegration

from common.logging import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- Core ---------------------------------------------------------------------------------
SECRET_KEY = env("SECRET_KEY", default="insecure-embedded-default-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
ROOT_URLCONF = "coalicion.urls"
WSGI_APPLICATION = "coalicion.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The site's public address (scheme and host, no trailing slash): every link that leaves the
# platform (e-mails, .ics files, PDFs) is built on it. `check --deploy` refuses the default.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = "Coalición Regional contra la Trata de Personas y el Tráfico Ilícito de Migrantes"

# --- Apps ---------------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # third party
    "rest_framework",
    "knox",
    "corsheaders",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "dbbackup",
    "django_htmx",
    "django_countries",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_guid",
    "health_check",
    "csp",
    # ours, bottom layer first (docs/architecture.md)
    "common",
    "members",
    "communications",
    "plans",
    "directories",
    "stats",
    "meetings",
    "events",
    "monitoring",
    "presidency",
    "reports",
    "portal",
]

MIDDLEWARE = [
    "django_guid.middleware.guid_middleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every response (--- Browser policies).
    "coalicion.csp.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # axes last, as its docs ask
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
# Embedded default: SQLite next to the code. Production: DATABASE_URL=postgres://...
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# SQLite (the embedded default): WAL lets readers go on while one writer writes; a burst of
# writes waits its turn (busy timeout, transactions that take the write lock at BEGIN)
# instead of failing with "database is locked".
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    # No JIT compilation: its cost model fires on the monitoring roll-up's correlated
    # aggregates at 10× once the planner has statistics, and compiling took 1.3 s of a
    # 2.5 s query (bench/RESULTS.md, issue 24). Short OLTP queries never gain from it.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

# --- Cache ---------------------------------------------------------------------------------
# Shared by every process when CACHE_URL points at Redis (API throttling counters, axes).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Rendered read-mostly pages (dashboard, POA matrix) live this long at most; any edit to
# what they show moves their key sooner (common.cache).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# How long a POA's results roll-up kept in the database is trusted (monitoring.rollup).
RESULTS_ROLLUP_SECONDS = env.int("RESULTS_ROLLUP_SECONDS", default=3600)

# --- Monitoring -----------------------------------------------------------------------------
# A progress report with more rows than this (over more than one strategic axis) is filled
# an axis at a time: one page of 966 fields took ~80 ms of CPU to draw (issue 24).
REPORT_FORM_PAGE_ROWS = env.int("REPORT_FORM_PAGE_ROWS", default=40)
# The accountability report's PDF prints a POA's activities up to this many; beyond, it stops
# at the operational objectives and the annex workbook has them (reports.annex).
REPORT_PDF_ACTIVITIES_MAX = env.int("REPORT_PDF_ACTIVITIES_MAX", default=150)

# --- Auth ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes: lock an account+IP pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
# Lockout per account *and* client address, so that failures from elsewhere cannot lock a
# real user out. Behind a reverse proxy the client address is read from X-Forwarded-For,
# trusting only the configured proxies (TRUSTED_PROXY_IPS, or the last TRUSTED_PROXY_COUNT
# hops); without them REMOTE_ADDR alone counts and the header is ignored (it can be forged).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_IPWARE_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0) or None
AXES_IPWARE_PROXY_TRUSTED_IPS = env.list("TRUSTED_PROXY_IPS", default=[]) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    if (AXES_IPWARE_PROXY_COUNT or AXES_IPWARE_PROXY_TRUSTED_IPS)
    else ["REMOTE_ADDR"]
)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The events' public self check-in page (events.views.attendance): after this many unknown
# codes from one client address (read as axes reads it) within the window, it refuses
# further attempts until the window ends — a check-in code cannot be guessed by trying.
EVENTS_CHECK_IN_FAILURES = env.int("EVENTS_CHECK_IN_FAILURES", default=20)
EVENTS_CHECK_IN_WINDOW_SECONDS = env.int("EVENTS_CHECK_IN_WINDOW_SECONDS", default=600)

# --- Sessions and CSRF --------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Browser policies ---------------------------------------------------------------------
# Content-Security-Policy (django-csp 4): the browser runs only the platform's own scripts
# (every front-end asset is vendored and served here, static/vendor/README.md) and, for a
# script that must be inline, one carrying the request's nonce (`nonce="{{ CSP_NONCE }}"`);
# no inline event handler (`onchange=`…: static/js/), no inline style (static/css/), no
# plugins, no framing by other sites, forms submit only here. htmx's own indicator styles are
# off (base.html, htmx-config) for the same reason; Swagger UI (/api/docs/) loads its init
# script and page styles as files (templates/drf_spectacular/). One relaxation, inline styles
# only on DRF's browsable API pages (coalicion/csp.py). The admin needs none. The PDFs
# (WeasyPrint) never reach a browser.
# CSP_REPORT_ONLY=true sends the same policy as Content-Security-Policy-Report-Only: browsers
# report what it would block (console, and CSP_REPORT_URI if set) but block nothing — for
# trying the policy on a deployment with its own additions before enforcing it.
# (Not named CSP_*: django-csp's checks reject its 3.x setting names.)
_csp_directives: dict[str, object] = {
    "default-src": [SELF],
    "script-src": [SELF, NONCE],
    "style-src": [SELF],
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
}
if env("CSP_REPORT_URI", default=""):
    _csp_directives["report-uri"] = env("CSP_REPORT_URI")
_csp_report_only = env.bool("CSP_REPORT_ONLY", default=False)
CONTENT_SECURITY_POLICY = None if _csp_report_only else {"DIRECTIVES": _csp_directives}
CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": _csp_directives} if _csp_report_only else None
# Permissions-Policy (django-permissions-policy): no page of the platform uses the camera,
# microphone, location, payments or other device features, so no page (nor anything it
# embeds) may ask for them; fullscreen is left to the platform's own pages.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "gamepad",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
} | {"fullscreen": ["self"]}

# --- Internationalisation -----------------------------------------------------------------
# Spanish by default; English for Belize (SPEC §8).
LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="America/Guatemala")
USE_I18N = True
FORMAT_MODULE_PATH = ["common.formats"]  # English: d/m/Y and 24-hour clock (Belize)
USE_TZ = True

# --- Static and media ---------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # Backups (django-dbbackup: `manage.py dbbackup` / `dbrestore`, `mediabackup` /
    # `mediarestore`; README "Backup and restore"). Keep BACKUP_DIR off the server's disk.
    "dbbackup": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env("BACKUP_DIR", default=str(BASE_DIR / "backups"))},
    },
}
# pg_dump's custom format, restored with pg_restore (SQLite: the SQL dump of the database).
DBBACKUP_CONNECTOR_MAPPING = {
    "django.db.backends.postgresql": "dbbackup.db.postgresql.PgDumpBinaryConnector",
}
# Uploaded letters and evidence: PDF or image, at most this many megabytes.
UPLOAD_MAX_MB = env.int("UPLOAD_MAX_MB", default=10)
# The archive (issue 18) takes larger files (workshop matrices, scanned historical documents);
# a comunicado's e-mail carries its attachments only up to this total, else the link alone.
ARCHIVE_UPLOAD_MAX_MB = env.int("ARCHIVE_UPLOAD_MAX_MB", default=50)
COMMUNIQUE_ATTACHMENTS_MAX_BYTES = env.int(
    "COMMUNIQUE_ATTACHMENTS_MAX_BYTES", default=10 * 1024 * 1024
)
# Officials who left office keep their professional contact data this long after their last
# designation ended; then ST is reminded to anonymise them (issue 23, persons_due_for_anonymisation).
PERSONAL_DATA_RETENTION_YEARS = env.int("PERSONAL_DATA_RETENTION_YEARS", default=5)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- E-mail -------------------------------------------------------------------------------
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Coalición Regional <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery -------------------------------------------------------------------------------
# Without a broker (embedded default) tasks run in-process, eagerly, and still go through
# the same task code; with CELERY_BROKER_URL=redis://... they go to a real worker.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=env("REDIS_URL", default=""))
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="coalicion")
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis has no acknowledgements of its own: kombu keeps each message a worker took aside
# ("unacked") until the task acknowledges it, which with acks_late is when the task ends.
# A worker shut down warmly (SIGTERM) finishes its tasks or hands their messages back at
# once, and a pool process that dies is handled by its worker (reject_on_worker_lost
# requeues at once). A whole worker killed (SIGKILL, OOM, host lost) cannot hand anything
# back: its messages return to the queue only when a live worker's sweep finds them older
# than visibility_timeout. It must therefore exceed the longest a task may keep its message
# (the report build's hard time limit, reports.tasks.REPORT_TIME_LIMIT = 11 min, plus a
# retry's countdown of at most 80 s), or a build still running would be handed to a second
# worker; and it should be short, or a killed build waits kombu's default of an hour. The
# sweep runs every 10 s (throttle 1; kombu's default scans every ~100 s), so a build whose
# worker was killed starts again about 15 min after it began. The drills of
# tests/drills_faults shorten it for their own worker with CELERY_VISIBILITY_TIMEOUT.
# Socket timeouts: a frozen or unreachable Redis (not only a refused connection) fails a
# command after 2 s instead of blocking forever. With the publish retry policy below (one
# retry) a web request that queues a task gives up after ~0.2 s when Redis refuses the
# connection and ~6 s when it does not answer (tests/drills_faults measures both); a report
# job whose build could not be queued stays queued, and reports.republish_report_jobs
# (beat, below) queues it again once Redis is back.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=15 * 60),
    "unacked_restore_throttle": 1,
    "socket_timeout": 2,
    "socket_connect_timeout": 2,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0.2,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_BEAT_SCHEDULE: dict = {
    # Agreements need no job: "overdue" is read when shown (meetings.selectors.agreements).
    # Report builds that could not be queued (the broker was down when they were
    # requested) are queued again; a late run is pointless once the next one is due.
    "reports-republish-report-jobs": {
        "task": "reports.republish_report_jobs",
        "schedule": env.float("CELERY_REPUBLISH_EVERY", default=60.0),
        "options": {"expires": env.float("CELERY_REPUBLISH_EVERY", default=60.0)},
    },
}

# --- REST framework -----------------------------------------------------------------------
# /api/v1/ (SPEC §7, issue #8): knox tokens (hashed, expiring; ST issues them, one account per
# token, members.services) for partners and national systems, the session for the
# browser; read-only for partners; throttled per token and per anonymous IP; one JSON error
# shape (common.api.errors).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "common.api.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["common.api.permissions.ApiAccess"],
    "DEFAULT_FILTER_BACKENDS": [
        "common.api.filters.ApiFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "common.api.pagination.ApiPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "common.api.schema.ApiAutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "common.api.throttling.TokenRateThrottle",
        "common.api.throttling.AnonIPThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "token": env("API_THROTTLE_TOKEN", default="600/minute"),
        "anon": env("API_THROTTLE_ANON", default="60/minute"),
    },
    # Client IP for the anonymous throttle: REMOTE_ADDR, or the Nth address from the right
    # of X-Forwarded-For behind that many trusted proxies.
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=0),
    "EXCEPTION_HANDLER": "common.api.errors.api_exception_handler",
}
REST_KNOX = {
    "TOKEN_TTL": None,  # every token gets the expiry ST chose (members.services)
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_PREFIX": "cr_",  # recognisable by secret scanners
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Coalición Regional API",
    "DESCRIPTION": (
        "Read the Strategic Plan 2018–2027, the Annual Operating Plans, progress aggregates, "
        "public meeting records and agreements of the Regional Coalition against Trafficking "
        "in Persons and Smuggling of Migrants; national focal points submit their semester "
        "progress. Authenticate with `Authorization: Token <token>` (tokens are issued by the "
        "Technical Secretariat). Errors: `{detail, code, fields}`, in the language of "
        "Accept-Language (es, en). Updates need If-Match with the ETag you read (or the "
        "`version` in the body): a stale one gets 412 (409), never a silent overwrite."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "MembershipStatusEnum": "members.models.Membership.Status",
        "PoaStatusEnum": "plans.models.POA.Status",
        "MeetingStatusEnum": "meetings.models.Meeting.Status",
        "AgreementStatusEnum": "meetings.models.Agreement.Status",
        "PeriodStatusEnum": "monitoring.models.ReportingPeriod.Status",
        "ReportStatusEnum": "monitoring.models.ProgressReport.Status",
        "ComplianceStatusEnum": "monitoring.apis.COMPLIANCE_STATUSES",
        "ResultLevelEnum": "monitoring.apis.LEVELS",
        "AccessLevelEnum": "communications.models.AccessLevel",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
# CORS: only the origins configured (comma-separated), only for the API.
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_HEADERS = (
    "accept",
    "accept-language",
    "authorization",
    "content-type",
    "if-match",
    "if-none-match",
)
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]

# --- Forms --------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Logging ------------------------------------------------------------------------------
# One line format for Django, Celery and gunicorn: UTC time, level, logger, request id;
# LOG_FORMAT=json for a log shipper (common/logging.py).
LOGGING = logging_config(
    level=env("LOG_LEVEL", default="INFO"), fmt=env("LOG_FORMAT", default="plain")
)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# The request id: taken from an incoming X-Request-ID (a proxy's) or made, returned in the
# response and written on every log line of the request and of the tasks it queues.
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": False,
    "INTEGRATIONS": [CeleryIntegration(use_django_logging=True, log_parent=True)],
}

# People told of errors (500s, failed tasks): "Name <address>, Other <address>".
ADMINS = [parseaddr(a) for a in env.list("ADMINS", default=[])]
MANAGERS = ADMINS

# Optional error reporting: nothing is sent unless SENTRY_DSN is set, and then no personal
# data (no user, cookies, IP addresses, request bodies or local variables).
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration as SentryCelery
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration(), SentryCelery()],
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default=None),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
    )

# --- Monitoring ---------------------------------------------------------------------------
# Compliance = achieved ÷ planned (SPEC §5). A result is "on track" from on_track % of
# compliance, "at risk" from at_risk % up to on_track, "delayed" below at_risk.
MONITORING_COMPLIANCE_THRESHOLDS = {
    "on_track": env.int("MONITORING_ON_TRACK_FROM", default=90),
    "at_risk": env.int("MONITORING_AT_RISK_FROM", default=60),
}
# A regional figure resting on fewer approved reports than this percent of the reports
# expected (those of the period that carry its activities) is marked "partial".
MONITORING_COVERAGE_PARTIAL_BELOW = env.int("MONITORING_COVERAGE_PARTIAL_BELOW", default=50)
# Focal points whose report is not submitted are reminded this many days before the due date.
MONITORING_REMINDER_DAYS = env.list("MONITORING_REMINDER_DAYS", cast=int, default=[7, 1])

# --- Statistics ---------------------------------------------------------------------------
# Issue 20 / SPEC "Statistics": counts from 1 to this minus 1 are suppressed, with
# complementary suppression, in everything shown to anyone but the reporting country and ST
# (stats.disclosure, stats.selectors.publication). Zeros are published.
STATS_DISCLOSURE_THRESHOLD = env.int("STATS_DISCLOSURE_THRESHOLD", default=5)
# A year's suppression pattern is keyed by its published returns (a publication changes the
# key), so it is kept long: computing it at 10× takes seconds (bench/RESULTS.md), and
# publishing a return computes its year's again in the background (stats.tasks).
STATS_PATTERN_CACHE_SECONDS = env.int("STATS_PATTERN_CACHE_SECONDS", default=30 * 24 * 3600)

CELERY_BEAT_SCHEDULE.update(
    {
        "monitoring-due-reminders": {
            "task": "monitoring.send_due_reminders",
            "schedule": crontab(hour=7, minute=0),  # daily, 07:00 CELERY_TIMEZONE
        },
        # Directory entries past their review date: their country's focal points (issue 19).
        "directories-stale-reminders": {
            "task": "directories.send_stale_reminders",
            "schedule": crontab(hour=7, minute=15),
        },
        # Comunicados not acknowledged by their date: one reminder, the day after (issue 18).
        "communications-remind-overdue-communiques": {
            "task": "communications.remind_overdue_communiques",
            "schedule": crontab(hour=7, minute=30),
        },
        # Cooperation reports owed to partners: before they fall due and once overdue (issue 22).
        "presidency-remind-reporting-duties": {
            "task": "presidency.remind_reporting_duties",
            "schedule": crontab(hour=7, minute=45),
        },
    }
)
# A pending cooperation report is reminded this many days before its due date (each once),
# and once on its first day overdue (presidency.services.cooperation_notices).
PRESIDENCY_DUTY_REMINDER_DAYS = (14, 1)
