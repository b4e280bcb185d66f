"""Channel adapters: one `send(message) -> DeliveryResult` per way of reaching someone."""

from fixloop.notifications.channels.base import Channel, DeliveryResult, Message, Outcome
from fixloop.notifications.channels.bots import (
    DingTalkBotChannel,
    FeishuBotChannel,
    WeComBotChannel,
    dingtalk_sign,
    feishu_sign,
)
from fixloop.notifications.channels.mail import EmailChannel
from fixloop.notifications.channels.sms import SmsGatewayChannel
from fixloop.notifications.channels.webhook import WebhookChannel, webhook_signature

__all__ = [
    "Channel",
    "DeliveryResult",
    "DingTalkBotChannel",
    "EmailChannel",
    "FeishuBotChannel",
    "Message",
    "Outcome",
    "SmsGatewayChannel",
    "WeComBotChannel",
    "WebhookChannel",
    "dingtalk_sign",
    "feishu_sign",
    "webhook_signature",
]
