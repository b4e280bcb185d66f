"""Issue 6 on an overbooked day: what cannot fit is left for tomorrow by priority."""

from __future__ import annotations

from collections import Counter

from pyvrp import Route as PyvrpRoute
from pyvrp import Solution

from fixloop.dispatch.routing import Reason, greedy_plan, solve, verify
from fixloop.dispatch.schedule import build_route
from fixloop.dispatch.synthetic import synthetic_day
from fixloop.dispatch.tests.helpers import HOUR, engineer, job, problem
from fixloop.dispatch.vrp_model import compile_problem, plan_from_solution


def _displaced(p, plan) -> list[tuple[str, str]]:
    """(left-out job, served job of lower priority) pairs where the first fits in the second's place."""
    pairs = []
    left = [p.job_index[u.job_id] for u in plan.unassigned]
    for route in plan.routes:
        e = p.engineer_index[route.engineer_id]
        jobs = [p.job_index[s.job_id] for s in route.stops]
        for u in left:
            if not p.can_do(p.engineers[e], p.jobs[u]):
                continue
            for k, s in enumerate(jobs):
                if p.jobs[s].priority < p.jobs[u].priority:
                    fitted, dropped = build_route(p, e, [*jobs[:k], u, *jobs[k + 1 :]])
                    if fitted is not None and not dropped:
                        pairs.append((p.jobs[u].id, p.jobs[s].id))
    return pairs


def _by_priority(p, plan) -> Counter:
    return Counter(p.jobs[p.job_index[s.job_id]].priority for r in plan.routes for s in r.stops)


def test_overbooked_day_serves_urgent_first_and_never_a_lower_job_in_a_higher_ones_place():
    p = synthetic_day(300, 15, seed=0)
    plan = solve(p, 1.0)
    baseline = greedy_plan(p)
    urgent = sum(j.priority == 3 for j in p.jobs)
    # The greedy baseline fits every urgent job; the solver starts from it and keeps them all.
    # (One high job may still give way to three or more normal ones: PRIORITY_BASE.)
    assert _by_priority(p, baseline)[3] == _by_priority(p, plan)[3] == urgent
    assert _displaced(p, plan) == []
    assert verify(plan, p) == []


def test_urgent_jobs_take_the_slots_of_nearer_low_ones():
    ann = engineer("ann", skills=frozenset({"washer"}), max_jobs=3)
    low = [job(f"low{i}", 1, i, skill="washer", priority=0) for i in range(3)]
    urgent = [job(f"urgent{i}", 30, i, skill="washer", priority=3) for i in range(3)]
    p = problem([ann], [*low, *urgent])
    plan = solve(p, 0.5)
    assert {s.job_id for s in plan.routes[0].stops} == {"urgent0", "urgent1", "urgent2"}
    assert {u.reason for u in plan.unassigned} == {Reason.JOB_LIMIT_REACHED}


def test_a_solution_serving_a_low_job_in_an_urgent_ones_place_is_repaired():
    ann = engineer("ann", max_jobs=2)
    p = problem(
        [ann],
        [
            job("low", 1, 0, priority=0),
            job("normal", 2, 0, priority=1),
            job("urgent", 40, 0, priority=3),
            job("high", 41, 0, priority=2),
        ],
    )
    compiled = compile_problem(p)
    clients = [compiled.job_clients[p.job_index[j]][0] for j in ("low", "normal")]
    solution = Solution(compiled.data, [PyvrpRoute(compiled.data, clients, 0)])
    plan = plan_from_solution(compiled, solution, solver="test", runtime=0.0)
    assert {s.job_id for s in plan.routes[0].stops} == {"urgent", "high"}
    assert [u.job_id for u in plan.unassigned] == ["normal", "low"]
    assert verify(plan, p) == []


def _plan_from_routes(p, routes: dict[str, list[str]]):
    """A plan made from hand-written engine routes, through the same repair pass as the solvers'."""
    compiled = compile_problem(p)
    pyvrp_routes = []
    for engineer_id, job_ids in routes.items():
        e = p.engineer_index[engineer_id]
        clients = [compiled.job_clients[p.job_index[j]][0] for j in job_ids]
        pyvrp_routes.append(PyvrpRoute(compiled.data, clients, compiled.engineer_type[e]))
    return plan_from_solution(compiled, Solution(compiled.data, pyvrp_routes), solver="test", runtime=0.0)


def test_a_high_job_takes_the_place_of_two_normal_ones_when_one_is_not_enough():
    ann = engineer("ann")  # 8:00–17:00
    p = problem(
        [ann],
        [
            job("n1", 1, 0, priority=1, service=4 * HOUR),
            job("n2", 2, 0, priority=1, service=4 * HOUR),
            job("high", 3, 0, priority=2, service=6 * HOUR),
        ],
    )
    plan = _plan_from_routes(p, {"ann": ["n1", "n2"]})
    assert [s.job_id for s in plan.routes[0].stops] == ["high"]
    assert sorted(u.job_id for u in plan.unassigned) == ["n1", "n2"]
    assert verify(plan, p) == []


def test_an_idle_engineer_takes_a_left_out_urgent_job():
    ann = engineer("ann", skills=frozenset({"washer"}))
    bob = engineer("bob", 5, 5, skills=frozenset({"fridge"}))
    p = problem(
        [ann, bob],
        [job("low", 1, 0, skill="washer", priority=0), job("urgent", 6, 5, skill="fridge", priority=3)],
    )
    plan = _plan_from_routes(p, {"ann": ["low"]})
    assert plan.engineer_of("urgent") == "bob" and plan.engineer_of("low") == "ann"
    assert verify(plan, p) == []
