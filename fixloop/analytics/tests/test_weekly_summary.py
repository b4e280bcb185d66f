"""The weekly summary: mailed once per week to managers, through a real SMTP server."""

import datetime as dt
import socket

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from fixloop.accounts.roles import Role
from fixloop.analytics import jobs
from fixloop.analytics.models import WeeklySummary

pytestmark = pytest.mark.django_db(transaction=True)


class Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield inbox
    controller.stop()


def test_last_full_week():
    assert jobs.last_full_week(dt.date(2026, 11, 25)) == (dt.date(2026, 11, 16), dt.date(2026, 11, 23))
    assert jobs.last_full_week(dt.date(2026, 11, 23)) == (dt.date(2026, 11, 16), dt.date(2026, 11, 23))


def test_weekly_summary_mails_managers_once(world, smtp):
    manager = world.users[Role.MANAGER]
    manager.email = "boss@example.com"
    manager.save(update_fields=["email"])
    now = timezone.make_aware(dt.datetime(2026, 11, 25, 9))
    assert jobs.weekly_summary(now) == 1
    assert jobs.weekly_summary(now + dt.timedelta(hours=1)) == 0  # same week: nothing more
    assert len(smtp.envelopes) == 1
    envelope = smtp.envelopes[0]
    assert envelope.rcpt_tos == ["boss@example.com"]
    body = envelope.content.decode("utf-8", "replace")
    assert "2026-11-16" in body
    assert WeeklySummary.objects.get().week_start == dt.date(2026, 11, 16)
