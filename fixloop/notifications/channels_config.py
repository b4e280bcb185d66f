"""Which channels are switched on, built from settings.FIXLOOP_NOTIFY and Django's EMAIL_* settings."""

from __future__ import annotations

from django.conf import settings

from fixloop.notifications.channels import (
    Channel,
    DingTalkBotChannel,
    EmailChannel,
    FeishuBotChannel,
    SmsGatewayChannel,
    WebhookChannel,
    WeComBotChannel,
)
from fixloop.notifications.models import Channel as Kind

BOTS = (Kind.WECOM, Kind.DINGTALK, Kind.FEISHU)


def conf() -> dict:
    return settings.FIXLOOP_NOTIFY


def enabled(kind: str) -> bool:
    c = conf()
    return {
        Kind.EMAIL: bool(c.get("EMAIL")),
        Kind.SMS: bool(c.get("SMS_URL")),
        Kind.WECOM: bool(c.get("WECOM_URL")),
        Kind.DINGTALK: bool(c.get("DINGTALK_URL")),
        Kind.FEISHU: bool(c.get("FEISHU_URL")),
        Kind.WEBHOOK: bool(c.get("WEBHOOK_URL")),
    }.get(kind, False)


def channel_for(kind: str) -> Channel | None:
    """The adapter for `kind` as configured now, or None when it is switched off."""
    if not enabled(kind):
        return None
    c = conf()
    if kind == Kind.EMAIL:
        return EmailChannel.from_settings()
    if kind == Kind.SMS:
        return SmsGatewayChannel(
            url=c["SMS_URL"],
            api_key=c.get("SMS_API_KEY", ""),
            api_key_header=c.get("SMS_API_KEY_HEADER", "X-API-Key"),
        )
    if kind == Kind.WECOM:
        return WeComBotChannel(url=c["WECOM_URL"])
    if kind == Kind.DINGTALK:
        return DingTalkBotChannel(url=c["DINGTALK_URL"], secret=c.get("DINGTALK_SECRET", ""))
    if kind == Kind.FEISHU:
        return FeishuBotChannel(url=c["FEISHU_URL"], secret=c.get("FEISHU_SECRET", ""))
    if kind == Kind.WEBHOOK:
        return WebhookChannel(url=c["WEBHOOK_URL"], secret=c.get("WEBHOOK_SECRET", ""))
    return None
