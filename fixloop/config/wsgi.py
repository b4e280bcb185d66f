"""WSGI entry point for gunicorn and other servers."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fixloop.config.settings")
application = get_wsgi_application()

# Import the URLconf, and with it every view's libraries, at start-up instead of on the first request:
# it takes seconds, and under load the first request would trip gunicorn's worker timeout. With
# gunicorn --preload this happens once in the master and the workers share it.
_ = get_resolver().url_patterns
