"""Compiles a Problem into PyVRP ProblemData (skills as routing profiles, priorities as prizes) and back."""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import Protocol

import numpy as np
from pyvrp import Client, ClientGroup, Depot, Location, ProblemData, Solution, VehicleType

from fixloop.dispatch.domain import Job, Plan, Reason, Unassigned
from fixloop.dispatch.problem import Problem
from fixloop.dispatch.schedule import build_route, fitting_route, simulate
from fixloop.dispatch.travel import UNREACHABLE

UNLIMITED = 1 << 30
MAX_PRIORITY = 5
PRIORITY_BASE = 4  # one priority level outweighs three jobs of the level below
NOTIFIED_FACTOR = 256  # a notified appointment outweighs any new job
SLA_FACTOR = 2


@dataclass(frozen=True)
class Compiled:
    """PyVRP data plus the maps between its clients/vehicle types and our jobs/engineers."""

    problem: Problem
    data: ProblemData
    client_job: tuple[int, ...]
    job_clients: dict[int, tuple[int, ...]]
    type_engineers: tuple[tuple[int, ...], ...]
    engineer_type: tuple[int, ...]
    excluded: dict[int, Reason]
    candidates: dict[int, tuple[int, ...]]  # job -> engineers that could serve it alone
    max_prize: int


def compile_problem(problem: Problem, *, vehicle_cost: int = 0) -> Compiled:
    """Build the PyVRP model.

    Skills and pins follow PyVRP's site-dependent VRP idiom: engineers who may not serve a job
    get a routing profile in which every edge into that job is unreachable, which makes it
    infeasible for them (a hard rule), not merely expensive. Jobs no engineer can reach alone
    are left out with their reason before the solver runs.
    """
    candidates, excluded = _screen(problem)
    model_jobs = [j for j in range(len(problem.jobs)) if j not in excluded]
    engineer_profile, masks = _profiles(problem, model_jobs)
    distances, durations = _profile_matrices(problem, masks)
    vehicle_types, type_engineers, engineer_type = _vehicle_types(problem, engineer_profile, vehicle_cost)
    clients, groups, client_job, job_clients = _clients(problem, model_jobs)
    m = problem.matrices
    locations = [Location(p.x, p.y) for p in m.depot_points]
    locations += [Location(job.location.x, job.location.y) for job in problem.jobs]
    data = ProblemData(
        locations=locations,
        clients=clients,
        depots=[Depot(location=i) for i in range(len(m.depot_points))],
        vehicle_types=vehicle_types,
        distance_matrices=distances,
        duration_matrices=durations,
        groups=groups,
    )
    max_prize = max((c.prize for c in clients), default=0)
    return Compiled(
        problem, data, client_job, job_clients, type_engineers, engineer_type, excluded, candidates, max_prize
    )


def _screen(problem: Problem) -> tuple[dict[int, tuple[int, ...]], dict[int, Reason]]:
    candidates: dict[int, tuple[int, ...]] = {}
    excluded: dict[int, Reason] = {}
    for j, job in enumerate(problem.jobs):
        able = [e for e, engineer in enumerate(problem.engineers) if problem.can_do(engineer, job)]
        reachable = tuple(e for e in able if _fits_alone(problem, e, j))
        candidates[j] = reachable
        if not able:
            pinned_absent = (
                job.pinned_engineer is not None and job.pinned_engineer not in problem.engineer_index
            )
            excluded[j] = Reason.PINNED_ENGINEER_ABSENT if pinned_absent else Reason.NO_SKILLED_ENGINEER
        elif not reachable:
            excluded[j] = Reason.WINDOW_UNREACHABLE
    return candidates, excluded


def _fits_alone(problem: Problem, e: int, j: int) -> bool:
    engineer, job = problem.engineers[e], problem.jobs[j]
    if engineer.max_jobs == 0 or (engineer.capacity is not None and job.demand > engineer.capacity):
        return False
    # The exact timeline, break included: a late job fits when the break can be taken before it
    # (reserving the break at the end of the shift would wrongly refuse a visit in the last hour).
    breaks = (0, 1) if engineer.rest_break is not None else (None,)
    return any(simulate(problem, e, [j], after) is not None for after in breaks)


def _profiles(problem: Problem, model_jobs: list[int]) -> tuple[list[int], list[np.ndarray]]:
    """One profile per distinct set of forbidden jobs; engineers with the same set share it.

    Only skills and pins decide what is forbidden: reachability differs per engineer and would
    give everyone a profile of their own (one pair of full matrices each); the time windows
    already make unreachable jobs infeasible.
    """
    by_mask: dict[bytes, int] = {}
    masks: list[np.ndarray] = []
    engineer_profile = []
    for engineer in problem.engineers:
        forbidden = np.array([not problem.can_do(engineer, problem.jobs[j]) for j in model_jobs], dtype=bool)
        key = forbidden.tobytes()
        if key not in by_mask:
            by_mask[key] = len(masks)
            masks.append(np.array(model_jobs, dtype=np.int64)[forbidden])
        engineer_profile.append(by_mask[key])
    return engineer_profile, masks


def _profile_matrices(problem: Problem, masks: list[np.ndarray]) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Per-profile matrices; forbidden edges are "unreachable" in distance and "after the day" in time.

    Durations are capped just past the day so that time-warp penalties (duration × penalty) stay
    far from int64 overflow even with the large penalties prize-collecting needs.
    """
    m = problem.matrices
    never = 2 * max((e.shift_end for e in problem.engineers), default=0) + 1
    base_duration = np.minimum(m.duration, never)
    distances, durations = [], []
    for forbidden_jobs in masks:
        dist, dur = m.distance, base_duration
        if len(forbidden_jobs):
            columns = forbidden_jobs + len(m.depot_points)
            dist, dur = dist.copy(), dur.copy()
            dist[:, columns] = UNREACHABLE
            dur[:, columns] = never
            dist[columns, columns] = dur[columns, columns] = 0  # PyVRP requires a zero diagonal
        distances.append(dist)
        durations.append(dur)
    return distances, durations


def _load_dimensions(problem: Problem) -> list[str]:
    dims = []
    if any(e.capacity is not None for e in problem.engineers) or any(j.demand for j in problem.jobs):
        dims.append("demand")
    if any(e.max_jobs is not None for e in problem.engineers):
        dims.append("jobs")
    return dims


def _vehicle_types(
    problem: Problem, engineer_profile: list[int], vehicle_cost: int
) -> tuple[list[VehicleType], tuple[tuple[int, ...], ...], tuple[int, ...]]:
    """Identical engineers (same depots, shift, limits, profile) become one type with num_available > 1."""
    m, dims = problem.matrices, _load_dimensions(problem)
    groups: dict[tuple, list[int]] = defaultdict(list)
    for e, engineer in enumerate(problem.engineers):
        reserve = engineer.rest_break.duration if engineer.rest_break else 0
        limits = {"demand": engineer.capacity, "jobs": engineer.max_jobs}
        capacity = tuple(UNLIMITED if limits[d] is None else limits[d] for d in dims)
        key = (
            engineer_profile[e],
            m.start_loc[e],
            m.end_loc[e],
            engineer.shift_start,
            engineer.shift_end,
            reserve,
            capacity,
        )
        groups[key].append(e)
    vehicle_types, engineer_type = [], [0] * len(problem.engineers)
    for t, ((profile, start, end, early, late, reserve, capacity), members) in enumerate(groups.items()):
        # Planning today late in the day leaves a shift shorter than its break, or already over: such an
        # engineer takes no job rather than making the model invalid.
        late = max(late, early)
        vehicle_types.append(
            VehicleType(
                num_available=len(members),
                capacity=list(capacity),
                start_depot=start,
                end_depot=end,
                fixed_cost=vehicle_cost,
                tw_early=early,
                tw_late=late,
                shift_duration=max(0, late - early - reserve),
                profile=profile,
                name=problem.engineers[members[0]].id,
            )
        )
        for e in members:
            engineer_type[e] = t
    return vehicle_types, tuple(tuple(ms) for ms in groups.values()), tuple(engineer_type)


def job_prize(job: Job, unit: int, horizon_end: int) -> int:
    """Prize for serving a job: always worth more than any detour, ordered by priority."""
    weight = PRIORITY_BASE ** min(max(job.priority, 0), MAX_PRIORITY)
    if job.sla_deadline is not None and job.sla_deadline <= horizon_end:
        weight *= SLA_FACTOR
    if job.notified:
        weight *= NOTIFIED_FACTOR
    return unit * weight


def _clients(
    problem: Problem, model_jobs: list[int]
) -> tuple[list[Client], list[ClientGroup], tuple[int, ...], dict[int, tuple[int, ...]]]:
    """One client per job, or a mutually exclusive group of one client per offered window."""
    m, dims = problem.matrices, _load_dimensions(problem)
    reachable = m.distance[m.distance < UNREACHABLE]
    unit = 2 * int(reachable.max(initial=0)) + 1
    horizon_end = max((e.shift_end for e in problem.engineers), default=0)
    clients: list[Client] = []
    groups: list[ClientGroup] = []
    client_job: list[int] = []
    job_clients: dict[int, tuple[int, ...]] = {}
    for j in model_jobs:
        job = problem.jobs[j]
        load = [{"demand": job.demand, "jobs": 1}[d] for d in dims]
        windows = [(w.start, w.end) for w in job.windows] or [(0, horizon_end)]
        group = None
        if len(windows) > 1:
            group = len(groups)
            groups.append(ClientGroup(required=job.required, name=job.id))
        prize = 0 if job.required else job_prize(job, unit, horizon_end)
        first = len(clients)
        for early, late in windows:
            clients.append(
                Client(
                    location=m.job_loc(j),
                    delivery=load,
                    service_duration=job.service,
                    tw_early=early,
                    tw_late=late,
                    prize=prize,
                    required=job.required and group is None,
                    group=group,
                    name=job.id,
                )
            )
            client_job.append(j)
            if group is not None:
                groups[group].add_client(len(clients) - 1)
        job_clients[j] = tuple(range(first, len(clients)))
    return clients, groups, tuple(client_job), job_clients


def plan_from_solution(
    compiled: Compiled, solution: Solution, *, solver: str, runtime: float, previous: Plan | None = None
) -> Plan:
    """Routes with ETAs from a PyVRP solution (ours or the greedy one), plus the reasons for the rest.

    Engineers of one vehicle type are interchangeable to the solver but not to customers, so a
    route goes to the engineer who had most of its jobs in `previous`.
    """
    problem = compiled.problem
    free = [list(members) for members in compiled.type_engineers]
    before = {} if previous is None else {r.engineer_id: {s.job_id for s in r.stops} for r in previous.routes}
    sequences: list[tuple[int, list[int]]] = []
    for pyvrp_route in solution.routes():
        jobs = [compiled.client_job[a.idx] for a in pyvrp_route.schedule() if a.is_client()]
        ids = {problem.jobs[j].id for j in jobs}
        members = free[pyvrp_route.vehicle_type()]
        engineer = max(members, key=lambda e: len(ids & before.get(problem.engineers[e].id, set())))
        members.remove(engineer)
        sequences.append((engineer, jobs))
    return assemble_plan(compiled, sequences, solver=solver, runtime=runtime)


class ModelMap(Protocol):
    """What turning an engine's job sequences into a Plan needs from any compiled model."""

    problem: Problem
    job_clients: dict[int, tuple[int, ...]]  # keys: the jobs given to the engine
    excluded: dict[int, Reason]
    candidates: dict[int, tuple[int, ...]]
    max_prize: int  # 0: every job required (benchmark), no priority repair


def assemble_plan(
    compiled: ModelMap, sequences: list[tuple[int, list[int]]], *, solver: str, runtime: float
) -> Plan:
    """Routes with ETAs from (engineer, job sequence) pairs of any engine, plus reasons for the rest.

    Every route is re-timed by our own schedule (break placed, ETAs), so PyVRP, VROOM and the
    greedy baseline are judged by one timeline and one verifier.
    """
    problem = compiled.problem
    assigned: list[tuple[int, list[int]]] = []
    for engineer, jobs in sequences:
        route, dropped = build_route(problem, engineer, jobs)  # as driven, break placed
        assigned.append((engineer, [j for j in jobs if j not in dropped] if route is not None else []))
    if compiled.max_prize:
        _promote(compiled, assigned)
    routes, served = [], set()
    for engineer, jobs in assigned:
        route, _ = build_route(problem, engineer, jobs)
        if route is not None and route.stops:
            routes.append(route)
            served.update(problem.job_index[s.job_id] for s in route.stops)
    unassigned = dict(compiled.excluded)
    for j in range(len(problem.jobs)):
        if j not in served and j not in unassigned:
            unassigned[j] = _why_unserved(compiled, routes, j)
    return Plan(
        routes=tuple(routes), unassigned=_by_priority(problem, unassigned), solver=solver, runtime=runtime
    )


def _rank(job: Job) -> tuple[bool, int]:
    return job.notified, job.priority


def _urgency(job: Job) -> tuple[int, int]:
    """Heap key: highest rank first."""
    return -int(job.notified), -job.priority


def _promote(compiled: ModelMap, assigned: list[tuple[int, list[int]]]) -> None:
    """Make room for a left-out job wherever a served job of lower priority holds its place.

    Issue 6: what cannot fit is left for tomorrow by priority. The search trades one job for
    another only through a penalised over-full route and, with prizes 4× per level, may keep
    two or three nearby normal visits instead of one long high-priority one. This pass makes
    higher priorities strictly preferred: one-for-one swaps for every left-out job (highest
    priority first; the displaced job may in turn take a lower one's place), and for high,
    urgent and notified jobs also a free slot, an idle engineer, or giving up one or two lower
    jobs of a nearby route. Each change raises the priorities served, so the rounds end.
    """
    by_engineer = {e: k for k, (e, _) in enumerate(assigned)}
    while _promotion_round(compiled, assigned, by_engineer):
        pass  # a swap changes a route's timing: jobs that did not fit before may fit now


# Left-out jobs of at least this rank get the wider search (free slot, idle engineer, two-for-one).
WIDE_SEARCH_RANK = (False, 2)
WIDE_SEARCH_ROUTES = 12  # nearest routes tried per job: the rest are too far to gain a visit


def _promotion_round(compiled: ModelMap, assigned: list[tuple[int, list[int]]], by_engineer: dict) -> bool:
    problem = compiled.problem
    routed = {j for _, jobs in assigned for j in jobs}
    waiting = [(_urgency(problem.jobs[j]), j) for j in compiled.job_clients if j not in routed]
    heapq.heapify(waiting)
    swapped = False
    while waiting:
        _, u = heapq.heappop(waiting)
        change = _swap_in(compiled, assigned, by_engineer, u)
        if change is None and _rank(problem.jobs[u]) >= WIDE_SEARCH_RANK:
            change = _make_room(compiled, assigned, by_engineer, u)
        if change is None:
            continue
        e, jobs, displaced = change
        if e not in by_engineer:
            by_engineer[e] = len(assigned)
            assigned.append((e, []))
        assigned[by_engineer[e]][1][:] = jobs
        for s in displaced:
            heapq.heappush(waiting, (_urgency(problem.jobs[s]), s))
        swapped = True
    return swapped


def _swap_in(
    compiled: ModelMap, assigned, by_engineer: dict, u: int
) -> tuple[int, list[int], list[int]] | None:
    """The one-for-one swap that gives up the lowest-ranked job (then adds the least distance)."""
    problem = compiled.problem
    rank = _rank(problem.jobs[u])
    best = None
    for e in compiled.candidates[u]:
        k = by_engineer.get(e)
        if k is None:
            continue
        jobs = assigned[k][1]
        for pos, s in enumerate(jobs):
            lower = _rank(problem.jobs[s])
            if lower >= rank or (best is not None and lower > best[0]):
                continue
            route = fitting_route(problem, e, trial := [*jobs[:pos], u, *jobs[pos + 1 :]])
            if route is not None and (best is None or (lower, route.distance) < best[:2]):
                best = (lower, route.distance, e, trial, s)
    return None if best is None else (best[2], best[3], [best[4]])


def _make_room(
    compiled: ModelMap, assigned, by_engineer: dict, u: int
) -> tuple[int, list[int], list[int]] | None:
    """A free slot or idle engineer for u, else the fewest lowest-ranked jobs (one or two) to give up.

    Only the routes passing nearest to u are tried, and u only between visits that start before
    its window closes: the rest cannot take it and would cost minutes at 2,000 jobs.
    """
    problem, m = compiled.problem, compiled.problem.matrices
    job = problem.jobs[u]
    rank, here = _rank(job), m.job_loc(u)
    latest = max((w.end for w in job.windows), default=None)
    routes, idle = [], []
    for e in compiled.candidates[u]:
        k = by_engineer.get(e)
        jobs = assigned[k][1] if k is not None else []
        if not jobs:
            idle.append(e)
            continue
        near = min(int(m.distance[m.job_loc(s), here]) for s in jobs)
        routes.append((near, e, jobs))
    for e in idle[:1] if idle else ():  # idle engineers of one kind are alike enough: try one
        if fitting_route(problem, e, [u]) is not None:
            return e, [u], []
    routes = heapq.nsmallest(WIDE_SEARCH_ROUTES, routes, key=lambda r: r[0])
    best = None
    for removals in (0, 1, 2):
        for _, e, jobs in routes:
            lower = [p for p, s in enumerate(jobs) if _rank(problem.jobs[s]) < rank]
            for drop in combinations(lower, removals):
                kept = [s for p, s in enumerate(jobs) if p not in drop]
                given_up = [jobs[p] for p in drop]
                cost_rank = max((_rank(problem.jobs[s]) for s in given_up), default=(False, -1))
                if best is not None and cost_rank > best[0]:
                    continue
                as_driven = fitting_route(problem, e, kept)
                starts = [stop.start for stop in as_driven.stops] if as_driven is not None else []
                for pos in range(len(kept) + 1):
                    if latest is not None and pos and pos <= len(starts) and starts[pos - 1] > latest:
                        break
                    route = fitting_route(problem, e, trial := [*kept[:pos], u, *kept[pos:]])
                    if route is not None and (best is None or (cost_rank, route.distance) < best[:2]):
                        best = (cost_rank, route.distance, e, trial, given_up)
        if best is not None:
            return best[2], best[3], best[4]
    return None


def _why_unserved(compiled: ModelMap, routes: list, j: int) -> Reason:
    problem = compiled.problem
    by_engineer = {r.engineer_id: r for r in routes}
    job = problem.jobs[j]
    at_limit, full = True, True
    for e in compiled.candidates[j]:
        engineer = problem.engineers[e]
        stops = by_engineer[engineer.id].stops if engineer.id in by_engineer else ()
        at_limit &= engineer.max_jobs is not None and len(stops) >= engineer.max_jobs
        load = sum(problem.jobs[problem.job_index[s.job_id]].demand for s in stops)
        full &= engineer.capacity is not None and load + job.demand > engineer.capacity
    if at_limit:
        return Reason.JOB_LIMIT_REACHED
    return Reason.LOAD_CAPACITY_EXHAUSTED if full else Reason.SHIFT_FULL


def _by_priority(problem: Problem, reasons: dict[int, Reason]) -> tuple[Unassigned, ...]:
    def key(j: int) -> tuple:
        job = problem.jobs[j]
        return (-job.priority, job.sla_deadline if job.sla_deadline is not None else float("inf"), j)

    return tuple(
        Unassigned(problem.jobs[j].id, problem.jobs[j].priority, reasons[j]) for j in sorted(reasons, key=key)
    )
