"""The single NinjaAPI: routers per app, one error format `{code, message, details}`."""

import logging
from importlib import import_module

from django.db import InterfaceError, OperationalError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from fixloop.accounts.api import router as accounts_router
from fixloop.accounts.auth import API_AUTH
from fixloop.catalog.api import router as catalog_router
from fixloop.config.api_docs import LocalSwagger, read_only
from fixloop.core.errors import DomainError
from fixloop.core.validation import describe_errors
from fixloop.ops.unavailable import unavailable_response
from fixloop.workorders.api import public_router as tracking_router
from fixloop.workorders.api import router as orders_router

logger = logging.getLogger("fixloop.api")

api = NinjaAPI(
    title="fixloop API",
    version="1",
    description="After-sales repair service: work orders, lifecycle, tracking. 售后维修服务 API。",
    auth=API_AUTH,
    urls_namespace="api",
    docs=LocalSwagger(),
    # The schema and its docs page are read-only: other methods get the API's JSON 405 (api_errors).
    docs_decorator=read_only,
)
api.add_router("/auth", accounts_router)
api.add_router("/orders", orders_router)
api.add_router("/track", tracking_router)
api.add_router("", catalog_router)
# Each module's router; imported here so the API stays one schema with one error format.
for prefix, module in [
    ("/orders", "fixloop.conversations.api"),
    ("/audit", "fixloop.audit.api"),
    ("/privacy", "fixloop.privacy.api"),
    ("/notifications", "fixloop.notifications.api"),
    ("/sla", "fixloop.sla.api"),
    ("/mail", "fixloop.mailin.api"),
    ("/aftercare", "fixloop.aftercare.api"),
    ("/parts", "fixloop.parts.api"),
    ("/scheduling", "fixloop.scheduling.api"),
    ("/kb", "fixloop.kb.api"),
    ("/complaints", "fixloop.complaints.api"),
    ("/surveys", "fixloop.surveys.api"),
    ("/analytics", "fixloop.analytics.api"),
]:
    api.add_router(prefix, import_module(module).router)


def error(request, status: int, code: str, message, details: dict | None = None):
    return api.create_response(
        request, {"code": code, "message": str(message), "details": details or {}}, status=status
    )


@api.exception_handler(DomainError)
def on_domain_error(request, exc: DomainError):
    return error(request, exc.status, exc.code, exc.message, exc.details)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    # JSON-safe parts only (pydantic's `ctx` may hold exception objects), messages in the caller's language.
    errors = describe_errors(exc.errors)
    return error(request, 422, "invalid_input", _("The request is not valid."), {"errors": errors})


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return error(request, 401, "unauthenticated", _("Sign in, or send a valid token or API key."))


@api.exception_handler(AuthorizationError)
def on_forbidden(request, exc):
    return error(request, 403, "forbidden", _("You may not do this."))


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return error(request, 404, "not_found", _("Not found."))


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    if exc.status_code == 400:
        return error(request, 400, "bad_request", _("The request body could not be read as JSON."))
    if exc.status_code == 403:
        # django-ninja's only 403: a session-authenticated write without the CSRF token.
        message = _("The CSRF token is missing or wrong: send the X-CSRFToken header, or use an API token.")
        return error(request, 403, "csrf_failed", message)
    return error(request, exc.status_code, "http_error", str(exc))


@api.exception_handler(OperationalError)
def on_database_unreachable(request, exc):
    logger.warning("database unreachable", exc_info=True)
    return unavailable_response(request)


@api.exception_handler(InterfaceError)
def on_database_interface_error(request, exc):
    return on_database_unreachable(request, exc)


@api.exception_handler(Exception)
def on_unexpected(request, exc: Exception):
    logger.exception("unhandled API error")
    return error(request, 500, "server_error", _("Something went wrong on our side; it has been logged."))
