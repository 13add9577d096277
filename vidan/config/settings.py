"""Settings, read from the environment.

Everything a deployment changes is an environment variable; the defaults make `make run` work on a bare
machine with SQLite. A development checkout's `.env`, written by `make run`, fills in what the environment
lacks (vidan/config/envfile.py); production reads the environment only.
"""

import os
import sys
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from vidan.config.envfile import default_database_url, env_file_load
from vidan.config.security import DEFAULT_CONTENT_SECURITY_POLICY

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent
env_file_load(PROJECT_DIR)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
TESTING = env_bool("VIDAN_TESTING")
# Served to the public over HTTPS: the defaults of the security settings below are production's unless DEBUG is
# on or the tests run.
PRODUCTION = not DEBUG and not TESTING

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105

# The audit chain's key and the file its signed head goes to on every `vidan tick` (vidan/audit/head.py). Neither
# is in the database, so that whoever can write to the database can neither recompute the chain nor move its
# end back unseen.
VIDAN_AUDIT_KEY = os.environ.get("VIDAN_AUDIT_KEY", "")
VIDAN_AUDIT_HEAD_FILE = os.environ.get("VIDAN_AUDIT_HEAD_FILE", "")
if not (DEBUG or TESTING):
    if len(VIDAN_AUDIT_KEY) < 32:
        raise ImproperlyConfigured(
            "VIDAN_AUDIT_KEY must be set, at least 32 characters, when DEBUG is off: it keys the audit log's chain."
        )
    if not VIDAN_AUDIT_HEAD_FILE:
        raise ImproperlyConfigured(
            "VIDAN_AUDIT_HEAD_FILE must be set when DEBUG is off: the file `vidan tick` writes the audit log's "
            "signed head to, and `vidan audit verify` checks the chain against."
        )
VIDAN_AUDIT_KEY = VIDAN_AUDIT_KEY or "development-audit-key:" + SECRET_KEY
VIDAN_AUDIT_HEAD_FILE = VIDAN_AUDIT_HEAD_FILE or str(PROJECT_DIR / "var" / "audit-head")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "vidan.config.apps.VidanAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ninja",
    "vidan.core",
    "vidan.org",
    "vidan.audit",
    "vidan.notify",
    "vidan.workdays",
    "vidan.onestop",
    "vidan.conduct",
    "vidan.ratings",
    # Last of the modules: its demo step computes the indicators the others registered, their demo data made.
    "vidan.model",
    "vidan.api",
    "vidan.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "vidan.org.middleware.ActorMiddleware",
    "vidan.core.middleware.NulRefusedMiddleware",
    "vidan.config.security.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "vidan.config.urls"
WSGI_APPLICATION = "vidan.config.wsgi.application"

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
                "vidan.web.context.site",
            ],
        },
    }
]

# Databases -------------------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or default_database_url(PROJECT_DIR)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=int(os.environ.get("CONN_MAX_AGE", 60)))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if TESTING else DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at BEGIN so two
        # writers queue on the busy timeout instead of failing half-way with "database is locked".
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # Reading the file through a memory map saves a system call per page read (SQLITE_MMAP_BYTES, 0 = off;
        # an I/O error on a mapped page then stops the process rather than failing the query).
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            f"PRAGMA mmap_size={int(os.environ.get('SQLITE_MMAP_BYTES', 0))};"
        ),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, with timestamps parsed by psycopg's compiled loader (vidan/core/postgresql).
    DATABASES["default"]["ENGINE"] = "vidan.core.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Auth ------------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "org.Staff"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; tests that are not about hashing use a fast hasher.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["vidan.org.auth.StaffBackend"]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:staff-home"
LOGOUT_REDIRECT_URL = "web:home"

# Roles whose holders must confirm a TOTP code at every login (comma-separated role names).
VIDAN_OTP_REQUIRED_ROLES = env_list("VIDAN_OTP_REQUIRED_ROLES", "leader,supervisor,admin")
# Failed logins before an account is locked, and for how long.
VIDAN_LOGIN_MAX_FAILURES = int(os.environ.get("VIDAN_LOGIN_MAX_FAILURES", 5))
VIDAN_LOGIN_LOCK_MINUTES = int(os.environ.get("VIDAN_LOGIN_LOCK_MINUTES", 15))
OTP_TOTP_ISSUER = "Vì Dân"
# An API token's life in days: offered when one is issued, and the longest that may be chosen.
VIDAN_API_TOKEN_DAYS = int(os.environ.get("VIDAN_API_TOKEN_DAYS", 90))
VIDAN_API_TOKEN_MAX_DAYS = int(os.environ.get("VIDAN_API_TOKEN_MAX_DAYS", 365))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60

# Cache: Redis when REDIS_URL is set, memory otherwise. Redis is a cache, never a single point of failure: while
# it cannot be reached, sessions and staff pages are served from the database and the limits are counted in the
# database's counters; one warning a minute goes to the log (vidan.core.cache.RedisCache, docs/scaling.md).
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "vidan.core.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            # Its own prefix, so that what it kept from before an outage can be dropped when Redis is back,
            # without the limits' counters.
            "KEY_PREFIX": "vidan",
            "OPTIONS": {"CLEAR_AFTER_OUTAGE": True},
        }
    }
    # Sessions read from Redis, written through to the database (they outlive a restart of Redis).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The counters of the limits (wrong PINs, online submissions, failed logins of unknown names), which must be the
# same in every process: with one count per worker, an address could try each limit once per worker. Redis when
# there is one (the database's counters while it is down), the database otherwise (vidan.core.cache.DatabaseCache).
CACHES["limits-database"] = {"BACKEND": "vidan.core.cache.DatabaseCache"}
if os.environ.get("REDIS_URL"):
    CACHES["limits"] = {
        "BACKEND": "vidan.core.cache.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "OPTIONS": {"FALLBACK": "limits-database"},
    }
else:
    CACHES["limits"] = CACHES["limits-database"]
# Each process's own memory, for what may differ between processes: rendered fragments keyed by everything
# they show, and lists allowed to lag behind the database by their time to live. Values are kept unpickled,
# shared by every request of the process: read them, never change them (vidan.core.cache.ProcessCache).
CACHES["local"] = {
    "BACKEND": "vidan.core.cache.ProcessCache",
    "LOCATION": "vidan-local",
    "OPTIONS": {"MAX_ENTRIES": 20_000},  # a province's communes, procedures, fragments and staff counts
}
# Whether every app process sees the same cache, so that what one process drops (a revoked role, a deactivated
# account) is gone for all at once. Only then does the back office keep who a staff member is and what they
# may do in the cache between requests; with the per-process memory cache it reads them on every request.
VIDAN_SHARED_CACHE = env_bool("VIDAN_SHARED_CACHE", bool(os.environ.get("REDIS_URL")))

# Language and time -----------------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# The data directory ----------------------------------------------------------------------------------
# Every file the platform stores (citizens' uploads, electronic results, staff photos) lives under one directory,
# the one `vidan backup` copies beside the database (vidan/core/backup.py). `var/` of a checkout by default; in
# production it must be named, and never inside the installed package or its virtualenv, which an upgrade or a
# rebuilt virtualenv deletes.
VIDAN_DATA_DIR = Path(os.environ.get("VIDAN_DATA_DIR", "") or PROJECT_DIR / "var").resolve()
if PRODUCTION:
    if not os.environ.get("VIDAN_DATA_DIR"):
        raise ImproperlyConfigured(
            "VIDAN_DATA_DIR must be set when DEBUG is off: the directory that holds every file the platform stores "
            "(e.g. /srv/vidan/data)."
        )
    if any(VIDAN_DATA_DIR.is_relative_to(place) for place in (BASE_DIR, Path(sys.prefix).resolve())):
        raise ImproperlyConfigured(
            f"VIDAN_DATA_DIR ({VIDAN_DATA_DIR}) is inside the installed package or its virtualenv, which an upgrade "
            "deletes: choose a directory of its own (e.g. /srv/vidan/data)."
        )

# Static and uploaded files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", PROJECT_DIR / "var" / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = VIDAN_DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Citizens' uploads: private, served only through the back office (an S3 backend in production).
    "dossier_files": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": str(VIDAN_DATA_DIR / "private"),
            "base_url": "/nowhere/",
            "directory_permissions_mode": 0o750,
            "file_permissions_mode": 0o640,
        },
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "vidan.core.uploads.TotalLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# A citizen's upload: each file, and all the files of one submission together.
VIDAN_UPLOAD_MAX_BYTES = int(os.environ.get("VIDAN_UPLOAD_MAX_BYTES", 5 * 1024 * 1024))
VIDAN_UPLOAD_MAX_TOTAL_BYTES = int(os.environ.get("VIDAN_UPLOAD_MAX_TOTAL_BYTES", 20 * 1024 * 1024))
# Online dossiers one address may send in an hour (0: no limit, e.g. for a load test).
VIDAN_ONLINE_SUBMISSIONS_PER_HOUR = int(os.environ.get("VIDAN_ONLINE_SUBMISSIONS_PER_HOUR", 20))
# Codes looked up from one address in an hour, and codes that matched nothing (0: no limit). Dossier codes follow
# one another: these keep anyone from walking through them.
VIDAN_LOOKUPS_PER_HOUR = int(os.environ.get("VIDAN_LOOKUPS_PER_HOUR", 120))
VIDAN_LOOKUP_MISSES_PER_HOUR = int(os.environ.get("VIDAN_LOOKUP_MISSES_PER_HOUR", 20))
# Citizens' ratings (docs/ratings.md): the address the links sent by SMS start with, the ratings a kiosk at the desk
# takes in a minute (0: no limit), and how long its thanks stay on the screen before it is ready again.
VIDAN_SITE_URL = os.environ.get("VIDAN_SITE_URL", "").rstrip("/")
VIDAN_KIOSK_RATINGS_PER_MINUTE = int(os.environ.get("VIDAN_KIOSK_RATINGS_PER_MINUTE", 4))
VIDAN_KIOSK_RESET_SECONDS = int(os.environ.get("VIDAN_KIOSK_RESET_SECONDS", 5))

# E-mail and SMS --------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Vì Dân <no-reply@localhost>")
# SMS: who sends them (vidan/notify/senders.py). In production only the HTTP gateway reaches citizens; the console
# and file senders would report messages "sent" that nobody receives, so production refuses to start with them,
# unless VIDAN_SMS_SENDER=console is written on purpose (a site without SMS, its messages printed to the log).
VIDAN_SMS_SENDERS = ("console", "file", "http")
VIDAN_SMS_SENDER = os.environ.get("VIDAN_SMS_SENDER", "")
VIDAN_SMS_GATEWAY_URL = os.environ.get("VIDAN_SMS_GATEWAY_URL", "")
VIDAN_SMS_GATEWAY_TOKEN = os.environ.get("VIDAN_SMS_GATEWAY_TOKEN", "")
VIDAN_SMS_FILE = os.environ.get("VIDAN_SMS_FILE", str(PROJECT_DIR / "var" / "sms.jsonl"))
if VIDAN_SMS_SENDER and VIDAN_SMS_SENDER not in VIDAN_SMS_SENDERS:
    raise ImproperlyConfigured(f"VIDAN_SMS_SENDER is {VIDAN_SMS_SENDER!r}: it must be one of console, file, http.")
if PRODUCTION:
    if not VIDAN_SMS_SENDER:
        raise ImproperlyConfigured(
            "VIDAN_SMS_SENDER must be set when DEBUG is off: http (with VIDAN_SMS_GATEWAY_URL) to send SMS to "
            "citizens, or console on purpose to send none and print them to the log."
        )
    if VIDAN_SMS_SENDER == "file":
        raise ImproperlyConfigured(
            "VIDAN_SMS_SENDER=file writes SMS to a file that no citizen reads: use http in production (or console "
            "on purpose to send none)."
        )
    if VIDAN_SMS_SENDER == "http" and not VIDAN_SMS_GATEWAY_URL:
        raise ImproperlyConfigured("VIDAN_SMS_SENDER=http needs VIDAN_SMS_GATEWAY_URL, the gateway's address.")
VIDAN_SMS_SENDER = VIDAN_SMS_SENDER or "console"
# Whether a request sends its messages itself once its transaction commits. Off in production: a web worker
# never waits on a mail server or an SMS gateway; `vidan deliver` (or `vidan tick`) sends what is pending.
VIDAN_OUTBOX_SEND_IN_REQUEST = env_bool("VIDAN_OUTBOX_SEND_IN_REQUEST", DEBUG or TESTING)

# Security headers and HTTPS -------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# How many reverse proxies you trust in front of the app (they append to X-Forwarded-For).
VIDAN_PROXY_COUNT = int(os.environ.get("VIDAN_PROXY_COUNT", 0))
# Behind a proxy that terminates TLS (nginx), the request reaches the app over plain HTTP: the proxy's
# `X-Forwarded-Proto: https` is what says it came over HTTPS. Trust it only when the proxy sets it itself.
if env_bool("SECURE_PROXY_SSL"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Plain HTTP is sent on to HTTPS, and browsers are told to use nothing else (HSTS) for a year.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60 if PRODUCTION else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
# `preload` is a site's consent to being built into the browsers' preload list, which only matters once its
# domain is submitted (hstspreload.org takes a registered domain, never a host under it) and takes months to
# undo; Django warns (security.W021) while it is not sent. SECURE_HSTS_PRELOAD=0, written out, is the decision
# not to ask and silences that warning; left unset, the warning stays as the reminder that it is to be decided.
SILENCED_SYSTEM_CHECKS = []
if os.environ.get("SECURE_HSTS_PRELOAD", "").strip() and not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS.append("security.W021")
# The session's, the CSRF token's and the language's cookies are sent over HTTPS only.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", SESSION_COOKIE_SECURE)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
# The Content-Security-Policy of every response (vidan.config.security): scripts, styles, images and fonts from
# the site itself only, no inline script, no frame, forms sent to the site only. Empty: no header.
CONTENT_SECURITY_POLICY = os.environ.get("CONTENT_SECURITY_POLICY", DEFAULT_CONTENT_SECURITY_POLICY)
# Sent as Content-Security-Policy-Report-Only instead: the browser reports what the policy would block, and
# blocks nothing (to try a changed policy).
CONTENT_SECURITY_POLICY_REPORT_ONLY = env_bool("CONTENT_SECURITY_POLICY_REPORT_ONLY")

NINJA_PAGINATION_PER_PAGE = 50

# Upgrades and logs (docs/operations.md, "Upgrading" and "Logs") --------------------------------------
# Static files under names that carry a hash of their content (site.3f2a….css), listed in a manifest written by
# `vidan collectstatic`: a browser that cached last version's style sheet for a year asks for the new one after
# an upgrade. On unless DEBUG or the tests (no collectstatic there); off, the files keep their plain names.
if env_bool("VIDAN_STATIC_MANIFEST", PRODUCTION):
    STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"
# Who is mailed each error (`Name <address>` or an address, comma-separated), and the address it comes from.
ADMINS = [(parseaddr(entry)[0] or parseaddr(entry)[1], parseaddr(entry)[1]) for entry in env_list("ADMINS")]
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = os.environ.get("EMAIL_SUBJECT_PREFIX", "[Vì Dân] ")
# The same error is mailed once per so many seconds, whatever the number of workers (vidan.core.logs).
VIDAN_ERROR_MAIL_INTERVAL = int(os.environ.get("VIDAN_ERROR_MAIL_INTERVAL", 10 * 60))
LOG_LEVEL = os.environ.get("LOG_LEVEL", "WARNING")
# Every line: its time, its level, the client's address (behind VIDAN_PROXY_COUNT proxies, the one they saw;
# "-" outside a request), the logger and the message.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "client": {"()": "vidan.core.logs.ClientAddressFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s [%(client)s] %(name)s: %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["client"], "formatter": "line"},
        "mail_admins": {
            "class": "vidan.core.logs.RateLimitedAdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console", "mail_admins"], "level": LOG_LEVEL},
    # Django's own loggers go to the handlers above rather than to Django's default ones (an unlimited mail).
    "loggers": {"django": {"handlers": [], "level": LOG_LEVEL, "propagate": True}},
}
# Errors also go to Sentry when its DSN is set and sentry-sdk is installed (`pip install 'vidan[sentry]'`).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    try:
        import sentry_sdk
    except ImportError as missing:
        raise ImproperlyConfigured(
            "SENTRY_DSN is set but sentry-sdk is not installed: pip install 'vidan[sentry]'."
        ) from missing
    from vidan import __version__

    sentry_sdk.init(dsn=SENTRY_DSN, release=f"vidan@{__version__}", send_default_pii=False)

# The benchmark's floor views (bench/floor) are mounted only when asked for.
BENCH_FLOOR = env_bool("VIDAN_BENCH_FLOOR")
if BENCH_FLOOR:
    INSTALLED_APPS.append("bench.floor")

# Past one machine (docs/scaling.md) ------------------------------------------------------------------
# Files in S3-compatible storage: with S3_BUCKET set, the citizens' files and the results (`dossier_files`) go
# to that bucket under the prefix `private/`, private and reached only through the platform (the staff photos,
# public media, stay under MEDIA_ROOT). Credentials come the way boto3 finds them (AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY, or the machine's role); S3_ENDPOINT_URL names a server other than Amazon's (MinIO, Ceph).
S3_BUCKET = os.environ.get("S3_BUCKET", "")
if S3_BUCKET:
    STORAGES["dossier_files"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "default_acl": "private",
            # A stored file is never replaced: a name already taken gets a suffix, as on the disk.
            "file_overwrite": False,
            "querystring_auth": True,
            "location": "private",
        },
    }
# A PostgreSQL read replica: with REPLICA_DATABASE_URL set, the statistics and dashboards read from it
# (vidan.core.replica), except for a client that wrote in the last REPLICA_PIN_SECONDS, whose reads stay on the
# primary so that it sees what it wrote.
REPLICA_DATABASE_URL = os.environ.get("REPLICA_DATABASE_URL", "")
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", 10))
if REPLICA_DATABASE_URL:
    DATABASES["replica"] = dj_database_url.parse(
        REPLICA_DATABASE_URL, conn_max_age=int(os.environ.get("CONN_MAX_AGE", 60))
    )
    if DATABASES["replica"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("REPLICA_DATABASE_URL must name a PostgreSQL server.")
    DATABASES["replica"]["ENGINE"] = "vidan.core.postgresql"
    # Tests run on the primary's test database, the replica standing for it.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["vidan.core.replica.ReplicaRouter"]
    MIDDLEWARE.append("vidan.core.replica.ReplicaPinMiddleware")
