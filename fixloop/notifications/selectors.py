"""Reads for the notifications pages."""

from django.db.models import QuerySet

from fixloop.notifications.models import Delivery, MessageTemplate


def delivery_list(*, status: str = "", channel: str = "", q: str = "") -> QuerySet[Delivery]:
    qs = Delivery.objects.select_related("order").prefetch_related("attempt_log")
    if status:
        qs = qs.filter(status=status)
    if channel:
        qs = qs.filter(channel=channel)
    if q:
        qs = qs.filter(recipient__icontains=q) | qs.filter(order__number__icontains=q)
    return qs.order_by("-id")


def template_list() -> QuerySet[MessageTemplate]:
    return MessageTemplate.objects.order_by("event", "language")
