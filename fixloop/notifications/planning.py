"""From a request to notify to delivery rows: who hears it, on which channels, in which language."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings

from fixloop.notifications import channels_config
from fixloop.notifications.events import CUSTOMER, STAFF, audience
from fixloop.notifications.models import Channel, ChannelPreference, Delivery
from fixloop.notifications.rendering import order_context, render

PERSONAL_CHANNELS = (Channel.EMAIL, Channel.SMS)


@dataclass(frozen=True)
class Recipient:
    key: str  # stable: part of the de-duplication key
    label: str
    language: str
    email: str = ""
    phone: str = ""
    customer_id: int | None = None
    user_id: int | None = None

    def address(self, channel: str) -> str:
        return self.email if channel == Channel.EMAIL else self.phone if channel == Channel.SMS else ""


def customer_recipient(customer) -> Recipient:
    return Recipient(
        key=f"customer-{customer.pk}",
        label=customer.name,
        language=customer.language or settings.LANGUAGE_CODE,
        email=customer.email,
        phone=customer.phone,
        customer_id=customer.pk,
    )


def user_recipient(user) -> Recipient:
    return Recipient(
        key=f"user-{user.pk}",
        label=user.get_full_name() or user.get_username(),
        language=user.language or settings.LANGUAGE_CODE,
        email=user.email,
        phone=user.phone,
        user_id=user.pk,
    )


def dedupe_key(base: str, recipient_key: str, channel: str) -> str:
    key = f"{base}:{recipient_key}:{channel}"
    return key if len(key) <= 200 else hashlib.sha256(key.encode()).hexdigest()


def allowed_channels(recipient: Recipient) -> list[str]:
    """Personal channels that are switched on, have an address, and the person has not turned off."""
    owner = (
        {"customer_id": recipient.customer_id} if recipient.customer_id else {"user_id": recipient.user_id}
    )
    preference = ChannelPreference.objects.filter(**owner).first()
    return [
        channel
        for channel in PERSONAL_CHANNELS
        if channels_config.enabled(channel)
        and recipient.address(channel)
        and (preference is None or preference.allows(channel))
    ]


def plan(
    event: str,
    *,
    base_key: str,
    order=None,
    customer=None,
    users=(),
    context: dict | None = None,
    outbox_message_id: int | None = None,
) -> list[Delivery]:
    """Create (once) the delivery rows for `event`; returns them, including ones an earlier run made."""
    rows: list[Delivery] = []

    def add(recipient_key, label, language, channel, address, **owner):
        ctx = {**order_context(order, language), **(context or {})}
        subject, body = render(event, language, ctx)
        rows.append(
            Delivery(
                dedupe_key=dedupe_key(base_key, recipient_key, channel),
                event=event,
                channel=channel,
                recipient=address,
                recipient_label=label,
                language=language,
                subject=subject[:300],
                body=body,
                order=order,
                outbox_message_id=outbox_message_id,
                **owner,
            )
        )

    people = [customer_recipient(customer)] if customer is not None and audience(event) == CUSTOMER else []
    people += [user_recipient(user) for user in users]
    for person in people:
        for channel in allowed_channels(person):
            add(
                person.key,
                person.label,
                person.language,
                channel,
                person.address(channel),
                customer_id=person.customer_id,
                user_id=person.user_id,
            )
    group_channels = list(channels_config.BOTS) if audience(event) == STAFF else []
    for channel in [*group_channels, Channel.WEBHOOK]:
        if channels_config.enabled(channel):
            add("group", channel, settings.LANGUAGE_CODE, channel, channel)
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    return list(Delivery.objects.filter(dedupe_key__in=[row.dedupe_key for row in rows]).order_by("id"))
