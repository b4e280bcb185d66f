"""Our part of `fixloop check --deploy`: what Django's own deployment checks do not know about."""

import datetime as dt

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import DatabaseError
from django.utils import timezone

DEMO_SECRET = "fixloop-insecure-demo-key-change-me"
HEARTBEAT_MAX_AGE = dt.timedelta(minutes=5)


@register(Tags.security, deploy=True)
def check_production_settings(app_configs, **kwargs):
    errors = []
    if settings.SECRET_KEY == DEMO_SECRET or len(settings.SECRET_KEY) < 50:
        errors.append(Error(
            "FIXLOOP_SECRET_KEY is not set to a long random value.",
            hint="python -c 'import secrets; print(secrets.token_urlsafe(64))'", id="fixloop.E001",
        ))  # fmt: skip
    if settings.DEBUG:
        errors.append(Error("FIXLOOP_DEBUG is on.", hint="Unset it in production.", id="fixloop.E002"))
    hosts = [h for h in settings.ALLOWED_HOSTS if h not in {"127.0.0.1", "localhost", "testserver", "*"}]
    if not hosts or "*" in settings.ALLOWED_HOSTS:
        errors.append(Error(
            "FIXLOOP_ALLOWED_HOSTS does not name the public host name(s).",
            hint="e.g. FIXLOOP_ALLOWED_HOSTS=service.example.com", id="fixloop.E003",
        ))  # fmt: skip
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        errors.append(Error(
            "The database is not PostgreSQL.",
            hint="Set DATABASE_URL=postgres://user:password@host:5432/fixloop", id="fixloop.E004",
        ))  # fmt: skip
    errors.extend(_worker_heartbeat())
    return errors


def _worker_heartbeat() -> list[Error]:
    """At least one `fixloop worker` reported in the last few minutes (the worker app keeps heartbeats)."""
    try:
        from fixloop.worker.models import WorkerHeartbeat
    except ImportError:
        return [Error("The worker module is missing.", id="fixloop.E005")]
    try:
        latest = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    except DatabaseError as exc:
        return [
            Error(f"Cannot read worker heartbeats: {exc}", hint="Run `fixloop migrate`.", id="fixloop.E006")
        ]
    if latest is None or timezone.now() - latest > HEARTBEAT_MAX_AGE:
        return [Error(
            "No background worker has reported in the last 5 minutes.",
            hint="Start `fixloop worker` (see docs/deployment.md); notifications and SLA alerts wait for it.",
            id="fixloop.E005",
        )]  # fmt: skip
    return []
