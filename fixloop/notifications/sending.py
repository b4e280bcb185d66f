"""Sending one delivery: claim it, try its channel once, log the attempt, schedule a retry or give up."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from fixloop.notifications import channels_config
from fixloop.notifications.channels import DeliveryResult, Message
from fixloop.notifications.models import ChannelPreference, Delivery, DeliveryAttempt
from fixloop.notifications.planning import PERSONAL_CHANNELS
from fixloop.notifications.retry import next_attempt_delay, should_dead_letter

log = logging.getLogger(__name__)

# Longer than any channel's timeout: a sender that died mid-send is retried after this.
SEND_LEASE = dt.timedelta(minutes=2)
S = Delivery.Status


def due(now: dt.datetime) -> Q:
    return Q(status__in=[S.PENDING, S.RETRY], next_attempt_at__lte=now) | Q(
        status=S.SENDING, lease_until__lt=now
    )


def _claim(delivery_id: int, now: dt.datetime) -> bool:
    # Conditional UPDATE: of two workers racing for the same delivery, one wins, so it is sent once.
    return bool(
        Delivery.objects.filter(due(now), pk=delivery_id).update(
            status=S.SENDING, lease_until=now + SEND_LEASE, attempts=F("attempts") + 1
        )
    )


def _turned_off(delivery: Delivery) -> bool:
    """The recipient switched this channel off after the message was planned."""
    if delivery.channel not in PERSONAL_CHANNELS:
        return False
    owner = {"customer_id": delivery.customer_id} if delivery.customer_id else {"user_id": delivery.user_id}
    preference = ChannelPreference.objects.filter(**owner).first()
    return preference is not None and not preference.allows(delivery.channel)


def _attempt(delivery: Delivery) -> DeliveryResult:
    channel = channels_config.channel_for(delivery.channel)
    if channel is None:
        return DeliveryResult.permanent("channel switched off in settings")
    message = Message(
        recipient=delivery.recipient,
        subject=delivery.subject,
        body=delivery.body,
        language=delivery.language,
        dedup_key=delivery.dedupe_key,
    )
    try:
        return channel.send(message)
    except Exception as exc:  # an adapter bug must not lose the delivery: log it and try again later
        log.exception("channel %s raised", delivery.channel)
        return DeliveryResult.retry(f"{exc.__class__.__name__}: {exc}")


@transaction.atomic
def _record(delivery: Delivery, result: DeliveryResult) -> None:
    now = timezone.now()
    conf = settings.FIXLOOP_NOTIFY
    DeliveryAttempt.objects.create(
        delivery=delivery,
        number=delivery.attempts,
        at=now,
        outcome=result.outcome.value,
        detail=result.detail,
    )
    changes: dict = {"lease_until": None, "last_error": "" if result.ok else result.detail}
    if result.ok:
        changes.update(status=S.SENT, sent_at=now)
    elif should_dead_letter(result, delivery.attempts, max_attempts=conf["MAX_ATTEMPTS"]):
        changes.update(status=S.DEAD)
    else:
        delay = next_attempt_delay(delivery.attempts, base=conf["RETRY_BASE_SECONDS"])
        changes.update(status=S.RETRY, next_attempt_at=now + dt.timedelta(seconds=delay))
    Delivery.objects.filter(pk=delivery.pk, status=S.SENDING).update(**changes)


def send_delivery(delivery_id: int, *, now: dt.datetime | None = None) -> Delivery | None:
    """Try `delivery_id` once if it is due and nobody else is sending it; returns it, or None if not."""
    now = now or timezone.now()
    if not _claim(delivery_id, now):
        return None
    delivery = Delivery.objects.get(pk=delivery_id)
    if _turned_off(delivery):
        Delivery.objects.filter(pk=delivery_id).update(
            status=S.CANCELLED, lease_until=None, last_error="channel turned off by the recipient"
        )
    else:
        _record(delivery, _attempt(delivery))
    delivery.refresh_from_db()
    return delivery


def send_pending(deliveries: list[Delivery]) -> None:
    for delivery in deliveries:
        if delivery.status == S.PENDING:
            send_delivery(delivery.pk)


def retry_due(now: dt.datetime, *, limit: int = 500) -> int:
    """Periodic job: send every delivery whose retry time has come (or whose sender died)."""
    ids = list(
        Delivery.objects.filter(due(now))
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    return sum(1 for pk in ids if send_delivery(pk, now=now) is not None)
