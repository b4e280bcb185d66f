"""The message every channel accepts, the result every channel returns, and shared HTTP plumbing."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Protocol

import httpx


@dataclass(frozen=True)
class Message:
    """One rendered notification for one recipient (address, phone number, or bot/endpoint name)."""

    recipient: str
    subject: str
    body: str
    html: str | None = None
    language: str = "zh-hans"
    dedup_key: str = ""


class Outcome(enum.StrEnum):
    OK = "ok"
    RETRYABLE = "retryable"
    PERMANENT = "permanent"


@dataclass(frozen=True)
class DeliveryResult:
    """What happened to one attempt; `detail` is short, human-readable and goes into the delivery log."""

    outcome: Outcome
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.OK

    @property
    def retryable(self) -> bool:
        return self.outcome is Outcome.RETRYABLE

    @classmethod
    def success(cls, detail: str = "") -> DeliveryResult:
        return cls(Outcome.OK, detail)

    @classmethod
    def retry(cls, detail: str) -> DeliveryResult:
        return cls(Outcome.RETRYABLE, detail)

    @classmethod
    def permanent(cls, detail: str) -> DeliveryResult:
        return cls(Outcome.PERMANENT, detail)


class Channel(Protocol):
    """Anything that can try to deliver a message once. Must not raise for delivery failures."""

    def send(self, message: Message) -> DeliveryResult: ...


# 408/425/429 say "not now", not "never".
_RETRYABLE_4XX = frozenset({408, 425, 429})
DEFAULT_TIMEOUT = 5.0


def classify_status(status: int, text: str = "") -> DeliveryResult:
    """Map an HTTP status to an outcome: 2xx ok, 5xx and throttling retryable, anything else permanent."""
    detail = f"HTTP {status} {text[:200]}".strip()
    if 200 <= status < 300:
        return DeliveryResult.success(detail)
    if status >= 500 or status in _RETRYABLE_4XX:
        return DeliveryResult.retry(detail)
    return DeliveryResult.permanent(detail)


def post(
    url: str,
    *,
    content: bytes,
    headers: dict[str, str],
    timeout: float,
    client: httpx.Client | None = None,
) -> httpx.Response | DeliveryResult:
    """POST once; a transport failure comes back as a DeliveryResult instead of an exception."""
    headers = {"Content-Type": "application/json; charset=utf-8", **headers}
    try:
        if client is not None:
            return client.post(url, content=content, headers=headers, timeout=timeout)
        with httpx.Client(timeout=timeout, follow_redirects=False) as own:
            return own.post(url, content=content, headers=headers)
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        return DeliveryResult.permanent(f"bad URL: {exc}")
    except httpx.TimeoutException as exc:
        return DeliveryResult.retry(f"timeout: {exc.__class__.__name__}")
    except httpx.TransportError as exc:
        return DeliveryResult.retry(f"transport error: {exc.__class__.__name__}: {exc}")


def response_json(response: httpx.Response) -> dict[str, Any] | None:
    try:
        data = response.json()
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
