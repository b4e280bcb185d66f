"""Snapshots kept by the order_event signal: clocks from real events across nights, holidays, pauses."""

from datetime import datetime, timedelta

import pytest

from fixloop.sla import services, snapshots
from fixloop.sla.choices import SnapshotStatus
from fixloop.sla.models import Calendar, Policy, ServicePointCalendar, Snapshot
from fixloop.sla.tests.conftest import H, sh
from fixloop.testing.world import new_order
from fixloop.workorders.tests.helpers import advance


def clocks_of(order) -> dict[str, dict]:
    return {c["kind"]: c for c in Snapshot.objects.get(order=order).clocks}


def test_a_new_order_gets_its_snapshot_in_the_same_transaction(sla_world, at):
    with at(sh(2026, 11, 23, 17, 0)):  # Monday 17:00: one working hour left today
        order = new_order(sla_world)
    snap = Snapshot.objects.get(order=order)
    assert snap.policy == sla_world.default_policy
    assert snap.calendar.code == "cn-2026"
    assert snap.status == SnapshotStatus.RUNNING
    assert snap.due_clock == "first_response"
    assert snap.due_at == sh(2026, 11, 24, 10, 0)  # 1 h Monday evening + 1 h Tuesday morning
    assert snap.warn_at == sh(2026, 11, 24, 9, 36)  # 80 % of 2 h = 96 min
    assert snap.next_check_at == snap.warn_at
    assert set(clocks_of(order)) == {"first_response", "resolution"}  # carry-in: no arrival clock


def test_first_response_is_met_by_triage_and_stops(sla_world, at):
    with at(sh(2026, 11, 23, 17, 0)):
        order = new_order(sla_world)
    with at(sh(2026, 11, 24, 9, 30)):
        advance(sla_world, order, "triage")
    fr = clocks_of(order)["first_response"]
    assert (fr["status"], fr["stopped_by"], fr["used"]) == ("met", "triage", 90 * 60)
    snap = Snapshot.objects.get(order=order)
    # Resolution (24 business hours from Mon 17:00) is now the next thing due: Thu 17:00.
    assert (snap.due_clock, snap.due_at) == ("resolution", sh(2026, 11, 26, 17, 0))


def test_spring_festival_holidays_and_make_up_saturday(sla_world, at):
    # Friday 13 Feb 2026 16:00: 2 h left that day; Sat 14 Feb is a make-up working day (调休上班),
    # 15–23 Feb are the Spring Festival holidays; work resumes Tue 24 Feb.
    with at(sh(2026, 2, 13, 16, 0)):
        order = new_order(sla_world)
    res = clocks_of(order)["resolution"]
    # 24 h: Fri 2 h + Sat 8 h + Tue 24 Feb 8 h + Wed 25 Feb 6 h → Wed 16:00.
    assert datetime.fromisoformat(res["due_at"]) == sh(2026, 2, 25, 16, 0)
    fr = clocks_of(order)["first_response"]
    assert datetime.fromisoformat(fr["due_at"]) == sh(2026, 2, 13, 18, 0)


def test_national_day_week_and_make_up_days(sla_world, at):
    with at(sh(2026, 9, 30, 17, 0)):  # Wed before National Day: 1 h left
        order = new_order(sla_world)
    due = datetime.fromisoformat(clocks_of(order)["first_response"]["due_at"])
    assert due == sh(2026, 10, 8, 10, 0)  # the holidays run 1–7 October


def test_waiting_for_the_customer_and_for_parts_pauses_resolution(sla_world, at):
    times = iter([sh(2026, 11, 23, 9, m) for m in (10, 20, 30)])
    with at(sh(2026, 11, 23, 9, 0)):
        order = new_order(sla_world)
    for action in ("triage", "assign", "receive_device"):
        with at(next(times)):
            order = advance(sla_world, order, action)
    with at(sh(2026, 11, 23, 11, 0)):
        order = advance(sla_world, order, "quote")
    snap = Snapshot.objects.get(order=order)
    assert snap.status == SnapshotStatus.PAUSED and snap.due_at is None and snap.next_check_at is None
    with at(sh(2026, 11, 24, 10, 0)):  # approved next morning: 2 h used so far
        order = advance(sla_world, order, "approve", role="customer")
    with at(sh(2026, 11, 24, 11, 0)):
        order = advance(sla_world, order, "wait_parts")
    with at(sh(2026, 11, 25, 14, 0)):
        order = advance(sla_world, order, "resume_repair")
    res = clocks_of(order)["resolution"]
    assert res["used"] == 3 * 3600  # Mon 09-11, Tue 10-11; Wed 14:00 is now
    assert [datetime.fromisoformat(p) for p, _end in res["paused"]] == [
        sh(2026, 11, 23, 11),
        sh(2026, 11, 24, 11),
    ]
    # 21 h left from Wed 14:00: Wed 4 h, Thu 8 h, Fri 8 h, the weekend off, Mon 1 h → Mon 10:00.
    assert Snapshot.objects.get(order=order).due_at == sh(2026, 11, 30, 10, 0)


def test_on_site_orders_get_an_arrival_clock_met_by_check_in(sla_world, at):
    with at(sh(2026, 11, 23, 9, 0)):
        order = new_order(sla_world, mode="on_site")
    for minute, action in ((5, "triage"), (10, "assign"), (15, "schedule")):
        with at(sh(2026, 11, 23, 9, minute)):
            order = advance(sla_world, order, action)
    assert Snapshot.objects.get(order=order).due_clock == "arrival"
    with at(sh(2026, 11, 23, 15, 0)):  # 09-12 + 13-15 = 5 h of the 8 h target
        advance(sla_world, order, "check_in")
    arrival = clocks_of(order)["arrival"]
    assert (arrival["status"], arrival["stopped_by"], arrival["used"]) == ("met", "check_in", 5 * 3600)


def test_the_most_specific_policy_applies_and_priority_changes_re_choose_it(sla_world, at):
    with at(sh(2026, 11, 23, 9, 0)):
        order = new_order(sla_world, priority="urgent")
    snap = Snapshot.objects.get(order=order)
    assert snap.policy == sla_world.urgent_policy
    assert snap.due_at == sh(2026, 11, 23, 10, 0)


def test_time_zone_of_the_service_points_calendar(sla_world, at):
    berlin = Calendar.objects.create(code="de", name="Berlin", timezone="Europe/Berlin",
                                     **{d: "09:00-17:00" for d in ("mon", "tue", "wed", "thu", "fri")})  # fmt: skip
    ServicePointCalendar.objects.filter(service_point=sla_world.centre).update(calendar=berlin)
    # 16:30 in Shanghai on Monday is 09:30 in Berlin: the Berlin day has just begun.
    with at(sh(2026, 11, 23, 16, 30)):
        order = new_order(sla_world, service_point_id=sla_world.centre.pk)
    assert Snapshot.objects.get(order=order).due_at == sh(2026, 11, 23, 18, 30)  # Berlin 11:30


def test_twenty_four_seven_calendar_counts_the_weekend(sla_world, at):
    always = Calendar.objects.create(code="24x7", name="24×7", timezone="Asia/Shanghai", always_open=True)
    Policy.objects.filter(pk=sla_world.default_policy.pk).update(calendar=always)
    with at(sh(2026, 11, 21, 10, 0)):  # Saturday
        order = new_order(sla_world)
    assert Snapshot.objects.get(order=order).due_at == sh(2026, 11, 21, 12, 0)


def test_recompute_after_a_policy_change_and_the_command(sla_world, at):
    with at(sh(2026, 11, 23, 9, 0)):
        order = new_order(sla_world)
    Policy.objects.filter(pk=sla_world.default_policy.pk).update(first_response=4 * H)
    assert Snapshot.objects.get(order=order).due_at == sh(2026, 11, 23, 11, 0)  # stale until recomputed
    with at(sh(2026, 11, 23, 9, 30)):
        assert services.recompute_orders() == 1
    assert Snapshot.objects.get(order=order).due_at == sh(2026, 11, 23, 14, 0)  # lunch skipped


def test_without_any_policy_there_is_no_sla(world, at):
    order = new_order(world)
    snap = Snapshot.objects.get(order=order)
    assert (snap.status, snap.clocks, snap.due_at, snap.next_check_at) == ("none", [], None, None)


def test_a_calendar_that_never_opens_is_reported_not_raised(sla_world, at):
    Calendar.objects.filter(code="cn-2026").update(mon="", tue="", wed="", thu="", fri="", days="")
    order = new_order(sla_world)  # the order is still created
    snap = Snapshot.objects.get(order=order)
    assert snap.status == "none" and "no working hours" in snap.problem


@pytest.mark.parametrize("action", ["cancel"])
def test_cancelling_voids_the_clocks(sla_world, at, action):
    with at(sh(2026, 11, 23, 9, 0)):
        order = new_order(sla_world)
    with at(sh(2026, 11, 23, 9, 30)):
        advance(sla_world, order, action, reason="客户取消")
    snap = Snapshot.objects.get(order=order)
    assert snap.status == SnapshotStatus.NONE and snap.next_check_at is None
    assert {c["status"] for c in snap.clocks} == {"void"}


def test_recompute_from_events_matches_what_the_signal_stored(sla_world, at):
    with at(sh(2026, 11, 23, 9, 0)):
        order = new_order(sla_world)
    with at(sh(2026, 11, 23, 10, 0)):
        order = advance(sla_world, order, "triage")
    stored = Snapshot.objects.get(order=order)
    with at(sh(2026, 11, 23, 10, 0)):
        again = snapshots.recompute(order)
    assert again.clocks == stored.clocks and again.due_at == stored.due_at
    assert timedelta(seconds=again.clocks[0]["used"]) == H
