"""A database that cannot be reached answers 503 (retry later), never a 500 with a traceback."""

import logging

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger("fixloop.ops")
UNREACHABLE = (OperationalError, InterfaceError)


def unavailable_response(request):
    # Drop the broken connection so the next request reconnects instead of failing again.
    try:
        connection.close()
    except DatabaseError:
        pass
    message = _("The service is briefly unavailable; please try again in a moment.")
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"code": "service_unavailable", "message": message, "details": {}}, status=503
        )
    else:
        response = render(request, "ops/unavailable.html", {"message": message}, status=503)
    response["Retry-After"] = "5"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        except UNREACHABLE:
            # Reached when a middleware (sessions, auth) fails before any view ran.
            logger.warning("database unreachable", exc_info=True)
            return unavailable_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, UNREACHABLE):
            logger.warning("database unreachable", exc_info=True)
            return unavailable_response(request)
        return None
