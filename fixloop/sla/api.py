"""Service levels API, mounted at /api/sla: an order's clocks, with the order's own permission."""

from datetime import datetime

from django.utils import timezone
from ninja import Router, Schema

from fixloop.sla import selectors

router = Router(tags=["sla"])


class PauseOut(Schema):
    start: datetime
    end: datetime | None


class ClockOut(Schema):
    kind: str
    label: str
    status: str
    status_label: str
    urgency: str
    target_seconds: int
    used_seconds: int
    percent: int
    started_at: datetime
    due_at: datetime
    warn_at: datetime | None
    stopped_at: datetime | None
    stopped_by: str | None
    paused: list[PauseOut]
    running: bool


class OrderSlaOut(Schema):
    number: str
    policy: str | None
    calendar: str | None
    computed_at: datetime
    problem: str
    clocks: list[ClockOut]


@router.get("/orders/{number}", response=OrderSlaOut, summary="SLA clocks of an order")
def order_clocks(request, number: str):
    """Computed from the order's events now. 404 for an order the caller may not see."""
    now = timezone.now()
    order, computed = selectors.order_sla_for(request.auth, number, now)
    return {
        "number": order.number,
        "policy": computed.policy.name if computed.policy else None,
        "calendar": computed.calendar.code if computed.calendar else None,
        "computed_at": now,
        "problem": computed.problem,
        "clocks": selectors.clock_rows(computed),
    }
