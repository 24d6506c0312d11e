"""Production: every secret and host comes from the environment; start-up refuses without them."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *


def required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"The environment variable {name} is not set. Camino will not start in production "
            f"without it (see 'Configuration' in the README)."
        )
    return value


DEBUG = False
# Production names its database: PostgreSQL (postgres://...), or SQLite only when asked for by
# name (DATABASE_URL=sqlite:////path/to/camino.sqlite3, a documented opt-in for a small pilot on
# one machine), never the development file that base.py falls back to.
required("DATABASE_URL")
SECRET_KEY = required("SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in required("ALLOWED_HOSTS").split(",") if host.strip()]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The public address: printed (with its QR code) on every certificate and used in emails.
WAGTAILADMIN_BASE_URL = required("SITE_URL").rstrip("/")

# Credentials are signed with a key from the environment; a missing or malformed one stops
# start-up here, naming the variable, rather than at the first certificate.
if CREDENTIALS_ENABLED:
    CREDENTIALS_SIGNING_KEY = required("CREDENTIALS_SIGNING_KEY")
    from learning.certificates.openbadges.dataintegrity import secret_key_from_multibase

    try:
        secret_key_from_multibase(CREDENTIALS_SIGNING_KEY)
    except ValueError as exc:
        raise ImproperlyConfigured(
            "The environment variable CREDENTIALS_SIGNING_KEY is not a valid Ed25519 key (a "
            "multibase secret key starting 'z3u2'; `manage.py credentials_key` makes one): "
            f"{exc}. Set CREDENTIALS_ENABLED=false to run without credentials."
        ) from None

ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Running on more than one machine (README: "Running at scale") ---------------------------

# PostgreSQL: each worker keeps its connection for a minute, and checks it still answers
# before reusing it (CONN_HEALTH_CHECKS, set in base), so a database restart costs one retry,
# not an error page.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))

# Cache, sessions and rate limits (allauth's login and sign-up limits, certificate lookups)
# must be shared by every worker on every machine, or each would count on its own. Redis when
# REDIS_URL is set, with sessions written through to the database so a Redis restart logs
# nobody out; otherwise the database's cache table (`manage.py createcachetable`), never a
# worker's own memory.
if REDIS_URL:
    CACHES["default"]["OPTIONS"] = {
        # A Redis that hangs must not hang the site with it.
        "SOCKET_CONNECT_TIMEOUT": 2,
        "SOCKET_TIMEOUT": 2,
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "camino_cache",
    }

# Behind a load balancer every request comes from the balancer's address. Rate limits need the
# person's: X-Forwarded-For, trusting the last TRUSTED_PROXY_COUNT hops (0: no proxy).
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# Load balancers ask for /healthz over plain HTTP; everything else is redirected to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Background work (emails, reminders, certificate PDFs) is queued in the database and done by
# `manage.py db_worker`, on any machine, as many as needed.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
