"""Group-bot webhooks of WeCom (企业微信), DingTalk (钉钉) and Feishu (飞书): text messages, optional signing."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx

from fixloop.notifications.channels.base import (
    DEFAULT_TIMEOUT,
    DeliveryResult,
    Message,
    classify_status,
    post,
    response_json,
)

WECOM_MAX_CONTENT_BYTES = 2048

# Error codes these platforms return with HTTP 200 that mean "slow down" or "busy", not "never".
WECOM_RETRYABLE_CODES = frozenset({-1, 45009})
DINGTALK_RETRYABLE_CODES = frozenset({-1, 130101, 90030})
FEISHU_RETRYABLE_CODES = frozenset({11232})


def bot_text(message: Message) -> str:
    return f"{message.subject}\n{message.body}" if message.subject else message.body


def truncate_utf8(text: str, limit: int) -> str:
    """Cut to at most `limit` UTF-8 bytes without splitting a character."""
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """Base64 HMAC-SHA256 of "{timestamp}\\n{secret}" keyed by the secret (not yet URL-encoded)."""
    string_to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode("utf-8"), string_to_sign, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """Base64 HMAC-SHA256 of an empty message keyed by "{timestamp}\\n{secret}" (Feishu's scheme)."""
    key = f"{timestamp_s}\n{secret}".encode()
    digest = hmac.new(key, b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def _send_bot(
    url: str,
    payload: dict[str, Any],
    *,
    code_keys: tuple[str, ...],
    retryable_codes: frozenset[int],
    timeout: float,
    client: httpx.Client | None,
) -> DeliveryResult:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    response = post(url, content=body, headers={}, timeout=timeout, client=client)
    if isinstance(response, DeliveryResult):
        return response
    result = classify_status(response.status_code, response.text)
    if not result.ok:
        return result
    data = response_json(response)
    if data is None:
        # A 200 that is not the platform's JSON is a proxy or a wrong URL; repeating will not help.
        return DeliveryResult.permanent("unexpected reply: " + response.text[:200])
    code = next((data[k] for k in code_keys if k in data), None)
    if code == 0:
        return DeliveryResult.success("code 0")
    detail = "code {}: {}".format(
        code, data.get("errmsg") or data.get("msg") or data.get("StatusMessage", "")
    )
    return DeliveryResult.retry(detail) if code in retryable_codes else DeliveryResult.permanent(detail)


@dataclass
class WeComBotChannel:
    """企业微信群机器人: `url` is the full webhook URL including `?key=…`."""

    url: str
    mentioned_list: list[str] = field(default_factory=list)
    mentioned_mobile_list: list[str] = field(default_factory=list)
    timeout: float = DEFAULT_TIMEOUT
    client: httpx.Client | None = None

    def payload(self, message: Message) -> dict[str, Any]:
        text: dict[str, Any] = {"content": truncate_utf8(bot_text(message), WECOM_MAX_CONTENT_BYTES)}
        if self.mentioned_list:
            text["mentioned_list"] = self.mentioned_list
        if self.mentioned_mobile_list:
            text["mentioned_mobile_list"] = self.mentioned_mobile_list
        return {"msgtype": "text", "text": text}

    def send(self, message: Message) -> DeliveryResult:
        return _send_bot(
            self.url,
            self.payload(message),
            code_keys=("errcode",),
            retryable_codes=WECOM_RETRYABLE_CODES,
            timeout=self.timeout,
            client=self.client,
        )


@dataclass
class DingTalkBotChannel:
    """钉钉自定义机器人: `url` includes `?access_token=…`; with a secret the URL is signed per request."""

    url: str
    secret: str = ""
    at_mobiles: list[str] = field(default_factory=list)
    at_all: bool = False
    timeout: float = DEFAULT_TIMEOUT
    client: httpx.Client | None = None
    clock: Callable[[], float] = field(default=time.time, repr=False)

    def signed_url(self) -> str:
        if not self.secret:
            return self.url
        timestamp_ms = int(self.clock() * 1000)
        query = urlencode({"timestamp": timestamp_ms, "sign": dingtalk_sign(self.secret, timestamp_ms)})
        return self.url + ("&" if "?" in self.url else "?") + query

    def payload(self, message: Message) -> dict[str, Any]:
        return {
            "msgtype": "text",
            "text": {"content": bot_text(message)},
            "at": {"atMobiles": self.at_mobiles, "isAtAll": self.at_all},
        }

    def send(self, message: Message) -> DeliveryResult:
        return _send_bot(
            self.signed_url(),
            self.payload(message),
            code_keys=("errcode",),
            retryable_codes=DINGTALK_RETRYABLE_CODES,
            timeout=self.timeout,
            client=self.client,
        )


@dataclass
class FeishuBotChannel:
    """飞书自定义机器人: with a secret, `timestamp` and `sign` travel in the JSON body."""

    url: str
    secret: str = ""
    timeout: float = DEFAULT_TIMEOUT
    client: httpx.Client | None = None
    clock: Callable[[], float] = field(default=time.time, repr=False)

    def payload(self, message: Message) -> dict[str, Any]:
        payload: dict[str, Any] = {"msg_type": "text", "content": {"text": bot_text(message)}}
        if self.secret:
            timestamp_s = int(self.clock())
            payload = {
                "timestamp": str(timestamp_s),
                "sign": feishu_sign(self.secret, timestamp_s),
                **payload,
            }
        return payload

    def send(self, message: Message) -> DeliveryResult:
        # Newer replies carry `code`, older ones `StatusCode`.
        return _send_bot(
            self.url,
            self.payload(message),
            code_keys=("code", "StatusCode"),
            retryable_codes=FEISHU_RETRYABLE_CODES,
            timeout=self.timeout,
            client=self.client,
        )
