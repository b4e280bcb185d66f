"""Generic webhook: signed JSON POST to an endpoint the customer or partner configured."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import httpx

from fixloop.notifications.channels.base import (
    DEFAULT_TIMEOUT,
    DeliveryResult,
    Message,
    classify_status,
    post,
)

SIGNATURE_HEADER = "X-Fixloop-Signature"
TIMESTAMP_HEADER = "X-Fixloop-Timestamp"


def webhook_signature(secret: str, raw_body: bytes) -> str:
    """`sha256=<hex HMAC-SHA256 of the raw body>`, the value of the X-Fixloop-Signature header."""
    digest = hmac.new(secret.encode("utf-8"), raw_body, hashlib.sha256).hexdigest()
    return "sha256=" + digest


def webhook_body(message: Message, timestamp: int) -> bytes:
    # The timestamp is inside the signed body too, so a receiver can reject replays using
    # signed data only; the header copy is a convenience.
    payload = {"timestamp": timestamp, **asdict(message)}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass
class WebhookChannel:
    """POSTs the message as JSON with an HMAC-SHA256 signature of the raw body."""

    url: str
    secret: str
    timeout: float = DEFAULT_TIMEOUT
    client: httpx.Client | None = None
    clock: Callable[[], float] = field(default=time.time, repr=False)

    def send(self, message: Message) -> DeliveryResult:
        timestamp = int(self.clock())
        body = webhook_body(message, timestamp)
        headers = {
            SIGNATURE_HEADER: webhook_signature(self.secret, body),
            TIMESTAMP_HEADER: str(timestamp),
        }
        if message.dedup_key:
            headers["Idempotency-Key"] = message.dedup_key
        response = post(self.url, content=body, headers=headers, timeout=self.timeout, client=self.client)
        if isinstance(response, DeliveryResult):
            return response
        return classify_status(response.status_code, response.text)
