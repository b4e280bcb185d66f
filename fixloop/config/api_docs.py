"""/api/docs: Swagger UI from files served here, started without inline script (the CSP forbids both a CDN and it).

django-ninja's own page loads Swagger UI from cdn.jsdelivr.net with an inline script unless `ninja` is an
installed app; even then its settings sit in a <script> block. This page keeps them in a data attribute.
"""

import json

from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from ninja.constants import NOT_SET
from ninja.openapi.docs import Swagger


class LocalSwagger(Swagger):
    template = "web/api/docs.html"
    default_settings = {
        "layout": "BaseLayout",
        "deepLinking": True,
        # Swagger UI would otherwise load a badge from validator.swagger.io, which the CSP blocks.
        "validatorUrl": None,
    }

    def render_page(self, request, api, **kwargs):
        openapi_url = self.get_openapi_url(api, kwargs)
        context = {
            "api": api,
            "openapi_url": openapi_url,
            "swagger_settings": json.dumps({**self.settings, "url": openapi_url}),
            "add_csrf": _csrf_needed(api),
        }
        return render(request, self.template, context)


def _csrf_needed(api) -> bool:
    """Whether "Try it out" must send the CSRF token: an auth class of the API checks it (session cookies)."""
    if not api.auth or api.auth is NOT_SET:
        return False
    return any(getattr(auth, "csrf", False) for auth in api.auth)


def read_only(view):
    """GET and HEAD only; other methods get the API's JSON 405 (api_errors), not Django's HTML CSRF page.

    CsrfViewMiddleware runs before the view's method check, so an anonymous POST would otherwise be
    refused as a CSRF failure. Exempting a view that answers safe methods only exposes nothing.
    """
    return csrf_exempt(require_safe(view))
