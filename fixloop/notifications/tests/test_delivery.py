"""Order events and notify() requests delivered on real channels: aiosmtpd, a local HTTP server."""

import datetime as dt
import email
import email.policy
import hashlib
import hmac
from email.header import decode_header, make_header

import pytest
from django.db import transaction
from django.utils import timezone

from fixloop.accounts.roles import Role
from fixloop.core.models import OutboxMessage
from fixloop.notifications.handlers import on_notify, on_order_event
from fixloop.notifications.models import ChannelPreference, Delivery, DeliveryAttempt, MessageTemplate
from fixloop.notifications.notify import notify
from fixloop.notifications.sending import retry_due
from fixloop.testing.world import new_order
from fixloop.worker.runner import Worker
from fixloop.workorders.tests.helpers import advance

pytestmark = pytest.mark.django_db

SECRET = "whsec-测试"


@pytest.fixture
def channels(settings, smtp_server, http_server):
    """Email to a real aiosmtpd server; SMS and the webhook to a real local HTTP server."""
    controller, handler = smtp_server
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.FIXLOOP_NOTIFY = {
        **settings.FIXLOOP_NOTIFY,
        "EMAIL": True,
        "SMS_URL": http_server.base_url + "/sms",
        "SMS_API_KEY": "k",
        "WEBHOOK_URL": http_server.base_url + "/hook",
        "WEBHOOK_SECRET": SECRET,
        "WECOM_URL": "",
        "DINGTALK_URL": "",
        "FEISHU_URL": "",
        "MAX_ATTEMPTS": 3,
    }
    return handler, http_server


def messages_for(topic_prefix: str) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(topic__startswith=topic_prefix).order_by("id"))


def read_mail(envelope):
    raw = envelope.original_content
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    subject = str(make_header(decode_header(email.message_from_bytes(raw)["Subject"])))
    return subject, parsed.get_body(("plain",)).get_content().replace("\r\n", "\n").rstrip("\n")


def requests_to(http_server, path):
    return [r for r in http_server.received if r.path == path]


def test_order_received_reaches_the_customer_by_email_in_chinese_sms_and_webhook(world, channels):
    handler, http = channels
    world.customer.email = "zhangwei@example.cn"
    world.customer.save()
    order = new_order(world)
    [message] = messages_for("workorder.create")

    on_order_event(message)

    [envelope] = handler.envelopes
    assert envelope.rcpt_tos == ["zhangwei@example.cn"]
    subject, body = read_mail(envelope)
    assert subject == f"【飞修】已收到您的报修 {order.number}"
    assert body.startswith(f"张伟，您好！我们已收到您的报修（工单号 {order.number}，")
    assert f"/portal/orders/{order.number}/" in body
    [sms] = requests_to(http, "/sms")
    assert sms.json()["to"] == "13800001234" and order.number in sms.json()["text"]
    [hook] = requests_to(http, "/hook")
    expected = "sha256=" + hmac.new(SECRET.encode(), hook.body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(hook.headers["x-fixloop-signature"], expected)
    assert hook.json()["subject"] == subject
    assert sorted(Delivery.objects.values_list("channel", "status")) == [
        ("email", "sent"),
        ("sms", "sent"),
        ("webhook", "sent"),
    ]


def test_a_rerun_of_the_same_message_sends_nothing_twice(world, channels):
    handler, http = channels
    world.customer.email = "zhangwei@example.cn"
    world.customer.save()
    new_order(world)
    [message] = messages_for("workorder.create")

    on_order_event(message)
    on_order_event(message)  # the worker died after the send, before marking the message delivered
    Worker(worker_id="again").drain()  # and the worker's own delivery of it

    assert len(handler.envelopes) == 1
    assert len(requests_to(http, "/sms")) == 1
    assert Delivery.objects.count() == 3
    assert set(DeliveryAttempt.objects.values_list("number", flat=True)) == {1}


def test_an_english_customer_is_told_in_english(world, channels):
    handler, _http = channels
    world.customer.email = "zw@example.com"
    world.customer.language = "en"
    world.customer.save()
    order = new_order(world)

    on_order_event(messages_for("workorder.create")[0])

    subject, body = read_mail(handler.envelopes[0])
    assert subject == f"We received your repair request {order.number}"
    assert body.startswith("Hello 张伟, we received your repair request")


def test_turned_off_channels_get_nothing(world, channels):
    handler, http = channels
    world.customer.email = "zhangwei@example.cn"
    world.customer.save()
    ChannelPreference.objects.create(customer=world.customer, email=False, sms=True)
    new_order(world)

    on_order_event(messages_for("workorder.create")[0])

    assert handler.envelopes == []
    assert len(requests_to(http, "/sms")) == 1
    assert not Delivery.objects.filter(channel="email").exists()


def test_a_channel_turned_off_before_a_retry_is_not_retried(world, channels):
    handler, http = channels
    http.status = 503
    new_order(world)
    on_order_event(messages_for("workorder.create")[0])
    sms = Delivery.objects.get(channel="sms")
    assert sms.status == "retry"
    ChannelPreference.objects.create(customer=world.customer, email=True, sms=False)
    http.status = 200

    retry_due(timezone.now() + dt.timedelta(days=1))

    sms.refresh_from_db()
    assert sms.status == "cancelled"
    assert len(requests_to(http, "/sms")) == 1


def test_failures_are_retried_with_backoff_then_dead_lettered(world, channels):
    _handler, http = channels
    http.status = 503
    new_order(world)
    on_order_event(messages_for("workorder.create")[0])
    hook = Delivery.objects.get(channel="webhook")
    assert (hook.status, hook.attempts) == ("retry", 1)
    first_wait = hook.next_attempt_at - timezone.now()
    assert dt.timedelta(seconds=20) < first_wait <= dt.timedelta(seconds=30)

    assert retry_due(timezone.now()) == 0  # not due yet
    retry_due(timezone.now() + dt.timedelta(hours=1))
    hook.refresh_from_db()
    assert (hook.status, hook.attempts) == ("retry", 2)
    retry_due(timezone.now() + dt.timedelta(hours=2))
    hook.refresh_from_db()

    assert (hook.status, hook.attempts) == ("dead", 3)
    assert hook.last_error.startswith("HTTP 503")
    assert list(hook.attempt_log.values_list("number", "outcome")) == [
        (1, "retryable"),
        (2, "retryable"),
        (3, "retryable"),
    ]
    assert len(requests_to(http, "/hook")) == 3
    retry_due(timezone.now() + dt.timedelta(hours=3))
    assert len(requests_to(http, "/hook")) == 3  # dead letters stay dead


def test_a_permanent_failure_dead_letters_at_once(world, channels):
    _handler, http = channels
    http.status = 400
    new_order(world)

    on_order_event(messages_for("workorder.create")[0])

    hook = Delivery.objects.get(channel="webhook")
    assert (hook.status, hook.attempts) == ("dead", 1)


def test_assignment_tells_the_customer_and_the_engineer(world, channels):
    handler, _http = channels
    world.customer.email = "zhangwei@example.cn"
    world.customer.save()
    world.users[Role.ENGINEER].email = "li.gong@fixloop.test"
    world.users[Role.ENGINEER].save()
    order = advance(world, new_order(world), "triage")
    order = advance(world, order, "assign")
    [message] = messages_for("workorder.assign")

    on_order_event(message)

    by_rcpt = {env.rcpt_tos[0]: read_mail(env) for env in handler.envelopes}
    assert by_rcpt["zhangwei@example.cn"][0] == f"【飞修】工单 {order.number} 已派工"
    assert by_rcpt["li.gong@fixloop.test"][0] == f"新工单派给您：{order.number}"
    assert f"/console/orders/{order.number}/" in by_rcpt["li.gong@fixloop.test"][1]


def test_notify_tells_staff_through_the_worker_with_an_edited_template(world, channels):
    handler, _http = channels
    manager = world.users[Role.MANAGER]
    manager.email = "boss@fixloop.test"
    manager.save()
    order = new_order(world)
    MessageTemplate.objects.filter(event="sla.breach", language="zh-hans").update(
        subject="超时！{{ number }}", body="{{ clock }} 超时，截止 {{ due }}"
    )
    with transaction.atomic():
        notify(
            "sla.breach",
            order_id=order.pk,
            user_ids=[manager.pk],
            context={"clock": "响应", "due": "11-25 09:00"},
            dedupe_key=f"sla:{order.pk}:breach",
        )
        notify(
            "sla.breach",
            order_id=order.pk,
            user_ids=[manager.pk],
            context={"clock": "响应", "due": "11-25 09:00"},
            dedupe_key=f"sla:{order.pk}:breach",
        )

    worker = Worker(worker_id="t")
    with pytest.MonkeyPatch.context() as mp:
        # only this module's handler: other modules' order-event handlers are theirs to test
        mp.setattr(
            "fixloop.worker.runner.handlers_for", lambda topic: [on_notify] if topic == "notify" else []
        )
        worker.drain()

    [envelope] = handler.envelopes  # the same dedupe key twice: told once
    assert read_mail(envelope) == (f"超时！{order.number}", "响应 超时，截止 11-25 09:00")
    assert envelope.rcpt_tos == ["boss@fixloop.test"]
    assert not Delivery.objects.filter(customer__isnull=False).exists()  # a staff event skips the customer
