"""The queue's SLA status of an order at a moment, from its snapshot: as a filter and as a badge.

ok: every running clock before its warning moment; warning: a running clock past its warning moment
but not yet due; breached: a clock breached (running past due, or ended late); paused: the open
clocks wait on the customer or on parts; met: every clock ended on time. "Breaching today" are the
orders with a running clock due between the start and the end of today (local time).
"""

from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fixloop.sla.choices import ClockChoice, SnapshotStatus, Urgency

TODAY = "today"
FILTER_CHOICES = [*Urgency.choices, (TODAY, gettext_lazy("Breaching today"))]
P = "sla_snapshot__"  # the WorkOrder -> Snapshot path


def urgency_q(value: str, now: datetime) -> Q:
    """A WorkOrder filter for one FILTER_CHOICES value."""
    running = Q(**{f"{P}status": SnapshotStatus.RUNNING})
    if value == Urgency.BREACHED:
        return Q(**{f"{P}status": SnapshotStatus.BREACHED}) | (running & Q(**{f"{P}due_at__lte": now}))
    if value == Urgency.WARNING:
        return running & Q(**{f"{P}warn_at__lte": now, f"{P}due_at__gt": now})
    if value == Urgency.OK:
        return running & Q(**{f"{P}warn_at__gt": now})
    if value == TODAY:
        start, end = day_bounds(now)
        return Q(**{f"{P}due_at__gte": start, f"{P}due_at__lt": end}) & ~Q(
            **{f"{P}status": SnapshotStatus.PAUSED}
        )
    return Q(**{f"{P}status": value})  # paused, met


def day_bounds(now: datetime) -> tuple[datetime, datetime]:
    day = timezone.localtime(now).date()
    start = timezone.make_aware(datetime.combine(day, time()))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time()))


def urgency(snapshot, now: datetime) -> Urgency | None:
    status = snapshot.status
    if status == SnapshotStatus.RUNNING:
        if snapshot.due_at is not None and snapshot.due_at <= now:
            return Urgency.BREACHED
        if snapshot.warn_at is not None and snapshot.warn_at <= now:
            return Urgency.WARNING
        return Urgency.OK
    return {
        SnapshotStatus.BREACHED: Urgency.BREACHED,
        SnapshotStatus.PAUSED: Urgency.PAUSED,
        SnapshotStatus.MET: Urgency.MET,
    }.get(status)


def badge(snapshot, now: datetime) -> dict | None:
    """What the queue's SLA cell shows: urgency (the colour), its label, and the countdown."""
    if snapshot is None:
        return None
    level = urgency(snapshot, now)
    if level is None:
        return None
    text, clock = "", ""
    if snapshot.due_at is not None and level in (Urgency.OK, Urgency.WARNING, Urgency.BREACHED):
        clock = str(ClockChoice(snapshot.due_clock).label) if snapshot.due_clock else ""
        if snapshot.due_at > now:
            text = _("due in {time}").format(time=timeuntil(snapshot.due_at, now, depth=2))
        else:
            text = _("{time} overdue").format(time=timeuntil(now, snapshot.due_at, depth=2))
    return {
        "urgency": level.value,
        "label": str(level.label),
        "clock": clock,
        "text": text,
        "due_at": snapshot.due_at,
    }
