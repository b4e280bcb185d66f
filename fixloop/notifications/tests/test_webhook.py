"""WebhookChannel and SmsGatewayChannel against a real stdlib HTTP server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import hmac

import httpx
import pytest

from fixloop.notifications.channels import (
    Message,
    Outcome,
    SmsGatewayChannel,
    WebhookChannel,
    webhook_signature,
)

SECRET = "whsec_门店-42"
MESSAGE = Message(
    recipient="partner-acme",
    subject="工单已派工",
    body="工程师李师傅将于明天 09:00 上门。",
    language="zh-hans",
    dedup_key="order-42:assigned:webhook",
)


def signature_is_valid(secret: str, raw_body: bytes, header: str) -> bool:
    """What a receiver does: recompute over the exact bytes received, compare in constant time."""
    expected = "sha256=" + hmac.new(secret.encode(), raw_body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header)


def test_webhook_signature_matches_published_hmac_vector():
    # HMAC-SHA256(key="key", "The quick brown fox jumps over the lazy dog"), the textbook test vector.
    assert webhook_signature("key", b"The quick brown fox jumps over the lazy dog") == (
        "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
    )


def test_webhook_is_received_with_a_valid_signature(http_server):
    http_server.status = 204
    http_server.reply = b""
    channel = WebhookChannel(
        url=http_server.base_url + "/hooks/fixloop", secret=SECRET, clock=lambda: 1_764_000_000.7
    )

    result = channel.send(MESSAGE)

    assert result.outcome is Outcome.OK
    [request] = http_server.received
    assert request.path == "/hooks/fixloop"
    assert request.headers["content-type"] == "application/json; charset=utf-8"
    assert signature_is_valid(SECRET, request.body, request.headers["x-fixloop-signature"])
    assert not signature_is_valid("another secret", request.body, request.headers["x-fixloop-signature"])
    assert request.headers["x-fixloop-timestamp"] == "1764000000"
    assert request.headers["idempotency-key"] == "order-42:assigned:webhook"
    assert request.json() == {
        "timestamp": 1764000000,
        "recipient": "partner-acme",
        "subject": "工单已派工",
        "body": "工程师李师傅将于明天 09:00 上门。",
        "html": None,
        "language": "zh-hans",
        "dedup_key": "order-42:assigned:webhook",
    }


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (200, Outcome.OK),
        (202, Outcome.OK),
        (500, Outcome.RETRYABLE),
        (502, Outcome.RETRYABLE),
        (503, Outcome.RETRYABLE),
        (429, Outcome.RETRYABLE),
        (408, Outcome.RETRYABLE),
        (400, Outcome.PERMANENT),
        (401, Outcome.PERMANENT),
        (404, Outcome.PERMANENT),
        (410, Outcome.PERMANENT),
        (301, Outcome.PERMANENT),
    ],
)
def test_webhook_outcome_by_status(http_server, status, outcome):
    http_server.status = status
    http_server.reply = b'{"error":"nope"}'

    result = WebhookChannel(url=http_server.base_url + "/hook", secret=SECRET).send(MESSAGE)

    assert result.outcome is outcome
    assert result.detail.startswith(f"HTTP {status}")
    assert len(http_server.received) == 1


def test_webhook_to_a_closed_port_is_retryable(closed_url):
    result = WebhookChannel(url=closed_url, secret=SECRET).send(MESSAGE)

    assert result.outcome is Outcome.RETRYABLE
    assert result.detail.startswith("transport error: ConnectError")


def test_webhook_timeout_is_retryable(http_server):
    http_server.delay = 1.0

    result = WebhookChannel(url=http_server.base_url + "/slow", secret=SECRET, timeout=0.2).send(MESSAGE)

    assert result.outcome is Outcome.RETRYABLE
    assert result.detail == "timeout: ReadTimeout"


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/hook", "not a url"])
def test_webhook_with_an_unusable_url_is_permanent(url):
    assert WebhookChannel(url=url, secret=SECRET).send(MESSAGE).outcome is Outcome.PERMANENT


def test_webhook_uses_a_shared_client_when_given(http_server):
    with httpx.Client() as client:
        channel = WebhookChannel(url=http_server.base_url + "/hook", secret=SECRET, client=client)
        assert channel.send(MESSAGE).ok
        assert channel.send(MESSAGE).ok

    assert len(http_server.received) == 2


def test_sms_gateway_receives_to_and_text_with_api_key(http_server):
    http_server.reply = b'{"id":"sms-1"}'
    channel = SmsGatewayChannel(
        url=http_server.base_url + "/v1/sms", api_key="k-123", api_key_header="X-Api-Token"
    )

    result = channel.send(
        Message(recipient="+8613800138000", subject="ignored", body="【飞修】您的设备已修好，请取件。")
    )

    assert result.outcome is Outcome.OK
    [request] = http_server.received
    assert request.path == "/v1/sms"
    assert request.headers["x-api-token"] == "k-123"
    assert request.json() == {"to": "+8613800138000", "text": "【飞修】您的设备已修好，请取件。"}


@pytest.mark.parametrize(("status", "outcome"), [(500, Outcome.RETRYABLE), (400, Outcome.PERMANENT)])
def test_sms_gateway_errors(http_server, status, outcome):
    http_server.status = status

    result = SmsGatewayChannel(url=http_server.base_url + "/v1/sms", api_key="k").send(MESSAGE)

    assert result.outcome is outcome


def test_sms_gateway_closed_port_is_retryable(closed_url):
    assert SmsGatewayChannel(url=closed_url, api_key="k").send(MESSAGE).outcome is Outcome.RETRYABLE
