"""Reads of work orders, always scoped to what the actor may see."""

import base64
import binascii
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.core.errors import NotFound, ValidationFailed
from fixloop.workorders.filters import WorkOrderFilter
from fixloop.workorders.models import Quote, WorkOrder, WorkOrderEvent
from fixloop.workorders.permissions import order_scope

LIST_RELATED = ("customer", "device", "product_model", "service_point", "assignee__user")


def lifecycle_orders() -> QuerySet[WorkOrder]:
    """Orders that went through fixloop's lifecycle: imported history has no SLA clocks, and its
    customers are not surveyed or called back."""
    return WorkOrder.objects.filter(imported=False)


def order_queryset(actor: Actor) -> QuerySet[WorkOrder]:
    return WorkOrder.objects.filter(order_scope(actor)).select_related(*LIST_RELATED)


def order_get_for(actor: Actor, number: str) -> WorkOrder:
    """The order with this number if the actor may see it; NotFound otherwise (no hint it exists)."""
    order = order_queryset(actor).filter(number=number).first()
    if order is None:
        raise NotFound("order_not_found", _("Work order {number} was not found.").format(number=number))
    return order


@dataclass
class Page:
    items: list[WorkOrder]
    next_cursor: str | None


def encode_cursor(order_id: int) -> str:
    return base64.urlsafe_b64encode(str(order_id).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        return int(base64.urlsafe_b64decode(padded.encode()).decode())
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise ValidationFailed("invalid_cursor", _("The page cursor is not valid.")) from exc


def order_list(actor: Actor, params, *, limit: int = 50, cursor: str | None = None) -> Page:
    """Newest first, filtered by WorkOrderFilter, keyset-paginated on the id (stable under inserts)."""
    filterset = WorkOrderFilter(params, queryset=order_queryset(actor))
    if not filterset.is_valid():
        raise ValidationFailed(
            "invalid_filter", _("Some filters are not valid."), {"fields": filterset.errors.get_json_data()}
        )
    queryset = filterset.qs.order_by("-id")
    if cursor:
        queryset = queryset.filter(id__lt=decode_cursor(cursor))
    rows = list(queryset[: limit + 1])
    more = len(rows) > limit
    items = rows[:limit]
    return Page(items=items, next_cursor=encode_cursor(items[-1].pk) if more and items else None)


def timeline(order: WorkOrder) -> list[WorkOrderEvent]:
    return list(order.events.order_by("id"))


def order_get_tracked(number: str, phone_last4: str) -> WorkOrder | None:
    """Public tracking: the order only if the last four digits of its contact phone match."""
    order = WorkOrder.objects.filter(number=number.strip().upper()).first()
    digits = "".join(ch for ch in (order.contact_phone if order else "") if ch.isdigit())
    if order is None or len(phone_last4) != 4 or not digits.endswith(phone_last4):
        return None
    return order


def quote_latest(order: WorkOrder) -> Quote | None:
    """The newest quote revision with its diagnosis, options and lines (three queries whatever the size)."""
    return (
        Quote.objects.filter(order=order)
        .select_related("diagnosis")
        .prefetch_related("options__lines")
        .order_by("-revision")
        .first()
    )
