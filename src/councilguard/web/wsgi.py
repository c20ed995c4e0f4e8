"""The WSGI application `councilguard serve` hands to waitress."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "councilguard.web.settings")

application = get_wsgi_application()
