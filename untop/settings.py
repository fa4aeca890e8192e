"""Settings of the UNTOP programme portal, read from the environment.

The embedded default (no variables set, DJANGO_DEBUG=true) runs on a SQLite file and a
filesystem Celery broker under var/, so a fresh machine needs neither PostgreSQL nor Redis.
Production sets DATABASE_URL, CELERY_BROKER_URL, DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

# A development checkout keeps its settings in a git-ignored .env (`make setup` writes one
# with DJANGO_DEBUG=true), so that `manage.py` commands work there as typed. Variables set in
# the real environment win; images and CI clones have no .env.
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

env = environ.Env()
VAR_DIR = Path(env.str("UNTOP_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DJANGO_DEBUG", default=False)

# No default outside DEBUG: a production server must never run on a known key.
if DEBUG:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="insecure-local-development-key-only")
else:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY")

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # The back office's site and readable names for these apps (labels unchanged).
    "untop.admin_apps.PortalAdminConfig",
    "untop.admin_apps.AccountsConfig",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Django's own widget templates, for the project's form renderer (FORM_RENDERER).
    "django.forms",
    "import_export",
    "untop.admin_apps.SignInLockoutsConfig",  # axes
    "django_otp",
    "untop.admin_apps.AuthenticatorAppsConfig",  # django_otp.plugins.otp_totp
    "untop.admin_apps.RecoveryCodesConfig",  # django_otp.plugins.otp_static (untop.security.otp)
    "untop.apps.UntopConfig",
    # Before the portal's audit app, whose admin replaces auditlog's list of every entry.
    "auditlog",
    "untop.audit.apps.AuditConfig",
    "untop.security.apps.SecurityConfig",
    "untop.notifications.apps.NotificationsConfig",
    # The read-only API (untop.api): DRF, its schema, knox's tokens (the portal's model).
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "knox",
    "untop.api.apps.ApiConfig",
    "programs.apps.ProgramsConfig",
    "untop.reports.apps.ReportsConfig",
    "elections.apps.ElectionsConfig",
    "training.apps.TrainingConfig",
    "humanrights.apps.HumanrightsConfig",
    "untop.imports.apps.ImportsConfig",
    "demo.apps.DemoConfig",  # load_demo, generate_synthetic: never imported by the others
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "untop.middleware.ContentSecurityPolicyMiddleware",
    "untop.security.middleware.NoStoreMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language cookie, then the browser's; a signed-in user's choice wins (untop.i18n).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): the second factor given in this session (untop.security).
    "django_otp.middleware.OTPMiddleware",
    "untop.i18n.UserLanguageMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "untop.audit.context.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "untop.security.middleware.SessionTimeoutMiddleware",
    "untop.security.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A form sent twice saves once (each form's key; after the user and the messages).
    "untop.security.middleware.SentOnceMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Forms render with the project's templates, so that templates/django/forms/widgets/ can
# replace one of Django's (the select's options, untop/templatetags/portal_widgets.py).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

ROOT_URLCONF = "untop.urls"
WSGI_APPLICATION = "untop.wsgi.application"

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
                "untop.navigation.navigation",
                # The "Sign in with …" button when single sign-on is configured.
                "untop.security.oidc.single_sign_on",
            ],
            # {% form_key %} in every data-entry form: a post saved once (untop.security).
            "builtins": ["untop.security.form_key"],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'untop.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the Celery worker write to the same file: wait for the lock
    # instead of failing, and take it at the start of a transaction to avoid deadlocks.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 30, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    # A file, not memory, so that a Celery worker started by the tests sees the test data.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-untop.sqlite3")}
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # No JIT compilation: PostgreSQL compiles a query its planner costs high (a sum over a
    # large office's every session), which takes hundreds of milliseconds, for queries that
    # then run in tens. The portal's queries are short; JIT pays only for long analytics.
    # A page read from anywhere costs about what a page read in sequence does, as on the SSD
    # or in the memory the data comes from (PostgreSQL's default of 4 is for spinning disks):
    # at 4, a search of the activity list by a project's code summed its participants by
    # reading every participant row rather than those of the project's activities.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", "-c jit=off -c random_page_cost=1.1"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache of summed figures (untop/figures_cache.py): each process's own memory
# by default; several processes (gunicorn's workers, the Celery worker) share one, so that a
# change made in one reaches all at once, e.g. DJANGO_CACHE_URL=redis://redis:6379/1.
# The pages never depend on it: while it cannot be reached they sum from the database
# (untop.figures_cache), so a Redis that is down or unreachable must fail fast, not hang.
CACHES = {"default": env.cache_url_config(env.str("DJANGO_CACHE_URL", default="locmemcache://"))}
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"socket_connect_timeout": 1, "socket_timeout": 1}
    )
elif CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # Django's 300 entries by default: the figures of a few pages in three languages, each
    # user's permissions and the lists' counts outgrow them, and every cull then drops a
    # third of what is kept (a user's permissions read again, a page's figures summed
    # again). Entries are small; ten thousand fit in a few megabytes.
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 10_000)

AUTH_USER_MODEL = "programs.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-axes first: a locked-out user is refused before the password is checked.
    "untop.security.backends.LockoutBackend",
    # Single sign-on (untop.security.oidc): no password for accounts linked to the provider
    # when UNTOP_OIDC_PASSWORDS_OFF; the provider's code flow last (inert when not configured).
    "untop.security.oidc.PasswordsOffBackend",
    # Each user's permissions from the cache, under a version every change of rights
    # replaces (untop.security.permission_cache); it signs nobody in: the sessions name the
    # model backend, which then answers from what it filled in, without a query.
    "untop.security.permission_cache.CachedPermissionsBackend",
    "django.contrib.auth.backends.ModelBackend",
    "untop.security.oidc.SingleSignOnBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Русский"), ("tg", "Тоҷикӣ")]
# The portal's own catalogues (compiled .mo files are committed: no gettext needed to run).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Dushanbe"
USE_I18N = True
# Dates as "24 May 2007" in English (untop/formats/en); Russian and Tajik keep their own.
FORMAT_MODULE_PATH = ["untop.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Report PDFs and evidence files are private: stored outside any served URL and downloaded
# through views that check permissions. On local disk by default; with UNTOP_REPORTS_S3_BUCKET
# set, in an S3-compatible bucket that several web servers and workers share (private objects,
# no public or signed URLs: the files still go out only through those views).
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "private")))
UNTOP_REPORTS_S3_BUCKET = env.str("UNTOP_REPORTS_S3_BUCKET", default="")
if UNTOP_REPORTS_S3_BUCKET:
    _s3_options = {
        "bucket_name": UNTOP_REPORTS_S3_BUCKET,
        # Empty values fall back to boto3's own defaults (AWS itself, an instance role).
        "endpoint_url": env.str("UNTOP_REPORTS_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("UNTOP_REPORTS_S3_REGION", default="") or None,
        "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
        "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
        # Files larger than this are spooled to a temporary file, not held in memory.
        "max_memory_size": 5 * 1024 * 1024,
    }
    _default_storage = {
        "BACKEND": "untop.storage.PrivateS3Storage",
        "OPTIONS": {**_s3_options, "location": ""},
    }
    _report_storage = {
        "BACKEND": "untop.storage.PrivateS3Storage",
        "OPTIONS": {**_s3_options, "location": "reports"},
    }
else:
    _default_storage = {
        "BACKEND": "untop.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": None},
    }
    _report_storage = {
        "BACKEND": "untop.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT / "reports", "base_url": None},
    }
STORAGES = {
    "default": _default_storage,
    "reports": _report_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        ),
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_CONFIG = env.email_url("DJANGO_EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="UNTOP portal <portal@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

# PDF rendering: a report that takes longer than this is stopped and marked failed.
UNTOP_PDF_TIME_LIMIT = env.int("UNTOP_PDF_TIME_LIMIT", default=600)

# Celery. The embedded default is kombu's filesystem transport: a real worker process,
# no broker server. Production and CI use Redis.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
# The longest a report may take: the PDF, plus gathering the figures and storing the file.
# At the soft limit the report is marked failed; at the hard one the worker process is ended.
CELERY_TASK_SOFT_TIME_LIMIT = UNTOP_PDF_TIME_LIMIT + 240
CELERY_TASK_TIME_LIMIT = CELERY_TASK_SOFT_TIME_LIMIT + 60
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    for _folder in ("queue", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Redis hands an unacknowledged task to another worker after this many seconds: it
        # must be longer than the longest report (the task's hard time limit), or a report
        # still being built would be delivered twice.
        "visibility_timeout": max(3600, 2 * CELERY_TASK_TIME_LIMIT),
        # A web request asking for a report while Redis is unreachable gives up quickly;
        # the report stays queued and the periodic sweep sends it later.
        "socket_connect_timeout": 2,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# A request whose task cannot be published is not lost (see untop/reports/delivery.py): try
# twice, then leave it queued for the sweep, so the page answers within a few seconds.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged when it ends, and given back to the queue when its worker dies.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A worker's pool process is replaced, once its task ends, after this many tasks or when it
# holds more than this much memory (KiB; a large report's PDF can take 500 MB), so that
# memory kept by one report is given back rather than growing with every report built.
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("UNTOP_WORKER_MAX_TASKS_PER_CHILD", default=50)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int(
    "UNTOP_WORKER_MAX_MEMORY_PER_CHILD_KB", default=1024 * 1024
)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# Celery beat: `celery -A untop beat` (docker compose), or the worker's -B under `make run`.
CELERY_BEAT_SCHEDULE = {
    # Sends the reports that never reached the queue; re-queues those whose worker died.
    "send-waiting-reports": {
        "task": "reports.send_waiting_reports",
        "schedule": 60.0,
        # A sweep that waited longer than this is dropped: the next one does the same work.
        "options": {"expires": 55},
    },
    # The donors' monthly reports for the past month, on the first of each month.
    "monthly-donor-reports": {
        "task": "programs.request_monthly_donor_reports",
        "schedule": crontab(minute=0, hour=6, day_of_month=1),
    },
    # Old drafts to their centres' staff, long-waiting submissions to the managers, on
    # Monday mornings; a digest sent once a week is not sent again (programs.notifications).
    "weekly-digests": {
        "task": "programs.send_weekly_digests",
        "schedule": crontab(minute=0, hour=7, day_of_week="mon"),
    },
}

# Reports that a worker stopped building (killed, out of memory, restarted). The worker
# building a report marks it alive every UNTOP_REPORT_HEARTBEAT seconds; a report with no
# sign of life for UNTOP_REPORT_STALE_AFTER seconds is queued again, up to
# UNTOP_REPORT_MAX_ATTEMPTS starts, then marked failed. A queued report that was sent but not
# started within UNTOP_REPORT_RESEND_AFTER seconds (a broker that lost it) is sent again.
UNTOP_REPORT_HEARTBEAT = env.int("UNTOP_REPORT_HEARTBEAT", default=30)
UNTOP_REPORT_STALE_AFTER = env.int("UNTOP_REPORT_STALE_AFTER", default=180)
UNTOP_REPORT_MAX_ATTEMPTS = env.int("UNTOP_REPORT_MAX_ATTEMPTS", default=3)
UNTOP_REPORT_RESEND_AFTER = env.int("UNTOP_REPORT_RESEND_AFTER", default=900)
# A report whose database connection fails while its figures are gathered (a restart, a
# connection ended by the server) reads them again on a new connection, up to
# UNTOP_REPORT_DB_RETRIES times, after UNTOP_REPORT_DB_RETRY_BACKOFF seconds doubled at each
# retry (2, 4, 8 s); then it fails with a plain message (untop/reports/services.py).
UNTOP_REPORT_DB_RETRIES = env.int("UNTOP_REPORT_DB_RETRIES", default=3)
UNTOP_REPORT_DB_RETRY_BACKOFF = env.float("UNTOP_REPORT_DB_RETRY_BACKOFF", default=2.0)
if UNTOP_REPORT_STALE_AFTER < 2 * UNTOP_REPORT_HEARTBEAT:
    raise ImproperlyConfigured(
        "UNTOP_REPORT_STALE_AFTER must be at least twice UNTOP_REPORT_HEARTBEAT, or a report "
        "still being built would be taken for one whose worker died."
    )

# Imports (untop/imports): the largest file, the most rows, what an XLSX may unpack to, and
# from how many rows an import runs in the background (Celery) rather than in the request.
UNTOP_IMPORT_MAX_BYTES = env.int("UNTOP_IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
UNTOP_IMPORT_MAX_ROWS = env.int("UNTOP_IMPORT_MAX_ROWS", default=200_000)
# Background imports take the reports' job path (untop/jobs.py): the worker importing a file
# marks it alive every UNTOP_IMPORT_HEARTBEAT seconds; one silent for UNTOP_IMPORT_STALE_AFTER
# seconds is queued again, up to UNTOP_IMPORT_MAX_ATTEMPTS starts, then failed; one sent but
# not started within UNTOP_IMPORT_RESEND_AFTER seconds is sent again. The file sent is deleted
# when its import ends, and by the sweep after UNTOP_IMPORT_FILE_DAYS days whatever happened.
UNTOP_IMPORT_HEARTBEAT = env.int("UNTOP_IMPORT_HEARTBEAT", default=30)
UNTOP_IMPORT_STALE_AFTER = env.int("UNTOP_IMPORT_STALE_AFTER", default=180)
UNTOP_IMPORT_MAX_ATTEMPTS = env.int("UNTOP_IMPORT_MAX_ATTEMPTS", default=3)

# The office's IATI organisation identifier: it begins every activity identifier of the IATI
# file (programs/iati.py), e.g. XM-DAC-41000-UNTOP-ND-2005.
UNTOP_IATI_REPORTING_ORG = env.str("UNTOP_IATI_REPORTING_ORG", default="XM-DAC-41000-UNTOP")
UNTOP_IMPORT_RESEND_AFTER = env.int("UNTOP_IMPORT_RESEND_AFTER", default=900)
UNTOP_IMPORT_FILE_DAYS = env.int("UNTOP_IMPORT_FILE_DAYS", default=7)
if UNTOP_IMPORT_STALE_AFTER < 2 * UNTOP_IMPORT_HEARTBEAT:
    raise ImproperlyConfigured(
        "UNTOP_IMPORT_STALE_AFTER must be at least twice UNTOP_IMPORT_HEARTBEAT, or an import "
        "still running would be taken for one whose worker died."
    )
# Every minute, like the reports' sweep: sends the imports that never reached the queue,
# queues again those whose worker died, deletes the files no import needs any more.
# Accounts past their expiry date: recorded once, their open sessions ended (programs.tasks).
CELERY_BEAT_SCHEDULE["close-expired-accounts"] = {
    "task": "programs.close_expired_accounts",
    "schedule": 3600.0,
    "options": {"expires": 3500},
}
CELERY_BEAT_SCHEDULE["sweep-import-jobs"] = {
    "task": "imports.sweep_import_jobs",
    "schedule": 60.0,
    "options": {"expires": 55},
}

# Separation of duties (programs/rules.py): a manager does not approve an activity they
# entered themselves. An office with a single manager may lift it.
UNTOP_ALLOW_SELF_APPROVAL = env.bool("UNTOP_ALLOW_SELF_APPROVAL", default=False)
UNTOP_IMPORT_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
UNTOP_IMPORT_MAX_COMPRESSION_RATIO = 200
UNTOP_IMPORT_BACKGROUND_ROWS = env.int("UNTOP_IMPORT_BACKGROUND_ROWS", default=2_000)
# django-import-export in the back office: importing needs the "add" permission, exporting
# "view"; the import form takes CSV and XLSX only (read by untop/imports/reading.py).
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_SKIP_ADMIN_LOG = True

# The read-only API (untop.api, README "API"): a token from the account page or the session;
# cursor pages; each user's requests limited to UNTOP_API_RATE ("1000/hour"; counted in the
# cache above, and not limited while it cannot be reached).
UNTOP_API_RATE = env.str("UNTOP_API_RATE", default="1000/hour")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "untop.api.auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "untop.api.pagination.PortalCursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["untop.api.throttles.PerUserThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "UNTOP programme portal API",
    "DESCRIPTION": "Read-only: what the portal shows the caller, by token or session.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # The lists' statuses, each under its own name.
    "ENUM_NAME_OVERRIDES": {
        "ProjectStatusEnum": "programs.models.Project.Status",
        "ActivityStatusEnum": "programs.models.Activity.Status",
        "RecommendationStatusEnum": "humanrights.models.RecommendationStatus",
    },
}
# Tokens are the portal's model (a name, when last used), kept as knox's SHA-512 digest,
# with no end unless their owner gives one.
KNOX_TOKEN_MODEL = "api.ApiToken"  # noqa: S105 (a model, not a secret)
REST_KNOX = {"TOKEN_MODEL": KNOX_TOKEN_MODEL, "TOKEN_TTL": None, "TOKEN_PREFIX": "untop_"}
# knox's own migrations create its own token table whatever the model in use (they do not
# mark it swappable); the portal's table comes from untop/api/migrations.
MIGRATION_MODULES = {"knox": None}

# Security headers. The Content Security Policy forbids inline scripts and other hosts.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=12 * 3600)
# Sessions stay in the database (Django's default, named so that the choice is seen). Cached
# sessions ("cached_db") would save one query a request, but the cache would then decide who
# is signed in: a sign-out while a shared cache is unreachable deletes the database row and
# fails on the cache, whose copy is valid again once it answers; the sessions the portal ends
# itself (an expired account's: programs.accounts.sessions_end) are deleted in the database
# only; and reading a session while the cache is down fails the page. The portal must work,
# and a sign-out must hold, without the cache (see CACHES above).
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Sign-in protection (untop.security). A session ends after this long without a request,
# and this long after the sign-in whatever happens; a change of password, e-mail or
# authenticator app asks for the password again when it was last given longer ago.
UNTOP_SESSION_IDLE_TIMEOUT = env.int("UNTOP_SESSION_IDLE_TIMEOUT", default=30 * 60)
UNTOP_SESSION_ABSOLUTE_TIMEOUT = env.int("UNTOP_SESSION_ABSOLUTE_TIMEOUT", default=12 * 3600)
UNTOP_REAUTHENTICATION_AGE = env.int("UNTOP_REAUTHENTICATION_AGE", default=10 * 60)
# The user admin's "Dormant accounts": active accounts without a sign-in for this many days.
UNTOP_DORMANT_DAYS = env.int("UNTOP_DORMANT_DAYS", default=90)
# Reverse proxies in front of the portal that append to X-Forwarded-For (0: none; the
# header is then ignored, as anyone can write it).
UNTOP_TRUSTED_PROXY_COUNT = env.int("UNTOP_TRUSTED_PROXY_COUNT", default=0)
# django-axes: after AXES_FAILURE_LIMIT wrong passwords in a row for a user name from one
# client address, that account's sign-in from there is refused for the cool-off time (429 and
# the lockout page). The address comes from untop.security.clientip (see the proxy count).
AXES_FAILURE_LIMIT = env.int("UNTOP_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("UNTOP_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "untop.security.clientip.client_ip"
AXES_USERNAME_FORM_FIELD = "username"
OTP_TOTP_ISSUER = "UNTOP portal"
# The back office never shows a device's secret key or its QR code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# The audit trail (django-auditlog, untop.audit): values kept as JSON (numbers stay numbers),
# the record as saved read through the base manager, nothing logged for fixtures loaded raw.
# The client's address and a correlation id would come from headers anyone can write: the
# trail keeps neither (sign-ins keep the address, from untop.security.clientip).
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_USE_BASE_MANAGER = True
AUDITLOG_DISABLE_ON_RAW_SAVE = True
AUDITLOG_DISABLE_REMOTE_ADDR = True
AUDITLOG_CID_HEADER = None

# Single sign-on through an OpenID Connect provider (untop.security.oidc, mozilla-django-oidc;
# README "Single sign-on"). Off unless UNTOP_OIDC_ISSUER and UNTOP_OIDC_CLIENT_ID are set. The
# endpoints come from the issuer's discovery document unless each is set here. No account is
# created by signing on: an administrator creates it, and the provider's verified e-mail
# address finds it the first time.
UNTOP_OIDC_ISSUER = env.str("UNTOP_OIDC_ISSUER", default="")
UNTOP_OIDC_PROVIDER_NAME = env.str("UNTOP_OIDC_PROVIDER_NAME", default="")
UNTOP_OIDC_PASSWORDS_OFF = env.bool("UNTOP_OIDC_PASSWORDS_OFF", default=False)
UNTOP_OIDC_TRUSTS_MFA = env.bool("UNTOP_OIDC_TRUSTS_MFA", default=False)
OIDC_RP_CLIENT_ID = env.str("UNTOP_OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("UNTOP_OIDC_CLIENT_SECRET", default="")
if OIDC_RP_CLIENT_ID and not (UNTOP_OIDC_ISSUER and OIDC_RP_CLIENT_SECRET):
    raise ImproperlyConfigured(
        "Single sign-on needs UNTOP_OIDC_ISSUER and UNTOP_OIDC_CLIENT_SECRET with "
        "UNTOP_OIDC_CLIENT_ID."
    )
OIDC_RP_SCOPES = env.str("UNTOP_OIDC_SCOPES", default="openid email profile")
OIDC_RP_SIGN_ALGO = env.str("UNTOP_OIDC_SIGN_ALGO", default="RS256")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("UNTOP_OIDC_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("UNTOP_OIDC_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("UNTOP_OIDC_USERINFO_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("UNTOP_OIDC_JWKS_ENDPOINT", default="")
OIDC_AUTHENTICATION_CALLBACK_URL = "sso_callback"
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_VERIFY_SSL = True
OIDC_TIMEOUT = 10
# Second factor (untop.security.otp): a user who must use one (managers, administrators) sets
# it up within UNTOP_OTP_ENROLMENT_HOURS of the account's creation, or through a set-up link an
# administrator sends (valid as long); after that, only a new link. The links point at
# UNTOP_PORTAL_URL when sent without a web request (a command), as do the links of the
# e-mail notifications (untop.notifications).
UNTOP_OTP_ENROLMENT_HOURS = env.int("UNTOP_OTP_ENROLMENT_HOURS", default=48)
UNTOP_PORTAL_URL = env.str("UNTOP_PORTAL_URL", default="http://127.0.0.1:8000")
# Password-reset requests per e-mail address and per client address in an hour; beyond them
# the page answers as usual and sends nothing.
UNTOP_RESET_LIMIT_PER_ACCOUNT = env.int("UNTOP_RESET_LIMIT_PER_ACCOUNT", default=3)
UNTOP_RESET_LIMIT_PER_ADDRESS = env.int("UNTOP_RESET_LIMIT_PER_ADDRESS", default=10)
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}
