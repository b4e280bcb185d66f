"""Demo: the default templates, a few channel choices, and a delivery log drawn from the demo orders."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from fixloop.customers.models import Customer
from fixloop.notifications.events import CUSTOMER_EVENT_FOR_ACTION
from fixloop.notifications.models import ChannelPreference, Delivery, DeliveryAttempt, MessageTemplate
from fixloop.notifications.planning import customer_recipient, dedupe_key
from fixloop.notifications.rendering import order_context, render
from fixloop.notifications.services import ensure_default_templates
from fixloop.workorders.models import WorkOrderEvent

S = Delivery.Status


def _outcome(index: int, channel: str) -> tuple[str, list[tuple[str, str]]]:
    """A realistic mix: most sent at once, some after a retry, a few still retrying or dead."""
    if channel == "sms" and index % 9 == 4:
        return S.RETRY, [("retryable", "HTTP 503 短信网关繁忙，请稍后重试")]
    if channel == "email" and index % 13 == 6:
        return S.DEAD, [("permanent", "SMTP 550 Mailbox unavailable: user unknown")]
    if index % 5 == 2:
        return S.SENT, [("retryable", "transport error: ConnectError: timed out"), ("ok", "HTTP 200")]
    return S.SENT, [("ok", "HTTP 200" if channel == "sms" else f"accepted for {channel}")]


def _log(event: WorkOrderEvent, index: int) -> int:
    order = event.order
    person = customer_recipient(order.customer)
    name = CUSTOMER_EVENT_FOR_ACTION[event.action]
    ctx = order_context(order, person.language)
    subject, body = render(name, person.language, ctx)
    made = 0
    for channel, address in (("sms", person.phone), ("email", person.email)):
        if not address:
            continue
        status, attempts = _outcome(index, channel)
        delivery, created = Delivery.objects.get_or_create(
            dedupe_key=dedupe_key(f"wo-event-{event.pk}", person.key, channel),
            defaults={
                "event": name, "channel": channel, "recipient": address, "recipient_label": person.label,
                "language": person.language, "subject": subject, "body": body, "status": status,
                "attempts": len(attempts), "last_error": "" if status == S.SENT else attempts[-1][1],
                "order": order, "customer_id": order.customer_id,
                "sent_at": event.created_at + dt.timedelta(seconds=20) if status == S.SENT else None,
                "next_attempt_at": event.created_at + dt.timedelta(minutes=5),
            },
        )  # fmt: skip
        if created:
            for number, (outcome, detail) in enumerate(attempts, start=1):
                at = event.created_at + dt.timedelta(seconds=10 + 60 * (number - 1))
                DeliveryAttempt.objects.create(
                    delivery=delivery, number=number, at=at, outcome=outcome, detail=detail
                )
            made += 1
    return made


@transaction.atomic
def load() -> str:
    ensure_default_templates()
    for customer in Customer.objects.order_by("id")[2:4]:
        ChannelPreference.objects.get_or_create(customer=customer, defaults={"email": True, "sms": False})
    events = (
        WorkOrderEvent.objects.filter(action__in=CUSTOMER_EVENT_FOR_ACTION)
        .select_related("order__customer", "order__assignee__user", "order__product_model")
        .order_by("-created_at", "-id")[:60]
    )
    made = sum(_log(event, index) for index, event in enumerate(events))
    return _("Notifications: {templates} templates, {deliveries} deliveries in the log.").format(
        templates=MessageTemplate.objects.count(), deliveries=made
    )
