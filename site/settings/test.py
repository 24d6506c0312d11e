"""Settings for the test suite: fast hashing, Django's outbox, immediate background tasks."""

import os

from .base import *

DEBUG = False
SECRET_KEY = "test-only-not-secret-camino"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
MEDIA_ROOT = VAR_DIR / "test-media"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Each test database gets a cache of its own so rate-limit counters never leak between tests.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("DATABASE_URL", "").startswith("postgres"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME", "test_camino")}
LOGGING["root"]["level"] = "WARNING"
# Static files straight from the apps, as in development: no collectstatic before tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
