"""Health, request ids, JSON logs with masked personal data, metrics, security headers, lockout, deploy checks."""

import datetime as dt
import json

import pytest
from django.db import OperationalError
from django.utils import timezone

from fixloop.accounts.roles import Role
from fixloop.core import outbox
from fixloop.ops.checks import check_production_settings
from fixloop.ops.masking import mask_phone, mask_text
from fixloop.testing.world import PASSWORD

pytestmark = pytest.mark.django_db


def test_live_and_ready(client):
    assert client.get("/health/live").json() == {"status": "ok"}
    ready = client.get("/health/ready")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": "ok", "migrations": "ok", "cache": "ok"}


def test_request_id_is_echoed_or_made_up(client):
    assert client.get("/health/live", HTTP_X_REQUEST_ID="lb-1234").headers["X-Request-ID"] == "lb-1234"
    made_up = client.get("/health/live", HTTP_X_REQUEST_ID="bad id with spaces").headers["X-Request-ID"]
    assert len(made_up) == 32 and made_up != "bad id with spaces"


def test_log_lines_are_json_with_request_id_and_masked_phone(client, settings):
    import copy
    import io
    import logging.config

    from django.http import HttpResponse
    from django.urls import path

    def view_logging(request):
        logging.getLogger("fixloop.test").warning("customer 13812345678 <li@example.com> called")
        return HttpResponse("ok")

    # The configured LOGGING, only writing to a buffer instead of stderr.
    config = copy.deepcopy(settings.LOGGING)
    config["handlers"]["console"]["stream"] = buffer = io.StringIO()
    root = logging.getLogger()
    saved = root.handlers[:]
    try:
        logging.config.dictConfig(config)
        settings.ROOT_URLCONF = type("urls", (), {"urlpatterns": [path("log/", view_logging)]})
        client.get("/log/", HTTP_X_REQUEST_ID="req-42")
    finally:
        root.handlers[:] = saved
    line = [json.loads(x) for x in buffer.getvalue().splitlines() if "fixloop.test" in x][-1]
    assert line["request_id"] == "req-42" and line["level"] == "WARNING"
    assert "13812345678" not in line["message"] and "138****5678" in line["message"]
    assert "l***@example.com" in line["message"]


def test_masking_rules():
    assert mask_phone("138 1234 5678") == "138****5678"
    assert mask_text("call +86 138-1234-5678 now") == "call 138****5678 now"
    assert mask_text("order RO-20261124-0001") == "order RO-20261124-0001"


def test_metrics_for_loopback_only_unless_token(client, settings):
    client.get("/health/live")
    body = client.get("/metrics", REMOTE_ADDR="127.0.0.1").text
    assert "fixloop_request_seconds_bucket" in body and 'route="health/live"' in body
    assert "fixloop_outbox_pending" in body and "fixloop_outbox_lag_seconds" in body
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 403
    settings.FIXLOOP = {**settings.FIXLOOP, "METRICS_TOKEN": "s3cret"}
    assert (
        client.get("/metrics", REMOTE_ADDR="10.1.2.3", HTTP_AUTHORIZATION="Bearer s3cret").status_code == 200
    )
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 403


def test_outbox_gauges_count_pending_messages(client, django_db_blocker):
    from django.db import transaction

    with transaction.atomic():
        outbox.enqueue("test.topic", {})
        outbox.enqueue("test.topic", {})
    body = client.get("/metrics").text
    assert "fixloop_outbox_pending 2.0" in body


def test_security_headers_on_pages(client):
    response = client.get("/accounts/login/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_login_locks_out_after_repeated_failures(client, world, settings):
    settings.AXES_ENABLED = True
    username = world.users[Role.AGENT].username
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/accounts/login/", {"username": username, "password": "wrong-password"})
        assert response.status_code == 200  # the form again, with its error
    assert client.post("/accounts/login/", {"username": username, "password": "wrong"}).status_code == 429
    locked = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not punished for it.
    other = client.post(
        "/accounts/login/", {"username": world.users[Role.MANAGER].username, "password": PASSWORD}
    )
    assert other.status_code == 302


def test_api_token_locks_out_too(client, world, settings):
    settings.AXES_ENABLED = True
    username = world.users[Role.AGENT].username
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        bad = client.post(
            "/api/auth/token", {"username": username, "password": "nope"}, content_type="application/json"
        )
        assert bad.status_code == 401
    fifth = client.post(
        "/api/auth/token", {"username": username, "password": "nope"}, content_type="application/json"
    )
    assert fifth.status_code == 429
    locked = client.post(
        "/api/auth/token", {"username": username, "password": PASSWORD}, content_type="application/json"
    )
    assert locked.status_code == 429 and locked.json()["code"] == "locked_out"


def test_database_errors_answer_503_not_500(client, world, monkeypatch):
    from fixloop.workorders import selectors

    def unreachable(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(selectors, "order_list", unreachable)
    client.force_login(world.users[Role.AGENT])
    api = client.get("/api/orders")
    assert api.status_code == 503 and api.json()["code"] == "service_unavailable"
    assert api.headers["Retry-After"] == "5"


def _production(settings):
    settings.SECRET_KEY = "x" * 64
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["service.example.com"]
    settings.DATABASES = {**settings.DATABASES, "default": {**settings.DATABASES["default"],
                                                            "ENGINE": "django.db.backends.postgresql"}}  # fmt: skip


def test_deploy_checks_name_each_problem(settings):
    ids = {error.id for error in check_production_settings(None)}
    assert {"fixloop.E001", "fixloop.E003", "fixloop.E005"} <= ids
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        assert "fixloop.E004" in ids


def test_deploy_checks_pass_with_production_settings_and_a_live_worker(settings):
    from fixloop.worker.models import WorkerHeartbeat

    _production(settings)
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="w1", hostname="h", pid=1, started_at=now, seen_at=now)
    assert check_production_settings(None) == []
    WorkerHeartbeat.objects.update(seen_at=now - dt.timedelta(minutes=30))
    assert [e.id for e in check_production_settings(None)] == ["fixloop.E005"]
