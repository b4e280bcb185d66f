"""SMS through a generic HTTP gateway: JSON {to, text}, API key in a header."""

from __future__ import annotations

import json
from dataclasses import dataclass

import httpx

from fixloop.notifications.channels.base import (
    DEFAULT_TIMEOUT,
    DeliveryResult,
    Message,
    classify_status,
    post,
)


@dataclass
class SmsGatewayChannel:
    """Sends `message.body` (SMS has no subject) to the phone number in `message.recipient`."""

    url: str
    api_key: str
    api_key_header: str = "X-API-Key"
    timeout: float = DEFAULT_TIMEOUT
    client: httpx.Client | None = None

    def send(self, message: Message) -> DeliveryResult:
        body = json.dumps({"to": message.recipient, "text": message.body}, ensure_ascii=False)
        headers = {self.api_key_header: self.api_key}
        if message.dedup_key:
            headers["Idempotency-Key"] = message.dedup_key
        response = post(
            self.url, content=body.encode("utf-8"), headers=headers, timeout=self.timeout, client=self.client
        )
        if isinstance(response, DeliveryResult):
            return response
        return classify_status(response.status_code, response.text)
