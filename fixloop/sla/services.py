"""SLA writes beyond the per-event recompute: recomputing many orders at once."""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from fixloop.sla import snapshots
from fixloop.sla.clocks import Event
from fixloop.sla.policies import SlaContext
from fixloop.workorders.models import WorkOrderEvent
from fixloop.workorders.selectors import lifecycle_orders
from fixloop.workorders.states import OPEN_STATES

BATCH = 500


def recompute_orders(*, numbers: list[str] | None = None, open_only: bool = False) -> int:
    """Recompute the snapshots of these orders (default: all), a batch per transaction; returns the count."""
    orders = lifecycle_orders().select_related("customer").order_by("id")
    if numbers:
        orders = orders.filter(number__in=numbers)
    if open_only:
        orders = orders.filter(state__in=OPEN_STATES)
    ctx, now, done, last_id = SlaContext.load(), timezone.now(), 0, 0
    while batch := list(orders.filter(id__gt=last_id)[:BATCH]):
        with transaction.atomic():
            events = _events_of([o.pk for o in batch])
            for order in batch:
                snapshots.save(order, snapshots.compute(order, now=now, ctx=ctx, events=events[order.pk]))
        done, last_id = done + len(batch), batch[-1].pk
    return done


def _events_of(order_ids: list[int]) -> dict[int, list[Event]]:
    events: dict[int, list[Event]] = defaultdict(list)
    rows = WorkOrderEvent.objects.filter(order_id__in=order_ids).order_by("id")
    for order_id, at, action, src, dest in rows.values_list(
        "order_id", "created_at", "action", "from_state", "to_state"
    ):
        events[order_id].append(Event(at, action, src, dest))
    return events
