"""WSGI entry point for gunicorn: `gunicorn camino.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "camino.settings.production")

application = get_wsgi_application()
