"""Settings shared by every environment.

Each environment module (dev, test, production) imports these and changes only what differs.
Configuration that varies between machines comes from environment variables, documented in the
README.
"""

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parents[2]
PROJECT_DIR = BASE_DIR / "site"
VAR_DIR = Path(os.environ.get("CAMINO_VAR_DIR", BASE_DIR / "var"))


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    # the host site first so its templates (and the User model) win
    "camino",
    # the plugin set
    "learning",
    "learning.certificates",
    "cohorts",
    "evaluation",
    "reflections",
    # Wagtail
    "wagtail.contrib.settings",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "camino.apps.CaminoUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "wagtailnhsukfrontend",
    # accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    # background work
    "django_tasks",
    "django_tasks_db",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "camino.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "camino.middleware.PrivateResponsesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "camino.middleware.ContentSecurityPolicyMiddleware",
    "camino.middleware.RefuseControlCharactersMiddleware",
    "camino.middleware.TamperedFormsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "camino.urls"
WSGI_APPLICATION = "camino.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "csp.context_processors.nonce",
                "camino.context_processors.programme",
                "camino.context_processors.navigation",
                "camino.context_processors.notifications",
            ],
        },
    },
]
# Forms render through templates/django/forms/ so every form, allauth's included, uses the
# NHS.UK markup (labels, hints, error messages tied to their inputs).
FORM_RENDERER = "camino.form_rendering.NHSFormRenderer"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'camino.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
# SQLite (development, the demo, a deliberate small pilot) under parallel use: write-ahead
# logging lets readers go on while one request writes; a write transaction takes the write lock
# when it begins (IMMEDIATE), so two requests never both read and then fail to upgrade to a
# write ("database is locked"); one that finds the lock taken waits up to 20 s for it.
if DATABASES["default"].get("ENGINE") == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "camino",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "camino.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]

# django-allauth: email is the login; no usernames anywhere.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "camino.forms.SignupNameForm"
ACCOUNT_ADAPTER = "camino.adapters.AccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
# Signing up with an address that already has an account looks exactly like signing up with a
# new one ("Check your email"); its owner is emailed that they already have an account. So
# nobody can use the sign-up form to learn whether an address is registered.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# Subjects start with the programme's name (camino.adapters.AccountAdapter.format_email_subject).
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Rate limits are on (allauth's defaults, tightened for login failures) and use the cache,
# which is Redis when REDIS_URL is set so the limits hold across workers.
# Failed logins, two limits (allauth counts every attempt against both before checking the
# password, and takes a successful login's count back off):
# - per IP, strict: 5 in 5 minutes, whichever addresses are tried. One computer guessing
#   gets 5 tries, at any account.
# - per address (the "key"), looser on purpose: 20 in 10 minutes. While it is exceeded even
#   the right password is refused, so with the old 5/5m anyone could lock an address out for
#   everyone by typing 5 wrong passwords. One IP can now fail at most 10 times in 10 minutes,
#   under this limit: locking an address out takes a sustained attack from at least two IPs,
#   and lasts only until it stops (at most 10 minutes). The owner can always get in at once by
#   resetting their password: a successful reset clears the address's count (allauth). The
#   address limit still bounds a spread-out guesser to 20 guesses per 10 minutes per account.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,20/10m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
LOGIN_URL = "account_login"
# Where people land after logging in is decided per person: camino.adapters.landing_url.
LOGIN_REDIRECT_URL = "/dashboard/"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Camino"
# The session list shows where and when each session started. Tracking "last seen" would
# write to the database on every request, so it stays off.
USERSESSIONS_TRACK_ACTIVITY = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS: list = []
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "camino.storage.StaticFilesStorage"},
}


def media_storage(environ: Mapping[str, str]) -> dict:
    """Where uploaded media (images, documents, certificate PDFs) live: on S3-compatible object
    storage when a bucket is named (AWS_STORAGE_BUCKET_NAME), so that every machine sees the
    same files; otherwise on this machine's disk under MEDIA_ROOT.

    The bucket stays private: certificate PDFs and documents are served through Camino's own
    views, which check access, and image URLs are signed and expire after an hour.
    Credentials come from the usual AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the
    machine's role); AWS_S3_ENDPOINT_URL points at a non-AWS service (MinIO, Ceph, Garage).
    """
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": environ.get("AWS_S3_REGION_NAME") or None,
            "location": environ.get("AWS_LOCATION", "media"),
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 3600,
            "file_overwrite": False,
        },
    }


STORAGES["default"] = media_storage(os.environ)

# Retention (contract 2): how long tokens of submitted forms are kept (learning.submissions).
RETENTION_FORM_TOKENS_DAYS = int(os.environ.get("RETENTION_FORM_TOKENS_DAYS", "2"))

WAGTAIL_SITE_NAME = "Camino"
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# On SQLite, Wagtail's database backend searches with FTS5, which answers a query with an
# unbalanced quote (`"<b>`) with a syntax error, a 500 in the admin's search boxes; development
# and the demo search with Wagtail's plain database search instead. PostgreSQL keeps full text.
if DATABASES["default"].get("ENGINE") == "django.db.backends.sqlite3":
    WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "wagtail.search.backends.database.fallback"
# Editors' uploads (camino.uploads, README "Editors' uploads"): images up to 10 MB and 50
# million pixels (a 48-megapixel phone photo fits; Wagtail would allow 128 million, which
# takes over a gigabyte of memory to resize); documents up to 20 MB, of these kinds only, and
# their contents must match their name.
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000_000
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_IMAGE_FORM_BASE = "camino.uploads.ImageForm"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "pptx", "xlsx", "csv", "txt"]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "camino.uploads.DocumentForm"
DOCUMENT_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
# Passwords are set, changed and reset through allauth only (its rate limits, its emails): the
# admin's own password reset and change screens are off.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Camino <no-reply@camino.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# How long things that expire are kept (shared/DESIGN.md's retention schedule; each rule is
# registered through the `camino_retention` hook).
RETENTION_DATA_EXPORTS_DAYS = int(os.environ.get("RETENTION_DATA_EXPORTS_DAYS", "7"))

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Retention (issue 17; the privacy notice states these): `manage.py apply_retention`, run daily,
# applies them through the `camino_retention` hook. Each period is in days.
RETENTION_INVITATIONS_DAYS = 90  # cohort invitations, after they were sent, used or not
RETENTION_EXPORTS_DAYS = 7  # journal PDF exports and evaluation exports
RETENTION_NOTIFICATIONS_DAYS = 365
RETENTION_SESSIONS_DAYS = 90  # allauth's session records, after last seen
RETENTION_AUDIT_DAYS = 730  # the staff audit trail
# Accounts not signed in to for this long are warned by email, then deleted this many days
# after the warning unless they sign in (staff accounts are warned, never deleted automatically).
ACCOUNT_INACTIVE_DAYS = 730
ACCOUNT_INACTIVE_GRACE_DAYS = 30

# Open Badges 3.0 credentials for certificates (learning.certificates.credentials). The key is
# a multibase Ed25519 secret key (`manage.py credentials_key` makes one); without it,
# development keeps one in var/credentials-signing-key and production refuses to start.
CREDENTIALS_ENABLED = env_bool("CREDENTIALS_ENABLED", True)
CREDENTIALS_SIGNING_KEY = os.environ.get("CREDENTIALS_SIGNING_KEY", "")

# Content-Security-Policy (django-csp): no inline script on any page, the Wagtail admin's
# included (camino.admin_csp), scripts only from our own static files. The admin still sets
# inline styles, so camino.middleware relaxes style-src for /admin/ alone.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Permissions-Policy (camino.middleware.PermissionsPolicyMiddleware): every browser feature
# Camino does not use is off, for its pages and for anything they embed. Only features
# Chromium recognises are listed (an unknown one is a console error). Kept on: writing to the
# clipboard (the "Copy" buttons), and full screen and picture-in-picture for the video players
# the CSP lets pages embed.
VIDEO_PLAYERS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "accelerometer": [],
    "autoplay": [],
    "browsing-topics": [],
    "camera": [],
    "clipboard-read": [],
    "clipboard-write": ["self"],
    "display-capture": [],
    "encrypted-media": [],
    "fullscreen": ["self", *VIDEO_PLAYERS],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "idle-detection": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "picture-in-picture": ["self", *VIDEO_PLAYERS],
    "publickey-credentials-get": [],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django_tasks": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "wagtail": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # Level only: their warnings still reach the root handler (and tests' caplog).
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no third-party requests from the admin
WAGTAIL_ENABLE_UPDATE_CHECK = False  # nor the superusers' dashboard asking releases.wagtail.org
