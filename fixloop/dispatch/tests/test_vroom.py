"""The VROOM engine on the same model: feasible routes, hard rules kept, priorities preferred."""

from __future__ import annotations

from collections import Counter

from fixloop.dispatch import solomon
from fixloop.dispatch.routing import Break, verify
from fixloop.dispatch.synthetic import synthetic_day
from fixloop.dispatch.tests.helpers import HOUR, engineer, job, problem
from fixloop.dispatch.tests.test_solomon import TINY
from fixloop.dispatch.vroom_model import merged_windows, solve_vroom, vroom_priority

SECONDS = 0.5


def test_vroom_routes_a_solomon_instance_feasibly_in_exact_arithmetic():
    instance = solomon.parse(TINY)
    p = solomon.to_problem(instance)
    plan = solve_vroom(p, SECONDS)
    assert plan.solver == "vroom" and plan.served == 4 and plan.unassigned == ()
    assert verify(plan, p) == []
    assert solomon.exact_violations(instance, plan) == []
    # The reported distance comes from the coordinates, not the ×1000 rounded matrix.
    assert abs(solomon.exact_distance(instance, plan) - plan.distance / solomon.SCALE) < 0.01


def test_vroom_keeps_pins_and_breaks():
    brk = Break(earliest=12 * HOUR, latest=13 * HOUR, duration=HOUR // 2)
    engineers = [engineer("near", rest_break=brk), engineer("far", 50, 50, rest_break=brk)]
    jobs = [job("fix", 1, 1, pinned_engineer="far"), *(job(f"j{i}", i, 0, service=HOUR) for i in range(1, 7))]
    p = problem(engineers, jobs)
    plan = solve_vroom(p, SECONDS)
    assert plan.engineer_of("fix") == "far"
    assert all(12 * HOUR <= r.break_start <= 13 * HOUR for r in plan.routes)
    assert verify(plan, p) == []


def test_vroom_serves_urgent_jobs_before_nearer_low_ones():
    ann = engineer("ann", skills=frozenset({"washer"}), max_jobs=3)
    low = [job(f"low{i}", 1, i, skill="washer", priority=0) for i in range(3)]
    urgent = [job(f"urgent{i}", 30, i, skill="washer", priority=3) for i in range(3)]
    plan = solve_vroom(problem([ann], [*low, *urgent]), SECONDS)
    assert {s.job_id for s in plan.routes[0].stops} == {"urgent0", "urgent1", "urgent2"}


def test_vroom_on_an_overbooked_day_has_no_violations_and_serves_every_urgent_job():
    p = synthetic_day(200, 10, seed=1)
    plan = solve_vroom(p, 1.0)
    assert verify(plan, p) == []
    served = Counter(p.jobs[p.job_index[s.job_id]].priority for r in plan.routes for s in r.stops)
    assert served[3] == sum(j.priority == 3 for j in p.jobs)


def test_priority_levels_map_into_vroom_range():
    assert [vroom_priority(4**p) for p in range(4)] == [1, 4, 16, 64]
    assert vroom_priority(4**3 * 256) == 100


def test_overlapping_offered_windows_become_their_union():
    offered = job("j", 1, 1, (9, 11), (8, 12), (14, 16), (16, 17))
    assert merged_windows(offered) == [(8 * HOUR, 12 * HOUR), (14 * HOUR, 17 * HOUR)]
