"""Solomon reader: parses the text format into the daily-plan model and solves it exactly-checked."""

from __future__ import annotations

import math

import pytest

from fixloop.dispatch import solomon
from fixloop.dispatch.routing import _minimise_fleet, greedy_plan, solve, verify
from fixloop.dispatch.vroom_model import solve_vroom
from fixloop.dispatch.vrp_model import compile_problem

# Solomon layout with CRLF endings and trailing blanks, like the published files.
TINY = "\r\n".join(
    [
        "TINY1",
        "",
        "VEHICLE",
        "NUMBER     CAPACITY",
        "  3         20   ",
        "",
        "CUSTOMER",
        "CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME",
        " ",
        "    0      0          0          0          0        200          0   ",
        "    1      3          4         10          0         50         10   ",
        "    2      6          8         10         20         60         10   ",
        "    3     -5          0         15          0        100          5   ",
        "    4      0         -7          5         90        120          5   ",
    ]
)


def test_parse_tiny_instance():
    instance = solomon.parse(TINY)
    assert (instance.name, instance.vehicles, instance.capacity) == ("TINY1", 3, 20)
    assert instance.depot.due == 200
    assert [c.id for c in instance.customers] == [1, 2, 3, 4]
    assert instance.customers[1] == solomon.Node(2, 6.0, 8.0, 10, 20, 60, 10)


def test_problem_uses_the_daily_plan_model_with_scaled_integers():
    problem = solomon.to_problem(solomon.parse(TINY))
    assert len(problem.engineers) == 3 and problem.engineers[0].capacity == 20
    job = problem.jobs[0]
    assert job.required and job.windows[0].end == 50 * solomon.SCALE and job.service == 10 * solomon.SCALE
    m = problem.matrices
    assert m.distance[m.start_loc[0], m.job_loc(0)] == 5 * solomon.SCALE  # 3-4-5 triangle, no rounding up


@pytest.mark.parametrize("planner", [lambda p: solve(p, 0.5), greedy_plan])
def test_solved_tiny_instance_is_feasible_in_exact_arithmetic(planner):
    instance = solomon.parse(TINY)
    problem = solomon.to_problem(instance)
    plan = planner(problem)
    assert verify(plan, problem) == []
    assert solomon.exact_violations(instance, plan) == []
    # Customers 1+2 (load 20) on one route, 3+4 on another: 2·10 + (5+7+√74) is the optimum.
    if plan.solver == "pyvrp":
        assert solomon.exact_distance(instance, plan) == pytest.approx(20 + 5 + 7 + math.sqrt(74))


@pytest.mark.parametrize("engine", ["pyvrp", "vroom"])
def test_vehicles_objective_uses_the_fewest_routes(engine):
    """Load 40 on vehicles of 20: two routes are the least; the fleet search must find them."""
    instance = solomon.parse(TINY)
    problem = solomon.to_problem(instance)
    vehicle_cost = 10_000_000
    if engine == "pyvrp":
        plan = solve(problem, 0.5, vehicle_cost=vehicle_cost)
    else:
        plan = solve_vroom(problem, 0.5, vehicle_cost=vehicle_cost)
    assert len(plan.routes) == 2
    assert solomon.exact_violations(instance, plan) == []


def test_fleet_search_leaves_the_distance_search_a_hard_fleet_limit_without_fixed_cost():
    """With the fixed cost kept, the distance search chased the removal of a route it could not give
    up, through over-full routes, and ended several per cent longer on the Gehring-Homberger set."""
    data = compile_problem(solomon.to_problem(solomon.parse(TINY)), vehicle_cost=10_000_000).data
    data, start = _minimise_fleet(data, 1.0, seed=0)
    fleet = data.vehicle_type(0)
    assert (fleet.num_available, fleet.fixed_cost) == (2, 0)  # load 40 on vehicles of 20
    assert start is not None and start.is_feasible() and start.num_routes() == 2
