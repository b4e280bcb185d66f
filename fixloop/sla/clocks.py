"""SLA clocks derived from an order's events alone: due times, time used, pauses, met or breached."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fixloop.sla.calendar import BusinessCalendar
from fixloop.workorders.states import Action, State

DEFAULT_WARNING = 0.8


class ClockKind(StrEnum):
    FIRST_RESPONSE = "first_response"
    ARRIVAL = "arrival"
    RESOLUTION = "resolution"


class ClockStatus(StrEnum):
    RUNNING = "running"
    PAUSED = "paused"
    MET = "met"
    BREACHED = "breached"
    VOID = "void"  # the order ended (cancelled, or resolved without a visit) before the clock was met


KIND_LABELS = {
    ClockKind.FIRST_RESPONSE: _("First response"),
    ClockKind.ARRIVAL: _("On-site arrival"),
    ClockKind.RESOLUTION: pgettext_lazy("sla clock", "Resolution"),
}
STATUS_LABELS = {
    ClockStatus.RUNNING: _("Running"),
    ClockStatus.PAUSED: _("Paused"),
    ClockStatus.MET: _("Met"),
    ClockStatus.BREACHED: _("Breached"),
    ClockStatus.VOID: _("Void"),
}


@dataclass(frozen=True)
class Event:
    """One row of the order's timeline, as far as SLA time cares."""

    at: datetime
    action: str
    from_state: str
    to_state: str


@dataclass(frozen=True)
class Rule:
    """When a clock is met, when it ends without a verdict, and whether policy pauses may stop it."""

    met_by_actions: frozenset[str] = frozenset()
    met_by_states: frozenset[str] = frozenset()
    ended_by_states: frozenset[str] = frozenset({State.CANCELLED, State.RESOLVED, State.CLOSED})
    pausable: bool = True


# Every clock starts at the order's `create` event. The whole stop/pause policy is this table.
RULES: dict[ClockKind, Rule] = {
    ClockKind.FIRST_RESPONSE: Rule(
        met_by_actions=frozenset({Action.TRIAGE, Action.ASSIGN, Action.RESOLVE_REMOTELY}), pausable=False
    ),
    ClockKind.ARRIVAL: Rule(met_by_actions=frozenset({Action.CHECK_IN})),
    ClockKind.RESOLUTION: Rule(met_by_states=frozenset({State.RESOLVED})),
}


@dataclass(frozen=True)
class Targets:
    """An SLA target set, in business time; None means that clock does not apply (e.g. no visit)."""

    first_response: timedelta | None = None
    arrival: timedelta | None = None
    resolution: timedelta | None = None
    pause_states: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        for kind, target in self.by_kind().items():
            if target <= timedelta(0):
                raise ValueError(f"{kind} target must be positive, got {target}")

    def by_kind(self) -> dict[ClockKind, timedelta]:
        targets = {kind: getattr(self, kind.value) for kind in ClockKind}
        return {kind: target for kind, target in targets.items() if target is not None}


@dataclass(frozen=True)
class Clock:
    kind: ClockKind
    target: timedelta
    started_at: datetime
    due_at: datetime  # while paused: the due time if the clock resumed at `now`
    used: timedelta
    paused: tuple[tuple[datetime, datetime | None], ...]  # end None: still paused
    stopped_at: datetime | None
    stopped_by: str | None  # the action of the stopping event
    status: ClockStatus
    fraction: float  # used / target at `now`; above 1.0 once breached

    @property
    def remaining(self) -> timedelta:
        return self.target - self.used

    def warns(self, threshold: float = DEFAULT_WARNING) -> bool:
        """True for an open clock at or past `threshold` of its target (breached ones included)."""
        return self.stopped_at is None and self.fraction >= threshold


@dataclass
class _Trace:
    """Running and paused intervals of one clock, built by walking the events."""

    running: list[tuple[datetime, datetime]] = field(default_factory=list)
    paused: list[tuple[datetime, datetime | None]] = field(default_factory=list)
    stopped_at: datetime | None = None
    stopped_by: str | None = None
    met: bool = False


def compute_clocks(
    events: Iterable[Event], targets: Targets, calendar: BusinessCalendar, now: datetime
) -> dict[ClockKind, Clock]:
    """Every clock the targets define, as of `now`; events after `now` are ignored."""
    timeline = sorted((e for e in events if e.at <= now), key=lambda e: e.at)
    created = next((e for e in timeline if e.action == Action.CREATE), None)
    if created is None:
        raise ValueError("the events have no create event before now")
    return {
        kind: _clock(kind, target, _trace(RULES[kind], targets, timeline, created, now), calendar, now)
        for kind, target in targets.by_kind().items()
    }


def _trace(rule: Rule, targets: Targets, timeline: list[Event], created: Event, now: datetime) -> _Trace:
    trace, since, paused = _Trace(), created.at, False
    for event in timeline:
        if event.at < created.at or event is created:
            continue
        met = event.action in rule.met_by_actions or event.to_state in rule.met_by_states
        if met or event.to_state in rule.ended_by_states:
            trace.stopped_at, trace.stopped_by, trace.met = event.at, event.action, met
            break
        pause = rule.pausable and event.to_state in targets.pause_states
        if pause != paused:
            (trace.paused if paused else trace.running).append((since, event.at))
            since, paused = event.at, pause
    end = trace.stopped_at or now
    (trace.paused if paused else trace.running).append((since, end))
    if paused and trace.stopped_at is None:
        trace.paused[-1] = (since, None)
    return trace


def _clock(
    kind: ClockKind, target: timedelta, trace: _Trace, calendar: BusinessCalendar, now: datetime
) -> Clock:
    used, due = timedelta(0), None
    for start, end in trace.running:
        spent = calendar.business_time_between(start, end)
        if due is None and used + spent >= target:
            due = calendar.add_business_time(start, target - used)
        used += spent
    if due is None:  # not reached yet: project from where the clock stands now (or stood at its stop)
        due = calendar.add_business_time(trace.stopped_at or now, target - used)
    return Clock(
        kind=kind,
        target=target,
        started_at=trace.running[0][0] if trace.running else trace.paused[0][0],
        due_at=due,
        used=used,
        paused=tuple(trace.paused),
        stopped_at=trace.stopped_at,
        stopped_by=trace.stopped_by,
        status=_status(trace, used > target),
        fraction=used / target,
    )


def _status(trace: _Trace, over: bool) -> ClockStatus:
    if over:
        return ClockStatus.BREACHED
    if trace.stopped_at is not None:
        return ClockStatus.MET if trace.met else ClockStatus.VOID
    if trace.paused and trace.paused[-1][1] is None:
        return ClockStatus.PAUSED
    return ClockStatus.RUNNING


def clocks_for_warning(clocks: Mapping[ClockKind, Clock], threshold: float = DEFAULT_WARNING) -> list[Clock]:
    """The open clocks at or past the warning threshold, most used first."""
    return sorted((c for c in clocks.values() if c.warns(threshold)), key=lambda c: -c.fraction)
