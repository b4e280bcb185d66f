"""JSON instead of Django's HTML pages for an unknown API path (404) or a method an API path lacks (405).

Neither reaches django-ninja's exception handlers: Django answers an unresolved URL itself, and
django-ninja answers a wrong method with a bare "Method not allowed". A client of the API reads
`{code, message, details}` for every error, so both are rewritten here.
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


def _is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIX)


def _is_json(response) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


class ApiJsonErrorsMiddleware:
    """Sits inside LocaleMiddleware, so the message is in the caller's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code not in (404, 405)
            or not _is_api_path(request.path_info)
            or _is_json(response)
        ):
            return response
        if response.status_code == 404:
            return JsonResponse({"code": "not_found", "message": _("Not found."), "details": {}}, status=404)
        replacement = JsonResponse(
            {"code": "method_not_allowed", "message": _("This method is not allowed here."), "details": {}},
            status=405,
        )
        # RFC 9110: a 405 lists the methods the resource has.
        if response.has_header("Allow"):
            replacement["Allow"] = response["Allow"]
        return replacement
