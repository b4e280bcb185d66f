"""SLA reads: an order's live clocks (API, order page) and the queue's badges (one query a page)."""

from datetime import datetime

from django.http import QueryDict
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.sla import snapshots, urgency
from fixloop.sla.choices import Urgency
from fixloop.sla.clocks import KIND_LABELS, STATUS_LABELS, Clock, ClockKind
from fixloop.sla.models import Snapshot
from fixloop.sla.policies import SlaContext
from fixloop.workorders.models import WorkOrder
from fixloop.workorders.selectors import order_get_for


def order_sla_for(actor: Actor, number: str, now: datetime) -> tuple[WorkOrder, snapshots.Computed]:
    """The order's clocks computed from its events at `now`; NotFound if the actor may not see it."""
    order = order_get_for(actor, number)
    return order, snapshots.compute(order, now=now, ctx=SlaContext.load())


def clock_rows(computed: snapshots.Computed) -> list[dict]:
    """Plain dicts of the clocks for pages and the API, most urgent first."""
    rows = [_row(kind, clock, computed) for kind, clock in computed.clocks.items()]
    return sorted(rows, key=lambda r: (not r["running"], r["due_at"]))


def _row(kind: ClockKind, clock: Clock, computed: snapshots.Computed) -> dict:
    warn_at = computed.warn_at.get(kind)
    running = snapshots.is_running(clock)
    if clock.status.value == "breached":
        level = Urgency.BREACHED
    elif running and warn_at is not None and warn_at <= computed.now:
        level = Urgency.WARNING
    elif running:
        level = Urgency.OK
    else:
        level = Urgency.PAUSED if clock.status.value == "paused" else None
    return {
        "kind": kind.value,
        "label": str(KIND_LABELS[kind]),
        "status": clock.status.value,
        "status_label": str(STATUS_LABELS[clock.status]),
        "urgency": level.value if level else clock.status.value,
        "target_seconds": int(clock.target.total_seconds()),
        "used_seconds": int(clock.used.total_seconds()),
        "percent": round(clock.fraction * 100),
        "started_at": clock.started_at,
        "due_at": clock.due_at,
        "warn_at": warn_at,
        "stopped_at": clock.stopped_at,
        "stopped_by": clock.stopped_by,
        "paused": [{"start": a, "end": b} for a, b in clock.paused],
        "running": running,
    }


def queue_badges(orders: list[WorkOrder], now: datetime) -> dict[int, dict]:
    """The SLA cell of every row on a queue page, in one query."""
    if not orders:
        return {}
    found = Snapshot.objects.filter(order_id__in=[o.pk for o in orders])
    return {s.order_id: b for s in found if (b := urgency.badge(s, now)) is not None}


def queue_views(current_query: str) -> list[dict]:
    """The SLA saved view of the queue ("breaching today"), in saved_views' shape."""
    query = QueryDict(mutable=True)
    query["sla"] = urgency.TODAY
    return [
        {
            "label": _("Breaching today"),
            "query": query.urlencode(),
            "current": query.urlencode() == current_query,
        }
    ]
