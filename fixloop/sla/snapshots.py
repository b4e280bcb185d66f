"""Clocks of an order from its events, and the stored snapshot the queue and the scan read.

What ends each clock is the pure core's table (`clocks.RULES`), from the order's `create` event:
- first response: the first staff step after intake — triage, assign or resolve_remotely;
- on-site arrival (on-site orders only): the engineer's check_in;
- resolution: the order reaching `resolved` (accepted by the customer, or solved remotely).
A cancel, or a resolve before a visit, ends an open clock without a verdict (void).
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from fixloop.sla.calendar import CalendarError
from fixloop.sla.choices import Level, SnapshotStatus
from fixloop.sla.clocks import Clock, ClockKind, ClockStatus, Event, compute_clocks
from fixloop.sla.models import Calendar, Escalation, Policy, Snapshot
from fixloop.sla.policies import OrderFacts, SlaContext, match_policy, targets_for, warning_targets
from fixloop.workorders.models import WorkOrder, WorkOrderEvent

logger = logging.getLogger(__name__)


@dataclass
class Computed:
    """An order's clocks at `now`, with the warning moment of each."""

    now: datetime
    policy: Policy | None = None
    calendar: Calendar | None = None
    clocks: dict[ClockKind, Clock] = field(default_factory=dict)
    warn_at: dict[ClockKind, datetime] = field(default_factory=dict)
    problem: str = ""


def is_running(clock: Clock) -> bool:
    """Open and not paused: its due and warning moments are real, not projections."""
    return clock.stopped_at is None and not (clock.paused and clock.paused[-1][1] is None)


def order_facts(order: WorkOrder) -> OrderFacts:
    return OrderFacts(order.kind, order.priority, order.customer.tier, order.channel)


def order_events(order: WorkOrder) -> list[Event]:
    rows = WorkOrderEvent.objects.filter(order_id=order.pk).order_by("id")
    return [Event(at, action, src, dest) for at, action, src, dest in rows.values_list(
        "created_at", "action", "from_state", "to_state")]  # fmt: skip


def compute(
    order: WorkOrder, *, now: datetime, ctx: SlaContext, events: list[Event] | None = None
) -> Computed:
    """The clocks as of `now`. A broken calendar is reported in `problem`, never raised: an SLA
    misconfiguration must not stop the order's own work."""
    result = Computed(now=now)
    result.policy = match_policy(order_facts(order), ctx.policies)
    if result.policy is None:
        return result
    result.calendar = ctx.calendar_for(result.policy, order.service_point_id)
    events = order_events(order) if events is None else events
    targets = targets_for(result.policy, order.service_mode)
    try:
        calendar = ctx.business_calendar(result.calendar)
        result.clocks = compute_clocks(events, targets, calendar, now)
        warnings = compute_clocks(
            events, warning_targets(targets, result.policy.warning_percent), calendar, now
        )
    except (CalendarError, ValueError) as exc:
        logger.warning("SLA of order %s not computed: %s", order.number, exc)
        result.clocks, result.problem = {}, str(exc)
        return result
    result.warn_at = {kind: clock.due_at for kind, clock in warnings.items()}
    return result


def clock_json(clock: Clock, warn_at: datetime | None) -> dict:
    return {
        "kind": clock.kind.value,
        "status": clock.status.value,
        "target": clock.target.total_seconds(),
        "used": clock.used.total_seconds(),
        "fraction": round(clock.fraction, 4),
        "started_at": clock.started_at.isoformat(),
        "due_at": clock.due_at.isoformat(),
        "warn_at": warn_at.isoformat() if warn_at else None,
        "paused": [[a.isoformat(), b.isoformat() if b else None] for a, b in clock.paused],
        "stopped_at": clock.stopped_at.isoformat() if clock.stopped_at else None,
        "stopped_by": clock.stopped_by,
        "running": is_running(clock),
    }


def summary_status(clocks: dict[ClockKind, Clock]) -> SnapshotStatus:
    statuses = {c.status for c in clocks.values()}
    if ClockStatus.BREACHED in statuses:
        return SnapshotStatus.BREACHED
    if any(is_running(c) for c in clocks.values()):
        return SnapshotStatus.RUNNING
    if ClockStatus.PAUSED in statuses:
        return SnapshotStatus.PAUSED
    if ClockStatus.MET in statuses:
        return SnapshotStatus.MET
    return SnapshotStatus.NONE


def next_check(computed: Computed, fired: set[tuple[str, str]]) -> datetime | None:
    """The earliest threshold of a running clock that has not been escalated yet."""
    moments = []
    for kind, clock in computed.clocks.items():
        if not is_running(clock):
            continue
        if (kind.value, Level.WARNING) not in fired and kind in computed.warn_at:
            moments.append(computed.warn_at[kind])
        if (kind.value, Level.BREACH) not in fired:
            moments.append(clock.due_at)
    return min(moments, default=None)


def save(order: WorkOrder, computed: Computed) -> Snapshot:
    fired = set(Escalation.objects.filter(order_id=order.pk).values_list("clock", "level"))
    running = [(c.due_at, kind) for kind, c in computed.clocks.items() if is_running(c)]
    due_at, due_clock = min(running, default=(None, ""))
    warn_at = min((computed.warn_at[k] for _, k in running if k in computed.warn_at), default=None)
    snapshot, _ = Snapshot.objects.update_or_create(
        order=order,
        defaults={
            "policy": computed.policy,
            "calendar": computed.calendar,
            "status": summary_status(computed.clocks),
            "clocks": [clock_json(c, computed.warn_at.get(k)) for k, c in computed.clocks.items()],
            "due_at": due_at,
            "due_clock": due_clock.value if due_clock else "",
            "warn_at": warn_at,
            "next_check_at": next_check(computed, fired),
            "problem": computed.problem[:300],
            "computed_at": computed.now,
        },
    )
    return snapshot


def recompute(order: WorkOrder, *, now: datetime | None = None, ctx: SlaContext | None = None) -> Snapshot:
    """Derive the order's clocks from its events again and store them."""
    now = now or timezone.now()
    return save(order, compute(order, now=now, ctx=ctx or SlaContext.load()))
