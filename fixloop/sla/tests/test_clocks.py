"""SLA clocks from events: start, due, used, pauses, met / breached / void, warning fraction."""

import random
from datetime import UTC, datetime, timedelta

import pytest

from fixloop.sla.calendar import BusinessCalendar
from fixloop.sla.clocks import ClockKind, ClockStatus, Event, Targets, clocks_for_warning, compute_clocks
from fixloop.sla.tests.test_calendar import SHANGHAI_TOML, sh

# Mon-Fri 09:00-12:00 and 13:00-18:00 in Asia/Shanghai. 23 Nov 2026 is a Monday.
CAL = BusinessCalendar.from_toml(SHANGHAI_TOML)
H = timedelta(hours=1)
FR, ARRIVAL, RES = ClockKind.FIRST_RESPONSE, ClockKind.ARRIVAL, ClockKind.RESOLUTION
WAITING = frozenset({"quoted", "awaiting_parts"})


def ev(at: datetime, action: str, source: str, dest: str) -> Event:
    return Event(at=at, action=action, from_state=source, to_state=dest)


def created(at: datetime) -> Event:
    return ev(at, "create", "", "new")


# A carry-in repair: a quote the customer approves a day later, then a wait for parts.
REPAIR = [
    created(sh(2026, 11, 23, 9, 0)),
    ev(sh(2026, 11, 23, 9, 10), "triage", "new", "triaged"),
    ev(sh(2026, 11, 23, 9, 20), "assign", "triaged", "assigned"),
    ev(sh(2026, 11, 23, 10, 0), "receive_device", "assigned", "diagnosing"),
    ev(sh(2026, 11, 23, 11, 0), "quote", "diagnosing", "quoted"),
    ev(sh(2026, 11, 24, 10, 0), "approve", "quoted", "repairing"),
    ev(sh(2026, 11, 24, 11, 0), "wait_parts", "repairing", "awaiting_parts"),
    ev(sh(2026, 11, 25, 14, 0), "resume_repair", "awaiting_parts", "repairing"),
    ev(sh(2026, 11, 25, 15, 0), "submit_qc", "repairing", "qc"),
    ev(sh(2026, 11, 25, 16, 0), "pass_qc", "qc", "ready"),
    ev(sh(2026, 11, 25, 17, 0), "hand_back", "ready", "awaiting_acceptance"),
    ev(sh(2026, 11, 26, 10, 0), "accept", "awaiting_acceptance", "resolved"),
]
LATER = sh(2026, 12, 31, 12, 0)


def test_first_response_met_overnight():
    events = [created(sh(2026, 11, 23, 17, 0)), ev(sh(2026, 11, 24, 9, 30), "triage", "new", "triaged")]
    clock = compute_clocks(events, Targets(first_response=2 * H), CAL, LATER)[FR]
    assert clock.started_at == sh(2026, 11, 23, 17, 0)
    assert clock.due_at == sh(2026, 11, 24, 10, 0)  # 1 h Monday evening + 1 h Tuesday morning
    assert clock.used == 90 * timedelta(minutes=1)
    assert (clock.stopped_at, clock.stopped_by) == (sh(2026, 11, 24, 9, 30), "triage")
    assert clock.status == ClockStatus.MET
    assert clock.fraction == 0.75
    assert clock.paused == ()


def test_first_response_breached():
    events = [created(sh(2026, 11, 23, 17, 0)), ev(sh(2026, 11, 24, 10, 30), "triage", "new", "triaged")]
    clock = compute_clocks(events, Targets(first_response=2 * H), CAL, LATER)[FR]
    assert clock.due_at == sh(2026, 11, 24, 10, 0)
    assert clock.used == 150 * timedelta(minutes=1)
    assert clock.status == ClockStatus.BREACHED
    assert clock.fraction == 1.25


@pytest.mark.parametrize(
    ("now", "fraction", "warns", "status"),
    [
        (sh(2026, 11, 23, 21, 0), 0.5, False, ClockStatus.RUNNING),  # the night does not count
        (sh(2026, 11, 24, 9, 30), 0.75, False, ClockStatus.RUNNING),
        (sh(2026, 11, 24, 9, 36), 0.8, True, ClockStatus.RUNNING),  # the 80 % warning
        (sh(2026, 11, 24, 10, 0), 1.0, True, ClockStatus.RUNNING),  # due now, not yet breached
        (sh(2026, 11, 24, 11, 0), 1.5, True, ClockStatus.BREACHED),  # still open, already breached
    ],
)
def test_open_clock_at_various_now(now, fraction, warns, status):
    clock = compute_clocks([created(sh(2026, 11, 23, 17, 0))], Targets(first_response=2 * H), CAL, now)[FR]
    assert clock.due_at == sh(2026, 11, 24, 10, 0)
    assert (clock.fraction, clock.warns(), clock.status) == (fraction, warns, status)
    assert clock.stopped_at is None


def test_resolution_pauses_while_waiting_for_customer_and_parts():
    targets = Targets(first_response=2 * H, resolution=16 * H, pause_states=WAITING)
    clocks = compute_clocks(REPAIR, targets, CAL, LATER)
    res = clocks[RES]
    # Running: Mon 09-11 (2 h), Tue 10-11 (1 h), Wed 14:00 -> Thu 10:00 (4 h + 1 h).
    assert res.used == 8 * H
    assert res.paused == (
        (sh(2026, 11, 23, 11, 0), sh(2026, 11, 24, 10, 0)),
        (sh(2026, 11, 24, 11, 0), sh(2026, 11, 25, 14, 0)),
    )
    assert (res.stopped_at, res.stopped_by, res.status) == (
        sh(2026, 11, 26, 10, 0),
        "accept",
        ClockStatus.MET,
    )
    assert res.due_at == sh(2026, 11, 27, 10, 0)  # 8 h left at Thu 10:00: Thu 10-18 is 7 h, Fri 09-10
    assert res.fraction == 0.5
    assert clocks[FR].stopped_by == "triage"
    assert clocks[FR].used == 10 * timedelta(minutes=1)
    assert ARRIVAL not in clocks  # no on-site target: no clock


def test_without_a_pause_policy_the_same_order_breaches():
    clock = compute_clocks(REPAIR, Targets(resolution=16 * H), CAL, LATER)[RES]
    assert clock.used == 25 * H  # Mon, Tue, Wed full days and Thu 09-10
    assert clock.paused == ()
    assert clock.due_at == sh(2026, 11, 24, 18, 0)  # two full days from Mon 09:00
    assert clock.status == ClockStatus.BREACHED
    assert clock.fraction == 25 / 16


def test_paused_clock_projects_its_due_time_from_now():
    targets = Targets(resolution=16 * H, pause_states=WAITING)
    now = sh(2026, 11, 23, 15, 0)  # Monday afternoon, waiting for the customer since 11:00
    clock = compute_clocks(REPAIR, targets, CAL, now)[RES]  # later events are ignored
    assert clock.status == ClockStatus.PAUSED
    assert clock.used == 2 * H
    assert clock.paused == ((sh(2026, 11, 23, 11, 0), None),)
    assert clock.due_at == sh(2026, 11, 25, 12, 0)  # 14 h from Mon 15:00: 3 h + Tue 8 h + Wed 3 h
    assert clock.stopped_at is None


def test_arrival_met_exactly_on_time_by_check_in():
    events = [
        created(sh(2026, 11, 23, 9, 0)),
        ev(sh(2026, 11, 23, 9, 10), "triage", "new", "triaged"),
        ev(sh(2026, 11, 23, 9, 20), "assign", "triaged", "assigned"),
        ev(sh(2026, 11, 23, 9, 30), "schedule", "assigned", "scheduled"),
        ev(sh(2026, 11, 23, 14, 0), "check_in", "scheduled", "diagnosing"),
    ]
    clock = compute_clocks(events, Targets(arrival=4 * H), CAL, LATER)[ARRIVAL]
    assert clock.used == 4 * H  # 09-12 and 13-14: lunch does not count
    assert clock.due_at == sh(2026, 11, 23, 14, 0)
    assert (clock.stopped_by, clock.status) == ("check_in", ClockStatus.MET)


def test_cancelled_order_voids_open_clocks_unless_already_breached():
    targets = Targets(first_response=2 * H, resolution=16 * H)
    early = [created(sh(2026, 11, 23, 9, 0)), ev(sh(2026, 11, 23, 10, 0), "cancel", "new", "cancelled")]
    clocks = compute_clocks(early, targets, CAL, LATER)
    assert {kind: c.status for kind, c in clocks.items()} == {FR: ClockStatus.VOID, RES: ClockStatus.VOID}
    assert clocks[FR].stopped_by == "cancel"
    assert clocks[FR].warns() is False
    late = [created(sh(2026, 11, 23, 9, 0)), ev(sh(2026, 11, 23, 12, 30), "cancel", "new", "cancelled")]
    clock = compute_clocks(late, targets, CAL, LATER)[FR]
    assert (clock.used, clock.status) == (3 * H, ClockStatus.BREACHED)


def test_recomputable_from_events_in_any_order_and_zone():
    targets = Targets(first_response=2 * H, resolution=16 * H, pause_states=WAITING)
    shuffled = REPAIR[:]
    random.Random(4).shuffle(shuffled)
    in_utc = [Event(e.at.astimezone(UTC), e.action, e.from_state, e.to_state) for e in REPAIR]
    expected = compute_clocks(REPAIR, targets, CAL, LATER)
    assert compute_clocks(shuffled, targets, CAL, LATER) == expected
    assert compute_clocks(in_utc, targets, CAL, LATER) == expected


def test_twenty_four_seven_counts_nights_and_weekends():
    cal = BusinessCalendar.twenty_four_seven("Asia/Shanghai")
    events = [created(sh(2026, 11, 20, 17, 0))]  # Friday
    clock = compute_clocks(events, Targets(resolution=24 * H), cal, sh(2026, 11, 21, 11, 0))[RES]
    assert clock.due_at == sh(2026, 11, 21, 17, 0)
    assert clock.used == 18 * H
    assert clock.fraction == 0.75


def test_warning_list_and_bad_input():
    now = sh(2026, 11, 24, 9, 48)
    clocks = compute_clocks([created(sh(2026, 11, 23, 17, 0))], Targets(2 * H, None, 4 * H), CAL, now)
    assert [c.kind for c in clocks_for_warning(clocks)] == [FR]  # 1.8 h of 2 h; 1.8 h of 4 h is 45 %
    assert [c.kind for c in clocks_for_warning(clocks, threshold=0.4)] == [FR, RES]
    assert compute_clocks([created(now)], Targets(), CAL, now) == {}
    with pytest.raises(ValueError):
        compute_clocks([ev(now, "triage", "new", "triaged")], Targets(first_response=H), CAL, now)
    with pytest.raises(ValueError):
        Targets(resolution=timedelta(0))
