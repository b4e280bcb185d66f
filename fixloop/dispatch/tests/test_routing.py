"""Hard rules of the daily plan: skills, booked windows, pins, breaks, reasons, re-plan, verify."""

from __future__ import annotations

import dataclasses

import pytest

from fixloop.dispatch.routing import Break, Reason, greedy_plan, replan, solve, verify
from fixloop.dispatch.tests.helpers import HOUR, engineer, job, problem
from fixloop.dispatch.vroom_model import solve_vroom

SECONDS = 0.5
PLANNERS = [
    pytest.param(lambda p: solve(p, SECONDS), id="pyvrp"),
    pytest.param(lambda p: solve_vroom(p, SECONDS), id="vroom"),
    pytest.param(greedy_plan, id="greedy"),
]


def _skill_mix():
    engineers = [
        engineer("ann", skills=frozenset({"washer"})),
        engineer("bob", 10, 0, skills=frozenset({"fridge"})),
    ]
    jobs = [job(f"j{i}", i, (i * 3) % 7, skill="washer" if i % 2 else "fridge") for i in range(12)]
    return problem(engineers, jobs)


@pytest.mark.parametrize("planner", PLANNERS)
def test_skills_never_violated(planner):
    p = _skill_mix()
    plan = planner(p)
    skills = {e.id: e.skills for e in p.engineers}
    jobs = {j.id: j for j in p.jobs}
    assert plan.served == 12
    for route in plan.routes:
        assert all(jobs[s.job_id].skill in skills[route.engineer_id] for s in route.stops)
    assert verify(plan, p) == []


@pytest.mark.parametrize("planner", PLANNERS)
def test_booked_windows_never_violated(planner):
    jobs = [
        job("late", 1, 0, (15, 15.5)),
        job("early", 30, 0, (9, 9.25)),
        job("either", 2, 2, (8, 8.01), (13, 14)),  # 8:00–8:00:36 is out of reach: only 13–14 works
        job("free", 5, 5),
    ]
    p = problem([engineer("ann")], jobs)
    plan = planner(p)
    starts = {s.job_id: s.start for r in plan.routes for s in r.stops}
    assert 15 * HOUR <= starts["late"] <= 15.5 * HOUR
    assert 9 * HOUR <= starts["early"] <= 9.25 * HOUR
    assert 13 * HOUR <= starts["either"] <= 14 * HOUR
    assert plan.unassigned == ()
    assert verify(plan, p) == []


def test_jobs_that_cannot_fit_are_reported_with_reason_by_priority():
    engineers = [engineer("ann", skills=frozenset({"washer"}), max_jobs=2)]
    jobs = [
        job("gas", 1, 0, skill="gas", priority=3),
        job("too_far", 400, 0, skill="washer"),  # 400 min away, a 9 h shift cannot do it and return
        job("pinned", 1, 1, pinned_engineer="carl", priority=2),
        *(job(f"w{i}", i, 1, skill="washer", priority=i % 2) for i in range(4)),
    ]
    p = problem(engineers, jobs)
    plan = solve(p, SECONDS)
    reasons = {u.job_id: u.reason for u in plan.unassigned}
    assert reasons["gas"] is Reason.NO_SKILLED_ENGINEER
    assert reasons["too_far"] is Reason.WINDOW_UNREACHABLE
    assert reasons["pinned"] is Reason.PINNED_ENGINEER_ABSENT
    assert {reasons[f"w{i}"] for i in (0, 2)} == {Reason.JOB_LIMIT_REACHED}  # the two low-priority ones
    assert plan.served == 2 and {s.job_id for s in plan.routes[0].stops} == {"w1", "w3"}
    assert [u.priority for u in plan.unassigned] == sorted(
        (u.priority for u in plan.unassigned), reverse=True
    )
    assert Reason.NO_SKILLED_ENGINEER.message and plan.unassigned[0].message
    assert verify(plan, p) == []


def test_full_shift_is_reported():
    p = problem(
        [engineer("ann", shift_end=10 * HOUR)], [job(f"j{i}", 1, i % 2, service=HOUR) for i in range(4)]
    )
    plan = solve(p, SECONDS)
    assert plan.served == 1
    assert {u.reason for u in plan.unassigned} == {Reason.SHIFT_FULL}


def test_pinned_job_stays_with_its_engineer():
    engineers = [engineer("near"), engineer("far", 50, 50)]
    p = problem(engineers, [job("fix", 1, 1, pinned_engineer="far"), job("other", 2, 1)])
    plan = solve(p, SECONDS)
    assert plan.engineer_of("fix") == "far"
    assert verify(plan, p) == []


def test_break_is_planned_inside_its_window():
    brk = Break(earliest=12 * HOUR, latest=13 * HOUR, duration=HOUR // 2)
    p = problem([engineer("ann", rest_break=brk)], [job(f"j{i}", i, 0, service=HOUR) for i in range(1, 8)])
    plan = solve(p, SECONDS)
    route = plan.routes[0]
    assert 12 * HOUR <= route.break_start <= 13 * HOUR
    assert verify(plan, p) == []


def test_replan_after_sick_engineer_keeps_notified_appointments():
    engineers = [engineer("ann"), engineer("bob", 20, 0), engineer("cat", 0, 20)]
    jobs = [job(f"j{i}", (i * 7) % 23, (i * 5) % 19, (8 + i % 6, 10 + i % 6)) for i in range(15)]
    first = solve(problem(engineers, jobs), SECONDS)
    notified = [dataclasses.replace(j, notified=True) for j in jobs]
    sick = problem([e for e in engineers if e.id != "cat"], [*notified, job("new", 3, 3, priority=3)])
    second = replan(first, sick, SECONDS)
    assert verify(second, sick) == []
    kept = [s.job_id for r in first.routes if r.engineer_id != "cat" for s in r.stops]
    assert all(second.engineer_of(j) == first.engineer_of(j) for j in kept)
    cats = {s.job_id for r in first.routes if r.engineer_id == "cat" for s in r.stops}
    assert set(second.moved) == cats


def test_verify_catches_a_bad_plan():
    p = _skill_mix()
    plan = solve(p, SECONDS)
    swapped = tuple(
        dataclasses.replace(r, engineer_id="bob" if r.engineer_id == "ann" else "ann") for r in plan.routes
    )
    assert {v.kind for v in verify(dataclasses.replace(plan, routes=swapped), p)} >= {"skill"}
    route = plan.routes[0]
    first = dataclasses.replace(
        route.stops[0], arrival=route.departure, start=route.departure, end=route.departure + 1800
    )
    rushed = dataclasses.replace(route, stops=(first, *route.stops[1:]))
    kinds = {v.kind for v in verify(dataclasses.replace(plan, routes=(rushed, *plan.routes[1:])), p)}
    assert "travel" in kinds
    dropped = dataclasses.replace(plan, routes=plan.routes[1:])
    assert {v.kind for v in verify(dropped, p)} == {"missing"}


def test_a_visit_in_the_last_hour_fits_when_the_break_comes_before_it():
    brk = Break(earliest=11 * HOUR, latest=13 * HOUR, duration=HOUR)
    p = problem([engineer("ann", shift_end=18 * HOUR, rest_break=brk)], [job("late", 1, 0, (16, 17))])
    plan = solve(p, SECONDS)
    assert plan.served == 1 and plan.unassigned == ()
    assert verify(plan, p) == []


def test_a_shift_already_over_or_shorter_than_its_break_takes_no_job():
    """Planning today late in the evening: the remaining shift may be negative or shorter than the break."""
    brk = Break(earliest=20 * HOUR, latest=22 * HOUR, duration=HOUR)
    late = engineer("late", shift_start=21 * HOUR + 1800, shift_end=22 * HOUR, rest_break=brk)
    over = engineer("over", shift_start=23 * HOUR, shift_end=22 * HOUR)
    plan = solve(problem([late, over], [job("j1", 1, 1)]), SECONDS)
    assert plan.served == 0 and [u.job_id for u in plan.unassigned] == ["j1"]
