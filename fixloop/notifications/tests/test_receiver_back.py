"""A delivery that failed because the receiver was down succeeds once it is back, exactly once.

Real receivers: the aiosmtpd server of the `smtp_server` fixture, stopped and started again, and a local
HTTP webhook receiver on a fixed port, likewise. The worker takes the order event from the outbox, the
channel fails, the delivery waits with growing backoff and shows as "will retry" in the delivery log; the
worker's periodic retry job sends it once the receiver answers, and never again afterwards.
"""

import asyncio
import datetime as dt

import pytest
from django.utils import timezone

from fixloop.core.models import OutboxMessage
from fixloop.notifications.handlers import on_order_event
from fixloop.notifications.jobs import PERIODIC
from fixloop.notifications.models import Delivery
from fixloop.testing.i18n import shown
from fixloop.testing.world import new_order
from fixloop.worker.periodic import run_job
from fixloop.worker.runner import Worker

pytestmark = pytest.mark.django_db

RETRY_JOB = next(job for job in PERIODIC if job.name == "notifications.retry_due")
OFF = {
    "SMS_URL": "",
    "WEBHOOK_URL": "",
    "WECOM_URL": "",
    "DINGTALK_URL": "",
    "FEISHU_URL": "",
    "EMAIL": False,
}


@pytest.fixture
def worker(monkeypatch):
    # Only this module's handler: other modules' order-event handlers are theirs to test.
    monkeypatch.setattr(
        "fixloop.worker.runner.handlers_for",
        lambda topic: [on_order_event] if topic.startswith("workorder.") else [],
    )
    return Worker(worker_id="receiver-back", run_periodic=False)


def wait_of(delivery: Delivery) -> dt.timedelta:
    return delivery.next_attempt_at - timezone.now()


def retry_job_at(worker: Worker, when: dt.datetime) -> int | None:
    """The worker's periodic retry job, run as if it were `when` (the backoff waits are minutes long)."""
    return run_job(RETRY_JOB, worker.worker_id, when)


def assert_retried_with_backoff_while_down(worker, channel: str, client, world) -> Delivery:
    """Taken from the outbox, tried once, then once more by the retry job: both fail, the wait grows."""
    worker.drain()
    [message] = OutboxMessage.objects.filter(topic="workorder.create")
    assert message.delivered_at is not None  # the event was handled: the delivery now carries the retry
    delivery = Delivery.objects.get(channel=channel)
    assert (delivery.status, delivery.attempts) == ("retry", 1)
    first_wait = wait_of(delivery)
    assert dt.timedelta(seconds=20) < first_wait <= dt.timedelta(seconds=30)

    assert retry_job_at(worker, timezone.now()) == 0  # not due yet: nothing is tried
    retry_job_at(worker, timezone.now() + dt.timedelta(hours=1))
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("retry", 2)
    assert wait_of(delivery) > first_wait  # backoff: the second wait is longer than the first
    assert list(delivery.attempt_log.values_list("number", "outcome")) == [(1, "retryable"), (2, "retryable")]
    assert delivery.last_error

    client.force_login(world.users["agent"])
    page = client.get("/notifications/log/?status=retry").content.decode()
    assert f'id="delivery-{delivery.pk}"' in page
    assert 'class="badge delivery-retry"' in page and shown("Will retry") in page
    return delivery


def assert_sent_once_when_back(worker, delivery: Delivery, message_count) -> None:
    retry_job_at(worker, timezone.now() + dt.timedelta(hours=2))
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 3, "")
    assert [o for _n, o in delivery.attempt_log.values_list("number", "outcome")][-1] == "ok"
    assert message_count() == 1

    # Later runs of the job, of the worker and of the event's handler send nothing more.
    retry_job_at(worker, timezone.now() + dt.timedelta(hours=3))
    worker.drain()
    on_order_event(OutboxMessage.objects.get(topic="workorder.create"))
    assert message_count() == 1
    assert Delivery.objects.filter(channel=delivery.channel).count() == 1


def test_an_email_waits_for_the_smtp_server_and_goes_out_once_it_is_back(
    world, settings, smtp_server, worker, client
):
    controller, handler = smtp_server
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.FIXLOOP_NOTIFY = {**settings.FIXLOOP_NOTIFY, **OFF, "EMAIL": True, "MAX_ATTEMPTS": 8}
    world.customer.email = "zhangwei@example.cn"
    world.customer.save()
    controller.stop()  # the mail server is down
    order = new_order(world)

    delivery = assert_retried_with_backoff_while_down(worker, "email", client, world)
    assert handler.envelopes == []

    # The same server is back on the same port (stop() closed its event loop, so it gets a fresh one).
    controller.loop = asyncio.new_event_loop()
    controller.start()
    assert_sent_once_when_back(worker, delivery, lambda: len(handler.envelopes))
    [envelope] = handler.envelopes
    assert envelope.rcpt_tos == ["zhangwei@example.cn"]
    assert order.number in envelope.original_content.decode("utf-8", errors="replace")


def test_a_webhook_waits_for_the_receiver_and_is_posted_once_it_is_back(
    world, settings, restartable_http_server, worker, client
):
    receiver = restartable_http_server  # not started: nothing listens on its port yet
    settings.FIXLOOP_NOTIFY = {
        **settings.FIXLOOP_NOTIFY,
        **OFF,
        "WEBHOOK_URL": receiver.recorder.base_url + "/hook",
        "WEBHOOK_SECRET": "whsec-test",
        "MAX_ATTEMPTS": 8,
    }
    order = new_order(world)

    delivery = assert_retried_with_backoff_while_down(worker, "webhook", client, world)
    assert receiver.recorder.received == []

    receiver.start()
    assert_sent_once_when_back(worker, delivery, lambda: len(receiver.recorder.received))
    [hook] = receiver.recorder.received
    assert hook.path == "/hook" and order.number in hook.body.decode("utf-8")
