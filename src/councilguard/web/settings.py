"""Django settings for the CouncilGuard web app.

Everything that differs between a developer's laptop and the council's server comes from
environment variables (listed, with their defaults, in ``.env.example``); see
``councilguard.web.config`` for how they are parsed.
"""

from __future__ import annotations

import os
from datetime import time
from pathlib import Path

from .config import database_from_url, env_bool, env_int, env_list, env_proxy_address, env_time_or_off, secret_key

PACKAGE_DIR = Path(__file__).resolve().parent
# The checkout's root when running from a clone (src/councilguard/web -> repo); var/ and
# node_modules/ live there. COUNCILGUARD_HOME moves var/ elsewhere for an installed copy.
REPO_DIR = PACKAGE_DIR.parents[2]
HOME_DIR = Path(os.environ.get("COUNCILGUARD_HOME") or REPO_DIR)
VAR_DIR = HOME_DIR / "var"

DEBUG = env_bool("COUNCILGUARD_DEBUG", False)
# Behind TLS (the default outside debug) cookies are Secure and browsers are told to keep
# using HTTPS. `councilguard serve` on a loopback address turns this off unless it is set.
HTTPS = env_bool("COUNCILGUARD_HTTPS", not DEBUG)
# Behind a reverse proxy (TLS ends there): `councilguard serve` has waitress believe the
# X-Forwarded-Proto and X-Forwarded-For headers of requests from TRUSTED_PROXY only, and
# removes them from everyone else's, so a client cannot claim HTTPS or another address.
BEHIND_PROXY = env_bool("COUNCILGUARD_BEHIND_PROXY", False)
TRUSTED_PROXY = env_proxy_address("COUNCILGUARD_TRUSTED_PROXY", "127.0.0.1")

SECRET_KEY = secret_key(os.environ, VAR_DIR / "secret_key")
ALLOWED_HOSTS = env_list("COUNCILGUARD_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("COUNCILGUARD_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "crispy_forms",
    "crispy_forms_gds",
    "django_tasks",
    "django_tasks_db",
    "councilguard.web.accounts",
    "councilguard.web.register",
    "councilguard.web.governance",
    "councilguard.web.protocols",
    "councilguard.web.checks",
    "councilguard.web.casework",
    "councilguard.web.api",
    "councilguard.web.servicedesk",
    "councilguard.web.worker",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "councilguard.web.accounts.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "councilguard.web.accounts.middleware.OfficerTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "councilguard.web.urls"
WSGI_APPLICATION = "councilguard.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "councilguard.web.accounts.context.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        os.environ.get("COUNCILGUARD_DATABASE_URL") or "sqlite:///var/councilguard.sqlite3",
        HOME_DIR,
    )
}
# Folders the app writes to, made when Django starts (accounts' AppConfig.ready), not
# when these settings are merely imported (by `check --deploy`, say).
COUNCILGUARD_RUNTIME_DIRS: list[Path] = []
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    COUNCILGUARD_RUNTIME_DIRS.append(Path(DATABASES["default"]["NAME"]).parent)
    # The test database is a file too: Django's default, a shared in-memory database,
    # fails a write at once with "table is locked" while another thread (a background
    # scan) reads, where a file database waits for the lock as production's does.
    DATABASES["default"]["TEST"] = {"NAME": str(Path(DATABASES["default"]["NAME"]).with_suffix(".test.sqlite3"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Sign-in ---------------------------------------------------------------------------
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:sign-in"
OTP_TOTP_ISSUER = "CouncilGuard"
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day; officers sign in again each morning
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# The Social Media Protocol's advice for passwords: "over eight characters, mix of letters,
# numbers and symbols"; zxcvbn and Django's list of common passwords refuse weak ones that
# pass the letter of that advice ("Password1!").
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 9},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "councilguard.web.accounts.passwords.CharacterMixValidator"},
    {"NAME": "councilguard.web.accounts.passwords.ZxcvbnValidator", "OPTIONS": {"min_score": 3}},
]

# Lockout: this many failed sign-ins for one user name within the window locks it for the
# window (see accounts.lockout).
SIGN_IN_FAILURE_LIMIT = env_int("COUNCILGUARD_SIGN_IN_FAILURE_LIMIT", 5, 1, 100)
SIGN_IN_LOCKOUT_MINUTES = env_int("COUNCILGUARD_SIGN_IN_LOCKOUT_MINUTES", 15, 1, 24 * 60)

# --- Security headers and cookies -----------------------------------------------------
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HSTS goes on every response while HTTPS is on (SecurityHeadersMiddleware), not only on
# those Django knows came over TLS: behind a proxy that does not say so, browsers still
# get it over HTTPS, and they ignore it over plain HTTP (RFC 6797, 8.1).
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# Only behind a proxy can the app tell a plain-HTTP request from one over TLS (waitress
# sets the scheme from the proxy's X-Forwarded-Proto), so only there does it redirect.
SECURE_SSL_REDIRECT = HTTPS and BEHIND_PROXY
# No HSTS preload: the preload list takes only a registrable domain with every subdomain,
# so it is the council's decision for its whole domain, not this app's.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
# The largest form post accepted (the checker's draft limit is 200,000 characters).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("COUNCILGUARD_MAX_BODY_BYTES", 2_621_440, 65_536, 52_428_800)

# --- Static files: GOV.UK Frontend from npm (node_modules), served by whitenoise --------
# The precompiled GOV.UK stylesheet refers to its fonts and images as /assets/..., so the
# static URL is /assets/ and GOV.UK's assets folder is collected at its root.
GOVUK_FRONTEND_DIR = Path(
    os.environ.get("COUNCILGUARD_GOVUK_FRONTEND_DIR") or REPO_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"
)
STATIC_URL = "/assets/"
STATIC_ROOT = VAR_DIR / "static"
# whitenoise looks for it at start-up even when serving from the finders.
COUNCILGUARD_RUNTIME_DIRS.append(STATIC_ROOT)
STATICFILES_DIRS: list[Path | tuple[str, Path]] = [PACKAGE_DIR / "static"]
if GOVUK_FRONTEND_DIR.is_dir():
    STATICFILES_DIRS += [("govuk", GOVUK_FRONTEND_DIR), GOVUK_FRONTEND_DIR / "assets"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Also serve straight from the finders, so tests and a fresh checkout work before
# `collectstatic` (which `councilguard serve` runs, adding compressed copies).
WHITENOISE_USE_FINDERS = True

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
CRISPY_GDS_FRONTEND_VERSION = "5.14.0"

# --- E-mail: printed to the console unless an SMTP server is configured ----------------
EMAIL_HOST = os.environ.get("COUNCILGUARD_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("COUNCILGUARD_EMAIL_PORT", 587, 1, 65535)
    EMAIL_HOST_USER = os.environ.get("COUNCILGUARD_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("COUNCILGUARD_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("COUNCILGUARD_EMAIL_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("COUNCILGUARD_FROM_EMAIL", "councilguard@havering.gov.uk")
# Where incident reports, reminders and escalations for the ICT Service Desk are sent.
COUNCILGUARD_SERVICE_DESK_EMAIL = os.environ.get("COUNCILGUARD_SERVICE_DESK_EMAIL", "ict.servicedesk@havering.gov.uk")
# The address e-mails link to (the scheduled deadlines command has no request to take it from).
COUNCILGUARD_SITE_URL = os.environ.get("COUNCILGUARD_SITE_URL", "http://127.0.0.1:8000")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# The protocol pack the app checks against (a pack name or directory).
COUNCILGUARD_PROTOCOL = os.environ.get("COUNCILGUARD_PROTOCOL", "havering-2018")

# The JSON API (api app): requests a minute per member (a batch is one request), and the
# largest bodies and batch accepted; past these the API answers 429 or 413.
COUNCILGUARD_API_RATE_PER_MINUTE = env_int("COUNCILGUARD_API_RATE_PER_MINUTE", 120, 1, 1_000_000)
COUNCILGUARD_API_MAX_CHECK_BYTES = env_int("COUNCILGUARD_API_MAX_CHECK_BYTES", 1_048_576, 1024, 52_428_800)
COUNCILGUARD_API_MAX_BATCH_BYTES = env_int("COUNCILGUARD_API_MAX_BATCH_BYTES", 10_485_760, 1024, 104_857_600)
COUNCILGUARD_API_MAX_BATCH_DRAFTS = env_int("COUNCILGUARD_API_MAX_BATCH_DRAFTS", 100, 1, 10_000)
# The API's statistics rows are written in bulk, this many seconds after a check at most
# (0: with each request); a server process killed outright loses at most these seconds.
COUNCILGUARD_API_STATISTICS_SECONDS = env_int("COUNCILGUARD_API_STATISTICS_SECONDS", 2, 0, 300)

# Complaints (casework app): the most one upload of archives may hold, where uploads and
# scan reports are kept (private to the server's user), and the processes each scan checks
# on (in the `councilguard worker` that runs it).
COUNCILGUARD_COMPLAINT_UPLOAD_MAX_BYTES = env_int(
    "COUNCILGUARD_COMPLAINT_UPLOAD_MAX_BYTES", 200 * 1024 * 1024, 1024, 50 * 1024**3
)
COUNCILGUARD_COMPLAINTS_DIR = Path(os.environ.get("COUNCILGUARD_COMPLAINTS_DIR") or VAR_DIR / "complaints")
COUNCILGUARD_SCAN_PROCESSES = env_int("COUNCILGUARD_SCAN_PROCESSES", 1, 1, 256)

# Background work: tasks are rows in this database (django-tasks' database backend), run by
# `councilguard worker`; no broker. The daily duties (deadlines, casework reminders and
# retention) are enqueued by the workers at this local time ("off": by cron instead).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
COUNCILGUARD_DAILY_DUTIES_AT = env_time_or_off("COUNCILGUARD_DAILY_DUTIES_AT", time(7, 30))

# Casework (complaints, abuse received, page moderation): working days each stage of a
# complaint has, how many working days before a deadline the reminder goes, how long a
# closed case is kept (days) before the retention command deletes it, where screenshots
# are kept (private to the server's user), the largest screenshot and upload accepted,
# and the public complaint form's spam limits (posts per IP address an hour, and the
# fewest seconds a person takes to fill it in).
COUNCILGUARD_COMPLAINT_ACKNOWLEDGE_DAYS = env_int("COUNCILGUARD_COMPLAINT_ACKNOWLEDGE_DAYS", 5, 1, 250)
COUNCILGUARD_COMPLAINT_ASSESS_DAYS = env_int("COUNCILGUARD_COMPLAINT_ASSESS_DAYS", 20, 1, 250)
COUNCILGUARD_COMPLAINT_DECIDE_DAYS = env_int("COUNCILGUARD_COMPLAINT_DECIDE_DAYS", 60, 1, 500)
COUNCILGUARD_COMPLAINT_REMINDER_DAYS = env_int("COUNCILGUARD_COMPLAINT_REMINDER_DAYS", 2, 0, 60)
COUNCILGUARD_CASE_RETENTION_DAYS = env_int("COUNCILGUARD_CASE_RETENTION_DAYS", 6 * 365, 1, 100 * 365)
COUNCILGUARD_CASEWORK_DIR = Path(os.environ.get("COUNCILGUARD_CASEWORK_DIR") or VAR_DIR / "casework")
COUNCILGUARD_SCREENSHOT_MAX_BYTES = env_int("COUNCILGUARD_SCREENSHOT_MAX_BYTES", 10 * 1024 * 1024, 1024, 100 * 1024**2)
COUNCILGUARD_EVIDENCE_UPLOAD_MAX_BYTES = env_int(
    "COUNCILGUARD_EVIDENCE_UPLOAD_MAX_BYTES", 40 * 1024 * 1024, 65_536, 1024**3
)
COUNCILGUARD_PUBLIC_FORM_PER_HOUR = env_int("COUNCILGUARD_PUBLIC_FORM_PER_HOUR", 5, 1, 10_000)
COUNCILGUARD_PUBLIC_FORM_MIN_SECONDS = env_int("COUNCILGUARD_PUBLIC_FORM_MIN_SECONDS", 3, 0, 600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "secrets": {"()": "councilguard.web.config.SecretsFilter"},
        "refusals_on_one_line": {"()": "councilguard.web.logs.RefusalsOnOneLine"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["secrets"]}},
    # A logger's own filters see only the records made on it, so each django.security
    # logger that refuses a request is named (see logs.py).
    "loggers": {
        name: {"filters": ["refusals_on_one_line"]}
        for name in (
            "django.request",
            "django.security.DisallowedHost",
            "django.security.RequestDataTooBig",
            "django.security.TooManyFieldsSent",
            "django.security.TooManyFilesSent",
        )
    },
    "root": {"handlers": ["console"], "level": os.environ.get("COUNCILGUARD_LOG_LEVEL", "INFO")},
}
