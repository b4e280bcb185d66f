"""What a locked-out caller gets: the API's JSON error format, or a page in the user's language."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_response(request, original_response, credentials):
    if request.path.startswith("/api/"):
        message = _("Too many failed sign-ins; signing in is paused for a while. Try again later.")
        return JsonResponse({"code": "locked_out", "message": message, "details": {}}, status=429)
    return render(request, "ops/locked_out.html", status=429)
