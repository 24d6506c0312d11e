"""Settings for the test suite: fast hashing, Django's outbox, immediate background tasks."""

import os

from .base import *

DEBUG = False
SECRET_KEY = "test-only-not-secret-camino"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
# pytest-xdist runs the suite in several processes at once (PYTEST_XDIST_WORKER is gw0,
# gw1, ...): each gets its own folder of uploaded and generated files, as it gets its own
# database, so two tests writing the same file name never meet.
MEDIA_ROOT = VAR_DIR / "test-media" / os.environ.get("PYTEST_XDIST_WORKER", "main")
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Each test database gets a cache of its own so rate-limit counters never leak between tests.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("DATABASE_URL", "").startswith("postgres"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME", "test_camino")}
LOGGING["root"]["level"] = "WARNING"
# Static files straight from the apps, as in development: no collectstatic before tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
