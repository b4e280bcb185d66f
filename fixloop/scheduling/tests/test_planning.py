"""Daily plans: skills and booked windows respected, reasons for left-over jobs, re-plan keeps appointments."""

import datetime as dt

import pytest

from fixloop.accounts.roles import Role
from fixloop.core.errors import Forbidden, NotFound
from fixloop.core.outbox import OutboxMessage
from fixloop.scheduling.models import DayPlan, JobPin, PlanLeftover, PlanStop
from fixloop.scheduling.planning import apply_plan, pin_job, plan_day, replan_for_order, report_sick
from fixloop.scheduling.selectors import my_route


def _plan(sched, role=Role.DISPATCHER):
    return plan_day(actor=sched.world.actor(role), service_point_id=sched.world.centre.pk, date=sched.day)


def _stops(plan):
    return {
        s.order.number: s for s in PlanStop.objects.filter(route__plan=plan).select_related("route", "order")
    }


def test_plan_respects_skills_levels_and_booked_windows(sched):
    w = sched.world
    phones = [sched.order(east_km=i, north_km=i % 3) for i in range(1, 5)]  # need board-level Advanced
    washers = [sched.order(east_km=-i, model=sched.washer_model) for i in range(1, 4)]  # only 王强 has it
    booked = sched.book(sched.assign(phones[0], w.engineer), dt.time(15), dt.time(16))
    plan = _plan(sched)
    stops = _stops(plan)
    assert set(stops) == {o.number for o in phones + washers}
    for order in phones:
        assert stops[order.number].route.engineer_id == w.engineer.pk
    for order in washers:
        assert stops[order.number].route.engineer_id == sched.second.pk
    start = stops[booked.number].start
    assert sched.at(15) <= start <= sched.at(16)
    assert stops[booked.number].eta <= start
    assert plan.version == 1 and plan.solver == "vroom"  # a day's first plan; re-plans start PyVRP from it
    assert not PlanLeftover.objects.filter(plan=plan).exists()


def test_jobs_that_do_not_fit_are_left_with_a_reason(sched):
    nobody = sched.order(east_km=1, model=sched.washer_model)
    sched.second.skills.remove(sched.washer_skill)
    nowhere = sched.order(located=False)
    fine = sched.order(east_km=2)
    plan = _plan(sched)
    reasons = dict(PlanLeftover.objects.filter(plan=plan).values_list("order__number", "reason"))
    assert reasons == {nobody.number: "no_skilled_engineer", nowhere.number: "no_location"}
    assert fine.number in _stops(plan)
    page = sched_page(sched, plan)
    assert "No engineer on duty has the required skill." in page
    assert "The service address has no coordinates." in page


def sched_page(sched, plan):
    from django.test import Client

    client = Client()
    client.force_login(sched.world.users[Role.DISPATCHER])
    url = f"/scheduling/plan/?point={plan.service_point_id}&date={plan.date.isoformat()}"
    return client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_daily_job_limit_leaves_low_priority_work_for_tomorrow(sched):
    w = sched.world
    sched.second.is_active = False
    sched.second.save(update_fields=["is_active"])
    w.engineer.max_jobs_per_day = 2
    w.engineer.save(update_fields=["max_jobs_per_day"])
    low = [sched.order(east_km=i, priority="low") for i in (1, 2)]
    high = [sched.order(east_km=i, priority="high") for i in (3, 4)]
    plan = _plan(sched)
    assert set(_stops(plan)) == {o.number for o in high}
    left = list(PlanLeftover.objects.filter(plan=plan).values_list("order__number", "reason"))
    assert sorted(left) == sorted((o.number, "job_limit_reached") for o in low)


def test_sick_engineer_replan_keeps_the_others_notified_appointments(sched):
    w = sched.world
    sched.world.phone_model.skills.clear()  # anyone can do any job
    mine = [
        sched.book(sched.assign(sched.order(east_km=i), w.engineer), dt.time(9 + i), dt.time(10 + i))
        for i in (1, 2)
    ]
    theirs = [
        sched.book(
            sched.assign(sched.order(east_km=-i), sched.second), dt.time(12 + 2 * i), dt.time(13 + 2 * i)
        )
        for i in (1, 2)
    ]
    first = _plan(sched)
    before = _stops(first)
    assert {before[o.number].route.engineer_id for o in mine} == {w.engineer.pk}
    assert {before[o.number].route.engineer_id for o in theirs} == {sched.second.pk}
    notices = OutboxMessage.objects.filter(topic="notify").count()
    second = report_sick(actor=w.actor(Role.DISPATCHER), engineer_id=sched.second.pk, date=sched.day)
    after = _stops(second)
    assert second.version == 2
    for order in mine:  # kept: same engineer, inside the booked window, not flagged
        stop = after[order.number]
        assert stop.route.engineer_id == w.engineer.pk and not stop.moved
        assert order.appointment_start <= stop.start <= order.appointment_end
    for order in theirs:  # moved to the engineer on duty, still in the window the customer was told
        stop = after[order.number]
        assert stop.route.engineer_id == w.engineer.pk and stop.moved
        assert order.appointment_start <= stop.start <= order.appointment_end
    moved_notices = OutboxMessage.objects.filter(topic="notify").order_by("id")[notices:]
    assert sorted(m.payload["context"]["number"] for m in moved_notices) == sorted(o.number for o in theirs)


def test_pinned_job_stays_with_its_engineer_and_apply_hands_it_over(sched):
    w = sched.world
    sched.world.phone_model.skills.clear()
    near = sched.order(east_km=0.5)
    sched.assign(near, w.engineer)
    pin_job(actor=w.actor(Role.DISPATCHER), number=near.number, engineer_id=sched.second.pk)
    plan = _plan(sched)
    assert _stops(plan)[near.number].route.engineer_id == sched.second.pk
    changed, refusals = apply_plan(actor=w.actor(Role.DISPATCHER), plan=plan)
    near.refresh_from_db()
    assert (changed, refusals, near.assignee_id) == (1, [], sched.second.pk)
    assert [s.order.number for s in my_route(sched.second.pk, sched.day)] == [near.number]
    pin_job(actor=w.actor(Role.DISPATCHER), number=near.number, engineer_id=None)
    assert not JobPin.objects.exists()


def test_pin_refuses_an_engineer_of_another_point(sched):
    w = sched.world
    order = sched.order()
    from fixloop.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as refused:
        pin_job(actor=w.actor(Role.DISPATCHER), number=order.number, engineer_id=w.other_engineer.pk)
    assert refused.value.details == {"field": "engineer"}
    assert not JobPin.objects.exists()


def test_only_dispatchers_of_the_point_plan(sched):
    w = sched.world
    with pytest.raises(Forbidden):
        _plan(sched, Role.AGENT)
    with pytest.raises(NotFound):
        plan_day(actor=w.actor(Role.DISPATCHER), service_point_id=w.other_centre.pk, date=sched.day)
    assert not DayPlan.objects.exists()


def test_a_cancelled_job_is_dropped_on_replan_from_the_outbox(sched):
    w = sched.world
    keep, drop = sched.order(east_km=1), sched.order(east_km=2)
    first = _plan(sched)
    assert set(_stops(first)) == {keep.number, drop.number}
    from fixloop.workorders import services

    services.cancel(
        actor=w.actor(Role.AGENT), number=drop.number, expected_version=drop.version, reason="客户取消"
    )
    replan_for_order(OutboxMessage.objects.filter(topic="workorder.cancel").latest("id"))
    again = DayPlan.objects.get(pk=first.pk)
    assert again.version == 2 and set(_stops(again)) == {keep.number}
