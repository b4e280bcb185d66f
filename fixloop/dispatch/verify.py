"""Independent feasibility check of a plan's claims: skills, pins, windows, travel times, shifts, limits."""

from __future__ import annotations

from dataclasses import dataclass

from fixloop.dispatch.domain import Engineer, Plan, Route
from fixloop.dispatch.problem import Problem


@dataclass(frozen=True)
class Violation:
    """One broken rule; `kind` is a stable code (skill, window, shift_end, job_limit, …)."""

    kind: str
    engineer_id: str
    job_id: str | None
    detail: str


def verify(plan: Plan, problem: Problem) -> list[Violation]:
    """Re-derive every route from the travel matrices; an empty list means the plan is feasible."""
    found: list[Violation] = []
    seen: set[str] = set()
    for route in plan.routes:
        e = problem.engineer_index.get(route.engineer_id)
        if e is None:
            found.append(Violation("unknown_engineer", route.engineer_id, None, "not on duty"))
            continue
        found += _check_route(problem, e, route, seen)
    accounted = seen | {u.job_id for u in plan.unassigned}
    found += [
        Violation("missing", "", job.id, "neither routed nor reported")
        for job in problem.jobs
        if job.id not in accounted
    ]
    found += [
        Violation("duplicate", "", u.job_id, "routed and reported unassigned")
        for u in plan.unassigned
        if u.job_id in seen
    ]
    return found


def _check_route(problem: Problem, e: int, route: Route, seen: set[str]) -> list[Violation]:
    engineer, m = problem.engineers[e], problem.matrices
    bad: list[Violation] = []

    def flag(kind: str, job_id: str | None, detail: str) -> None:
        bad.append(Violation(kind, engineer.id, job_id, detail))

    if route.departure < engineer.shift_start:
        flag("shift_start", None, f"leaves at {route.departure} before shift start {engineer.shift_start}")
    time, here, load = route.departure, m.start_loc[e], 0
    for k, stop in enumerate(route.stops):
        time = _take_break(engineer, route, k, time, flag)
        j = problem.job_index.get(stop.job_id)
        if j is None or stop.job_id in seen:
            flag("duplicate" if j is not None else "unknown_job", stop.job_id, "visited twice or unknown")
            continue
        seen.add(stop.job_id)
        job = problem.jobs[j]
        if not problem.can_do(engineer, job):
            kind = "pinned" if job.pinned_engineer not in (None, engineer.id) else "skill"
            flag(kind, job.id, f"needs {job.skill or job.pinned_engineer}")
        there = m.job_loc(j)
        if stop.arrival < time + int(m.duration[here, there]):
            flag(
                "travel",
                job.id,
                f"arrives at {stop.arrival}, cannot before {time + int(m.duration[here, there])}",
            )
        if stop.start < stop.arrival or stop.end != stop.start + job.service:
            flag("service", job.id, "service starts before arrival or has the wrong length")
        if job.windows and not any(w.start <= stop.start <= w.end for w in job.windows):
            flag("window", job.id, f"starts at {stop.start} outside every window")
        time, here, load = stop.end, there, load + job.demand
    time = _take_break(engineer, route, len(route.stops), time, flag)
    back = time + int(m.duration[here, m.end_loc[e]])
    if route.return_time < back:
        flag("travel", None, f"returns at {route.return_time}, cannot before {back}")
    if max(back, route.return_time) > engineer.shift_end:
        flag(
            "shift_end", None, f"back at {max(back, route.return_time)} after shift end {engineer.shift_end}"
        )
    if engineer.rest_break is not None and route.stops and route.break_after is None:
        flag("break", None, "no rest break planned")
    if engineer.max_jobs is not None and len(route.stops) > engineer.max_jobs:
        flag("job_limit", None, f"{len(route.stops)} jobs > limit {engineer.max_jobs}")
    if engineer.capacity is not None and load > engineer.capacity:
        flag("capacity", None, f"load {load} > capacity {engineer.capacity}")
    return bad


def _take_break(engineer: Engineer, route: Route, position: int, time: int, flag) -> int:
    brk = engineer.rest_break
    if brk is None or route.break_after != position or route.break_start is None:
        return time
    if not (brk.earliest <= route.break_start <= brk.latest) or route.break_start < time:
        flag(
            "break", None, f"break at {route.break_start} outside [{brk.earliest}, {brk.latest}] or too early"
        )
    return max(time, route.break_start) + brk.duration
