"""Nearest-insertion baseline on the same compiled PyVRP model the solver uses."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from pyvrp import Route as PyvrpRoute
from pyvrp import Solution

from fixloop.dispatch.domain import Plan
from fixloop.dispatch.problem import Problem
from fixloop.dispatch.travel import UNREACHABLE
from fixloop.dispatch.vrp_model import Compiled, compile_problem, plan_from_solution


@dataclass(frozen=True)
class _Data:
    """PyVRP data unpacked once: its accessors build fresh Python objects on every call."""

    clients: list
    vehicle_types: list
    distance: list[np.ndarray]
    duration: list[np.ndarray]

    @classmethod
    def of(cls, compiled: Compiled) -> _Data:
        data = compiled.data
        profiles = range(data.num_profiles)
        return cls(
            data.clients(),
            data.vehicle_types(),
            [data.distance_matrix(p) for p in profiles],
            [data.duration_matrix(p) for p in profiles],
        )


@dataclass
class _Tour:
    """A vehicle's partial route: locations incl. both depots, departure and latest-start times."""

    vehicle_type: int
    locs: list[int]
    early: list[int]
    late: list[int]
    service: list[int]
    clients: list[int] = field(default_factory=list)
    load: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    depart: list[int] = field(default_factory=list)
    latest: list[int] = field(default_factory=list)


def greedy_plan(problem: Problem, *, vehicle_cost: int = 0) -> Plan:
    """Jobs by prize then deadline, each inserted where it adds the least distance (or left out)."""
    started = time.perf_counter()
    compiled = compile_problem(problem, vehicle_cost=vehicle_cost)
    solution = greedy_solution(compiled)
    return plan_from_solution(compiled, solution, solver="greedy", runtime=time.perf_counter() - started)


def greedy_solution(compiled: Compiled) -> Solution:
    """The priority-ordered insertion as a PyVRP solution (also the solver's starting point)."""
    tours = _insert_all(compiled)
    data = compiled.data
    return Solution(data, [PyvrpRoute(data, t.clients, t.vehicle_type) for t in tours if t.clients])


def _insert_all(compiled: Compiled) -> list[_Tour]:
    data = _Data.of(compiled)
    clients = data.clients
    tours = [
        _empty_tour(compiled, data, t) for t, members in enumerate(compiled.type_engineers) for _ in members
    ]
    order = sorted(
        compiled.job_clients,
        key=lambda j: (
            -clients[compiled.job_clients[j][0]].prize,
            min(clients[c].tw_late for c in compiled.job_clients[j]),
        ),
    )
    for j in order:
        best = None
        tried_empty: set[int] = set()
        for tour in tours:
            if not tour.clients:
                # Empty vehicles of one type are interchangeable: trying one is enough.
                if tour.vehicle_type in tried_empty:
                    continue
                tried_empty.add(tour.vehicle_type)
            for c in compiled.job_clients[j]:
                option = _cheapest_position(data, tour, c)
                if option is not None and (best is None or option[0] < best[0]):
                    best = (option[0], tour, option[1], c)
        if best is not None:
            _insert(data, best[1], best[2], best[3])
    return tours


def _empty_tour(compiled: Compiled, data: _Data, t: int) -> _Tour:
    vt = data.vehicle_types[t]
    depots = compiled.data.depots()
    late_end = min(vt.tw_late, vt.tw_early + vt.shift_duration)
    tour = _Tour(
        vehicle_type=t,
        locs=[depots[vt.start_depot].location, depots[vt.end_depot].location],
        early=[vt.tw_early, 0],
        late=[vt.tw_late, late_end],
        service=[0, 0],
        load=np.zeros(len(vt.capacity), dtype=np.int64),
    )
    _refresh(data, tour)
    return tour


def _refresh(data: _Data, tour: _Tour) -> None:
    """Forward earliest departures and backward latest service starts, for O(1) insertion checks."""
    dur = data.duration[data.vehicle_types[tour.vehicle_type].profile]
    n = len(tour.locs)
    depart, latest = [0] * n, [0] * n
    depart[0] = tour.early[0]
    for k in range(1, n):
        arrival = depart[k - 1] + int(dur[tour.locs[k - 1], tour.locs[k]])
        depart[k] = max(arrival, tour.early[k]) + tour.service[k]
    latest[-1] = tour.late[-1]
    for k in range(n - 2, -1, -1):
        latest[k] = min(
            tour.late[k], latest[k + 1] - int(dur[tour.locs[k], tour.locs[k + 1]]) - tour.service[k]
        )
    tour.depart, tour.latest = depart, latest


def _cheapest_position(data: _Data, tour: _Tour, c: int) -> tuple[int, int] | None:
    client = data.clients[c]
    vt = data.vehicle_types[tour.vehicle_type]
    dist, dur = data.distance[vt.profile], data.duration[vt.profile]
    if dur[tour.locs[0], client.location] >= UNREACHABLE:  # forbidden for this engineer's profile
        return None
    if any(
        int(held) + amount > limit
        for held, amount, limit in zip(tour.load, client.delivery, vt.capacity, strict=True)
    ):
        return None
    prev = np.asarray(tour.locs[:-1])
    nxt = np.asarray(tour.locs[1:])
    start = np.maximum(np.asarray(tour.depart[:-1]) + dur[prev, client.location], client.tw_early)
    arrive_next = start + client.service_duration + dur[client.location, nxt]
    ok = (start <= client.tw_late) & (
        np.maximum(arrive_next, np.asarray(tour.early[1:])) <= np.asarray(tour.latest[1:])
    )
    if not ok.any():
        return None
    added = dist[prev, client.location] + dist[client.location, nxt] - dist[prev, nxt]
    added = np.where(ok, added, np.iinfo(np.int64).max)
    k = int(np.argmin(added))
    cost = int(added[k]) + (vt.fixed_cost if not tour.clients else 0)
    return cost, k


def _insert(data: _Data, tour: _Tour, k: int, c: int) -> None:
    client = data.clients[c]
    tour.locs.insert(k + 1, client.location)
    tour.early.insert(k + 1, client.tw_early)
    tour.late.insert(k + 1, client.tw_late)
    tour.service.insert(k + 1, client.service_duration)
    tour.clients.insert(k, c)
    tour.load = tour.load + np.asarray(client.delivery, dtype=np.int64)
    _refresh(data, tour)
