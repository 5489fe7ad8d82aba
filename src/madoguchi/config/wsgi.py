"""WSGI entry point for production servers (gunicorn via `madoguchi serve`)."""

import os

from django.core.wsgi import get_wsgi_application

from madoguchi.cli import PRIVATE_UMASK

# Under any WSGI server, files the app creates (database, uploads) are readable by their owner only.
os.umask(PRIVATE_UMASK)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "madoguchi.config.settings")
application = get_wsgi_application()
