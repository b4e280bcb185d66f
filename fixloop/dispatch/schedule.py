"""Earliest-start timelines of a job sequence: ETAs, window choice and placement of the rest break."""

from __future__ import annotations

from collections.abc import Sequence

from fixloop.dispatch.domain import Job, Route, Stop
from fixloop.dispatch.problem import Problem


def service_start(job: Job, arrival: int) -> int | None:
    """Earliest service start at or after `arrival`, or None if every window has passed.

    Taking the earliest feasible window is optimal for everything that follows, so the
    timeline never needs to remember which window the solver picked.
    """
    if not job.windows:
        return arrival
    for window in sorted(job.windows, key=lambda w: w.start):
        if arrival <= window.end:
            return max(arrival, window.start)
    return None


def simulate(
    problem: Problem, engineer_idx: int, jobs: Sequence[int], break_after: int | None
) -> Route | None:
    """The route the engineer drives through `jobs` in order, or None if a hard rule breaks."""
    engineer = problem.engineers[engineer_idx]
    m = problem.matrices
    brk = engineer.rest_break
    time, here, distance = engineer.shift_start, m.start_loc[engineer_idx], 0
    stops: list[Stop] = []
    break_start = None
    for position in range(len(jobs) + 1):
        if brk is not None and break_after == position:
            break_start = max(time, brk.earliest)
            if break_start > brk.latest:
                return None
            time = break_start + brk.duration
        if position == len(jobs):
            break
        job = problem.jobs[jobs[position]]
        there = m.job_loc(jobs[position])
        arrival = time + int(m.duration[here, there])
        start = service_start(job, arrival)
        if start is None:
            return None
        late = job.sla_deadline is not None and start > job.sla_deadline
        stops.append(Stop(job.id, arrival, start, start + job.service, sla_late=late))
        distance += int(m.distance[here, there])
        time, here = start + job.service, there
    back = time + int(m.duration[here, m.end_loc[engineer_idx]])
    if back > engineer.shift_end:
        return None
    distance += int(m.distance[here, m.end_loc[engineer_idx]])
    return Route(
        engineer_id=engineer.id,
        stops=tuple(stops),
        departure=engineer.shift_start,
        return_time=back,
        distance=distance,
        break_start=break_start,
        break_after=break_after if brk is not None else None,
    )


def build_route(problem: Problem, engineer_idx: int, jobs: Sequence[int]) -> tuple[Route | None, list[int]]:
    """Timeline with the break placed where the day ends earliest; drops jobs until it fits.

    The solver only reserves the break's length in the shift (PyVRP has no breaks), so a rare
    sequence leaves no legal break slot; and a solver that found no feasible solution in time
    returns its least bad one. Then the least important job is given up, never a rule.
    """
    jobs = list(jobs)
    dropped: list[int] = []
    while True:
        route = (
            _best_break(problem, engineer_idx, jobs) if _within_limits(problem, engineer_idx, jobs) else None
        )
        if route is not None or not jobs:
            return route, dropped
        weakest = min(jobs, key=lambda j: (problem.jobs[j].notified, problem.jobs[j].priority, -j))
        jobs.remove(weakest)
        dropped.append(weakest)


def fitting_route(problem: Problem, engineer_idx: int, jobs: Sequence[int]) -> Route | None:
    """The timeline if every job fits as given (limits, windows, shift, break), else None."""
    jobs = list(jobs)
    return _best_break(problem, engineer_idx, jobs) if _within_limits(problem, engineer_idx, jobs) else None


def _within_limits(problem: Problem, engineer_idx: int, jobs: list[int]) -> bool:
    engineer = problem.engineers[engineer_idx]
    if engineer.max_jobs is not None and len(jobs) > engineer.max_jobs:
        return False
    return engineer.capacity is None or sum(problem.jobs[j].demand for j in jobs) <= engineer.capacity


def _best_break(problem: Problem, engineer_idx: int, jobs: list[int]) -> Route | None:
    if problem.engineers[engineer_idx].rest_break is None:
        return simulate(problem, engineer_idx, jobs, None)
    candidates = (simulate(problem, engineer_idx, jobs, after) for after in range(len(jobs) + 1))
    feasible = [route for route in candidates if route is not None]
    return min(feasible, key=lambda r: r.return_time, default=None)
