"""Demo orders spread over the past weeks: the lifecycle services stamp every step "now", so an order
carried through its whole path in one go would show a repair time of seconds on the dashboard.

`spread()` moves an order's creation and each of its events back in time, in order, with typical
delays between steps; finished orders start up to eight weeks ago, open ones within the last two
weeks (a realistic backlog). The SLA clocks are computed afterwards from these events (sla.demo_data).
"""

import datetime as dt
import random

from fixloop.workorders.models import WorkOrder, WorkOrderEvent
from fixloop.workorders.states import TERMINAL, Action, State

A = Action
WINDOW = dt.timedelta(weeks=8)
OPEN_WINDOW = dt.timedelta(weeks=2)
MARGIN = dt.timedelta(minutes=10)  # the last step happened at least this long ago
# Hours (min, max) from the previous step to each action: office rhythm, visits next day, parts in days.
DELAY = {
    A.TRIAGE: (0.1, 1),
    A.RESOLVE_REMOTELY: (0.2, 3),
    A.ASSIGN: (0.2, 3),
    A.SCHEDULE: (0.5, 4),
    A.CHECK_IN: (16, 30),
    A.RECEIVE_DEVICE: (2, 24),
    A.QUOTE: (0.5, 3),
    A.APPROVE: (1, 24),
    A.REJECT: (1, 24),
    A.PREPARE_RETURN: (1, 8),
    A.START_REPAIR: (1, 8),
    A.WAIT_PARTS: (0.5, 4),
    A.RESUME_REPAIR: (24, 72),
    A.SUBMIT_QC: (1, 6),
    A.PASS_QC: (0.2, 2),
    A.FAIL_QC: (0.2, 2),
    A.HAND_BACK: (2, 24),
    A.ACCEPT: (0.1, 2),
    A.DISPUTE: (2, 48),
    A.CLOSE: (1, 24),
    A.CANCEL: (0.5, 24),
}
DEFAULT_DELAY = (0.2, 2)


def spread(order: WorkOrder, rng: random.Random, now: dt.datetime) -> WorkOrder:
    """Re-time the order and its events (kept in version order) and the order's own timestamps."""
    events = list(WorkOrderEvent.objects.filter(order=order).order_by("version"))
    gaps = [dt.timedelta(hours=rng.uniform(*DELAY.get(e.action, DEFAULT_DELAY))) for e in events[1:]]
    span = sum(gaps, dt.timedelta())
    window = WINDOW if order.state in TERMINAL else OPEN_WINDOW
    earliest = now - MARGIN - span  # the latest start that still ends before now
    created = earliest - (max(window - span, dt.timedelta()) * rng.random())
    moments = [created]
    for gap in gaps:
        moments.append(moments[-1] + gap)
    fields = {"created_at": created, "updated_at": moments[-1]}
    for event, moment in zip(events, moments, strict=True):
        # Events are append-only for the application; the demo rewrites history once, before any use.
        WorkOrderEvent.objects.filter(pk=event.pk).update(created_at=moment)
        if event.to_state == State.RESOLVED:
            fields["resolved_at"] = moment  # the last resolution (after a dispute) is the one kept
        elif event.to_state == State.CLOSED:
            fields["closed_at"] = moment
        elif event.action == A.CHECK_IN and order.appointment_start is not None:
            start = moment.replace(minute=0, second=0, microsecond=0)  # arrived within the booked slot
            fields["appointment_start"], fields["appointment_end"] = start, start + dt.timedelta(hours=2)
    if order.resolved_at is None:
        fields.pop("resolved_at", None)
    if order.closed_at is None:
        fields.pop("closed_at", None)
    WorkOrder.objects.filter(pk=order.pk).update(**fields)
    order.refresh_from_db()
    return order
