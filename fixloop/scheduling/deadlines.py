"""The SLA deadline of an order, as dispatch sees it.

The SLA module's per-order snapshot (`sla.Snapshot.due_at`: the earliest due moment of the running
clocks) is the source; orders it has not computed yet (or with no running clock) fall back to a
target by priority from settings, so dispatch never lacks a deadline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings

from fixloop.sla.models import Snapshot

# Hours from creation to the deadline by priority, used only without an SLA snapshot.
DEFAULT_TARGET_HOURS = {"urgent": 4, "high": 8, "normal": 24, "low": 72}


def fallback_due(order) -> dt.datetime:
    hours = getattr(settings, "SCHEDULING_TARGET_HOURS", DEFAULT_TARGET_HOURS)
    return order.created_at + dt.timedelta(hours=hours.get(order.priority, 24))


def due_times(orders: Iterable) -> dict[int, dt.datetime]:
    """Deadline per order id, in one query."""
    orders = list(orders)
    snapshot_due = dict(
        Snapshot.objects.filter(order_id__in=[o.pk for o in orders], due_at__isnull=False).values_list(
            "order_id", "due_at"
        )
    )
    return {o.pk: snapshot_due.get(o.pk) or fallback_due(o) for o in orders}


def due_at(order) -> dt.datetime:
    return due_times([order])[order.pk]
