"""Solomon / Gehring–Homberger VRPTW files, converted into the daily-plan Problem for benchmarking."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from fixloop.dispatch.domain import Engineer, Job, Plan, Point, TimeWindow
from fixloop.dispatch.problem import Problem

# PyVRP works on integers: distances and times are scaled by 1000. Distances are rounded, travel
# times rounded *up*, so a plan feasible for the solver is feasible in exact arithmetic; the
# reported distance is recomputed from the routes in double precision.
SCALE = 1000


@dataclass(frozen=True)
class Node:
    """One row of the CUSTOMER table (node 0 is the depot)."""

    id: int
    x: float
    y: float
    demand: int
    ready: int
    due: int
    service: int


@dataclass(frozen=True)
class Instance:
    """A parsed VRPTW instance."""

    name: str
    vehicles: int
    capacity: int
    depot: Node
    customers: tuple[Node, ...]


@dataclass(frozen=True)
class EuclideanTravel:
    """Solomon convention: travel time = Euclidean distance, both scaled to integers."""

    scale: int = SCALE

    def matrices(self, points) -> tuple[np.ndarray, np.ndarray]:
        xs = np.array([p.x for p in points], dtype=float)
        ys = np.array([p.y for p in points], dtype=float)
        exact = np.hypot(xs[:, None] - xs[None, :], ys[:, None] - ys[None, :]) * self.scale
        # The epsilon keeps whole distances (e.g. 5.0 → 5000) from being rounded up by float noise.
        return np.rint(exact).astype(np.int64), np.ceil(exact - 1e-6).astype(np.int64)


def parse(text: str) -> Instance:
    """Parse the Solomon text format (name, VEHICLE section, CUSTOMER table)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    name = lines[0]
    vehicle_row = next(i for i, line in enumerate(lines) if line.upper().startswith("NUMBER")) + 1
    vehicles, capacity = (int(v) for v in lines[vehicle_row].split()[:2])
    rows = [line.split() for line in lines[vehicle_row + 1 :]]
    nodes = [
        Node(
            int(r[0]),
            float(r[1]),
            float(r[2]),
            int(float(r[3])),
            int(float(r[4])),
            int(float(r[5])),
            int(float(r[6])),
        )
        for r in rows
        if len(r) == 7 and r[0].isdigit()
    ]
    return Instance(
        name=name, vehicles=vehicles, capacity=capacity, depot=nodes[0], customers=tuple(nodes[1:])
    )


def read(path: str | Path) -> Instance:
    return parse(Path(path).read_text())


def to_problem(instance: Instance) -> Problem:
    """Vehicles become engineers with a load capacity; customers become required jobs."""
    depot = instance.depot
    engineers = tuple(
        Engineer(
            id=f"v{k + 1}",
            start=Point(depot.x, depot.y),
            shift_start=depot.ready * SCALE,
            shift_end=depot.due * SCALE,
            capacity=instance.capacity,
        )
        for k in range(instance.vehicles)
    )
    jobs = tuple(
        Job(
            id=str(c.id),
            location=Point(c.x, c.y),
            windows=(TimeWindow(c.ready * SCALE, c.due * SCALE),),
            service=c.service * SCALE,
            demand=c.demand,
            required=True,
        )
        for c in instance.customers
    )
    return Problem(engineers=engineers, jobs=jobs, travel=EuclideanTravel())


def exact_distance(instance: Instance, plan: Plan) -> float:
    """Total distance in double precision, the metric of the published best-known solutions."""
    return sum(_leg_lengths(instance, [int(s.job_id) for s in route.stops]) for route in plan.routes)


def exact_violations(instance: Instance, plan: Plan) -> list[str]:
    """Re-check every route in double precision (windows, depot due date, capacity, all served once)."""
    by_id = {c.id: c for c in instance.customers}
    problems, served = [], []
    for route in plan.routes:
        ids = [int(s.job_id) for s in route.stops]
        served += ids
        time, here = float(instance.depot.ready), instance.depot
        for c in (by_id[i] for i in ids):
            time = max(time + _dist(here, c), c.ready)
            if time > c.due + 1e-9:
                problems.append(f"{route.engineer_id}: customer {c.id} starts at {time:.3f} > due {c.due}")
            time, here = time + c.service, c
        if time + _dist(here, instance.depot) > instance.depot.due + 1e-9:
            problems.append(f"{route.engineer_id}: back after depot due {instance.depot.due}")
        if sum(by_id[i].demand for i in ids) > instance.capacity:
            problems.append(f"{route.engineer_id}: over capacity")
    if sorted(served) != sorted(by_id):
        problems.append(f"{len(set(by_id) - set(served))} customers unserved or served twice")
    if len(plan.routes) > instance.vehicles:
        problems.append(f"{len(plan.routes)} routes > {instance.vehicles} vehicles")
    return problems


def _leg_lengths(instance: Instance, ids: list[int]) -> float:
    by_id = {c.id: c for c in instance.customers}
    path = [instance.depot, *(by_id[i] for i in ids), instance.depot]
    return sum(_dist(a, b) for a, b in zip(path, path[1:], strict=False))


def _dist(a: Node, b: Node) -> float:
    return math.hypot(a.x - b.x, a.y - b.y)
