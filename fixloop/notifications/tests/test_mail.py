"""EmailChannel against a real aiosmtpd server on 127.0.0.1."""

from __future__ import annotations

import email
import email.policy
import smtplib
from email.header import decode_header, make_header

import pytest

from fixloop.notifications.channels import EmailChannel, Message, Outcome
from fixloop.notifications.channels.mail import classify_smtp_error
from fixloop.notifications.tests.conftest import SMTP_PASSWORD, SMTP_USER, free_port

SUBJECT = "您的工单 WO-2026-0042 已完成维修，请到服务网点取件"
BODY = "尊敬的王先生：\n\n您送修的笔记本电脑已通过质检，可以取件了。\n\n— 飞修售后服务中心"
HTML = "<p>尊敬的王先生：您送修的笔记本电脑<b>已通过质检</b>。</p>"


def channel_for(controller, **overrides) -> EmailChannel:
    params = {
        "host": controller.hostname,
        "port": controller.port,
        "from_email": "飞修服务中心 <noreply@fixloop.test>",
    }
    return EmailChannel(**{**params, **overrides})


def message(**overrides) -> Message:
    params = {
        "recipient": "wang@example.cn",
        "subject": SUBJECT,
        "body": BODY,
        "html": HTML,
        "language": "zh-hans",
        "dedup_key": "order-42:ready_for_pickup:email",
    }
    return Message(**{**params, **overrides})


def content(part) -> str:
    return part.get_content().replace("\r\n", "\n").rstrip("\n")


def test_chinese_mail_is_delivered_and_reads_back_intact(smtp_server):
    controller, handler = smtp_server

    result = channel_for(controller).send(message())

    assert result.outcome is Outcome.OK
    assert [env.rcpt_tos for env in handler.envelopes] == [["wang@example.cn"]]
    raw = handler.envelopes[0].original_content
    assert "已完成".encode() not in raw.split(b"\r\n\r\n", 1)[0]  # headers travel encoded (RFC 2047)
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    # Django folds a long subject right after "Subject:"; policy.default keeps that folding
    # whitespace as a leading space, so decode the RFC 2047 words the classic way.
    assert str(make_header(decode_header(email.message_from_bytes(raw)["Subject"]))) == SUBJECT
    assert parsed["Subject"].strip() == SUBJECT
    assert parsed["From"].addresses[0].display_name == "飞修服务中心"
    assert parsed["To"] == "wang@example.cn"
    assert parsed["Content-Language"] == "zh-hans"
    assert parsed["X-Fixloop-Dedup-Key"] == "order-42:ready_for_pickup:email"
    assert content(parsed.get_body(preferencelist=("plain",))) == BODY
    assert content(parsed.get_body(preferencelist=("html",))) == HTML


def test_text_only_mail_has_no_html_part(smtp_server):
    controller, handler = smtp_server

    assert channel_for(controller).send(message(html=None)).ok

    parsed = email.message_from_bytes(handler.envelopes[0].original_content, policy=email.policy.default)
    assert not parsed.is_multipart()
    assert content(parsed) == BODY


def test_login_with_configured_credentials(smtp_server):
    controller, handler = smtp_server

    result = channel_for(controller, username=SMTP_USER, password=SMTP_PASSWORD).send(message())

    assert result.ok
    assert len(handler.envelopes) == 1


def test_wrong_password_is_permanent_and_sends_nothing(smtp_server):
    controller, handler = smtp_server

    result = channel_for(controller, username=SMTP_USER, password="wrong").send(message())

    assert result.outcome is Outcome.PERMANENT
    assert result.detail.startswith("SMTP 535")
    assert handler.envelopes == []


@pytest.mark.parametrize(
    ("reply", "outcome"),
    [("550 5.1.1 mailbox unavailable", Outcome.PERMANENT), ("450 4.2.1 try later", Outcome.RETRYABLE)],
)
def test_refused_recipient_by_reply_class(smtp_server, reply, outcome):
    controller, handler = smtp_server
    handler.rcpt_replies["gone@example.cn"] = reply

    result = channel_for(controller).send(message(recipient="gone@example.cn"))

    assert result.outcome is outcome
    assert handler.envelopes == []


def test_closed_port_is_retryable():
    result = EmailChannel(host="127.0.0.1", port=free_port(), timeout=2).send(message())

    assert result.outcome is Outcome.RETRYABLE
    assert "ConnectionRefusedError" in result.detail


def test_header_injection_is_permanent(smtp_server):
    controller, handler = smtp_server

    result = channel_for(controller).send(message(subject="hi\nBcc: everyone@example.cn"))

    assert result.outcome is Outcome.PERMANENT
    assert handler.envelopes == []


def test_from_settings_reads_django_email_settings(settings, smtp_server):
    controller, handler = smtp_server
    settings.EMAIL_HOST = controller.hostname
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = SMTP_USER
    settings.EMAIL_HOST_PASSWORD = SMTP_PASSWORD
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 3
    settings.DEFAULT_FROM_EMAIL = "service@fixloop.test"

    channel = EmailChannel.from_settings()

    assert channel == EmailChannel(
        host="127.0.0.1",
        port=controller.port,
        username=SMTP_USER,
        password=SMTP_PASSWORD,
        use_tls=False,
        use_ssl=False,
        from_email="service@fixloop.test",
        timeout=3,
    )
    assert channel.send(message()).ok
    assert handler.envelopes[0].mail_from == "service@fixloop.test"


@pytest.mark.parametrize(
    ("exc", "outcome"),
    [
        (smtplib.SMTPServerDisconnected("gone"), Outcome.RETRYABLE),
        (smtplib.SMTPDataError(452, b"insufficient storage"), Outcome.RETRYABLE),
        (smtplib.SMTPDataError(554, b"rejected as spam"), Outcome.PERMANENT),
        (smtplib.SMTPSenderRefused(553, b"sender not allowed", "x@y"), Outcome.PERMANENT),
        (TimeoutError("timed out"), Outcome.RETRYABLE),
    ],
)
def test_classify_smtp_error(exc, outcome):
    assert classify_smtp_error(exc).outcome is outcome
