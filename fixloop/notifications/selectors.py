"""Reads for the notifications pages."""

from django.db.models import Q, QuerySet

from fixloop.notifications.models import Delivery, MessageTemplate


def delivery_list(
    *, status: str = "", channel: str = "", q: str = "", by_recipient: bool = True
) -> QuerySet[Delivery]:
    """`by_recipient=False` for roles shown masked contacts: a search hit on a phone number or address
    would confirm the digits the mask hides, so `q` then matches order numbers only."""
    qs = Delivery.objects.select_related("order").prefetch_related("attempt_log")
    if status:
        qs = qs.filter(status=status)
    if channel:
        qs = qs.filter(channel=channel)
    if q:
        matches = Q(order__number__icontains=q)
        if by_recipient:
            matches |= Q(recipient__icontains=q)
        qs = qs.filter(matches)
    return qs.order_by("-id")


def template_list() -> QuerySet[MessageTemplate]:
    return MessageTemplate.objects.order_by("event", "language")
