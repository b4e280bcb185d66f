"""Stored plan codes shown as words, distances formatted, and demo visits inside working hours."""

import datetime as dt

from django.conf import settings
from django.test import Client
from django.utils import timezone
from django.utils.translation import override

from fixloop.accounts.roles import Role
from fixloop.scheduling.capacity import next_visit_window
from fixloop.scheduling.labels import distance_label, solver_label, trigger_label
from fixloop.scheduling.models import DayPlan, PlanRoute, ShiftException
from fixloop.scheduling.tests.conftest import add_shifts
from fixloop.testing.i18n import translated


def test_distances_are_metres_under_a_kilometre_and_kilometres_above():
    with override("en"):
        assert distance_label(55635) == "55.6 km"
        assert distance_label(1000) == "1.0 km"
        assert distance_label(999) == "999 m"
        assert distance_label(None) == "0 m"


def test_solver_and_trigger_codes_become_words():
    with override("en"):
        assert solver_label("pyvrp") == "Optimised (PyVRP)"
        assert solver_label("greedy") == "Quick heuristic"
        assert solver_label("something-new") == "something-new"  # an unknown engine is still named
        assert trigger_label("RO-2026-000123: triage") == "RO-2026-000123: Triage"
        assert trigger_label("RO-2026-000123: cancel") == "RO-2026-000123: Cancel"
        assert trigger_label("demo") == "demo data"
        assert trigger_label("王强 reported sick") == "王强 reported sick"  # stored translated already
    # Leaving an override with no language active before it deactivates translation altogether, so the
    # default language is activated explicitly (the test passed or failed by the order tests ran in).
    with override(settings.LANGUAGE_CODE):
        assert solver_label("pyvrp") == translated("Optimised (PyVRP)") != "Optimised (PyVRP)"


def test_plan_page_shows_solver_trigger_and_distances_as_words(sched):
    w = sched.world
    plan = DayPlan.objects.create(
        service_point=w.centre, date=sched.day, solver="pyvrp", distance_m=55635,
        trigger="RO-2026-000001: triage", planned_at=timezone.now(),
    )  # fmt: skip
    start = sched.at(9)
    PlanRoute.objects.create(
        plan=plan, engineer=w.engineer, departure=start, return_time=start + dt.timedelta(hours=8),
        distance_m=12345,
    )  # fmt: skip
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(w.users[Role.DISPATCHER])
    client.cookies["django_language"] = "en"
    page = client.get(f"/scheduling/plan/?point={w.centre.pk}&date={sched.day.isoformat()}").content.decode()
    facts = page.split('id="plan-facts">', 1)[1].split("</p>", 1)[0]
    assert "pyvrp" not in facts and ": triage" not in facts and "55635" not in facts
    assert "55.6" in facts and "12.3" in page.split(f'id="route-{w.engineer.pk}"', 1)[1]


def test_a_visit_window_lies_in_the_engineers_next_shift_even_when_asked_at_night(sched):
    w = sched.world
    night = timezone.make_aware(dt.datetime.combine(sched.day, dt.time(3, 16)))
    start, end = next_visit_window(w.engineer.pk, night)
    local = timezone.localtime(start)
    assert local.date() == sched.day + dt.timedelta(days=1)
    assert (local.time(), timezone.localtime(end).time()) == (dt.time(10), dt.time(12))  # 09:00–18:00 shift


def test_a_visit_window_skips_a_day_off_and_falls_back_to_ten_without_shifts(sched, world):
    w = sched.world
    now = timezone.make_aware(dt.datetime.combine(sched.day, dt.time(20)))
    ShiftException.objects.create(engineer=w.engineer, date=sched.day + dt.timedelta(days=1), kind="sick")
    start, _end = next_visit_window(w.engineer.pk, now)
    assert timezone.localdate(start) == sched.day + dt.timedelta(days=2)
    start, end = next_visit_window(w.other_engineer.pk, now)  # no shifts at all
    assert timezone.localtime(start).time() == dt.time(10) and end - start == dt.timedelta(hours=2)
    add_shifts(w.other_engineer, start=dt.time(13), end=dt.time(14))  # too short for 2 h: the fallback
    start, _end = next_visit_window(w.other_engineer.pk, now)
    assert timezone.localtime(start).time() == dt.time(10)


def test_demo_journeys_book_visits_in_working_hours_even_when_loaded_at_night(sched):
    import time_machine

    from fixloop.demo.journeys import payload_for
    from fixloop.workorders.states import Action

    w = sched.world
    order = sched.order()
    night = timezone.make_aware(dt.datetime.combine(sched.day, dt.time(3, 16)))
    with time_machine.travel(night, tick=False):
        window = payload_for(Action.SCHEDULE, order, engineer_id=w.engineer.pk, service_point_id=w.centre.pk)
    start, end = timezone.localtime(window["start"]), timezone.localtime(window["end"])
    assert start.date() == sched.day + dt.timedelta(days=1)
    assert dt.time(9) <= start.time() and end.time() <= dt.time(18)  # inside the 09:00–18:00 shift
