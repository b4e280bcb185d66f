"""Compiles a Problem into a VROOM (pyvroom) input and its solution back into a Plan.

The second engine of issue 6, built from the same domain model and travel matrices as the PyVRP
path: skills and pins become VROOM skills, booked windows its time windows, breaks its native
breaks, job limits `max_tasks`, priorities its priority levels. Routes come back as job
sequences and are re-timed and repaired by `vrp_model.assemble_plan`, so both engines are
judged by one timeline and one verifier.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
import vroom

from fixloop.dispatch.domain import Job, Plan, Reason
from fixloop.dispatch.problem import Problem
from fixloop.dispatch.vrp_model import _load_dimensions, _screen, assemble_plan, job_prize

PROFILE = "car"
# VROOM reads matrices as uint32: "unreachable" must stay below 2**32 and sums of a few legs
# must not look shorter than a real route, so clip far below the type's limit.
MAX_MATRIX_VALUE = (1 << 31) - 1
MAX_VROOM_PRIORITY = 100


@dataclass(frozen=True)
class VroomModel:
    """The VROOM input plus what `assemble_plan` needs (the ModelMap protocol)."""

    problem: Problem
    input: vroom.Input
    job_clients: dict[int, tuple[int, ...]]
    excluded: dict[int, Reason]
    candidates: dict[int, tuple[int, ...]]
    max_prize: int


def vroom_priority(prize_weight: int) -> int:
    """VROOM maximises the sum of priorities before anything else; it caps a level at 100.

    Our prize weights (4 per priority level, ×2 with an SLA deadline today, ×256 when notified)
    are kept as they are up to 100 and capped there, so urgent and notified jobs tie at the top.
    """
    return min(MAX_VROOM_PRIORITY, prize_weight)


def merged_windows(job: Job) -> list[tuple[int, int]]:
    """VROOM wants sorted, disjoint windows; offered slots may overlap (8–12 and 9–11), and a
    start allowed in any of them is a start allowed in their union."""
    merged: list[list[int]] = []
    for w in sorted(job.windows, key=lambda w: (w.start, w.end)):
        if merged and w.start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], w.end)
        else:
            merged.append([w.start, w.end])
    return [(a, b) for a, b in merged]


def compile_vroom(problem: Problem, *, vehicle_cost: int = 0) -> VroomModel:
    candidates, excluded = _screen(problem)
    model_jobs = [j for j in range(len(problem.jobs)) if j not in excluded]
    m, dims = problem.matrices, _load_dimensions(problem)
    horizon_end = max((e.shift_end for e in problem.engineers), default=0)
    never = 2 * horizon_end + 1  # as in the PyVRP model: "after the day", far from overflow
    problem_input = vroom.Input()
    problem_input.set_durations_matrix(PROFILE, np.minimum(m.duration, min(never, MAX_MATRIX_VALUE)))
    # The cost is the distance (×1000 for Solomon, metres for the service day), as in PyVRP.
    problem_input.set_costs_matrix(PROFILE, np.minimum(m.distance, MAX_MATRIX_VALUE))

    skill_ids: dict[str, int] = {}
    pin_base = 1 << 20  # pins are skills of their own, one per engineer, far from the job skills
    for e, engineer in enumerate(problem.engineers):
        skills = {skill_ids.setdefault(s, len(skill_ids)) for s in sorted(engineer.skills)}
        skills.add(pin_base + e)
        limits = {"demand": engineer.capacity, "jobs": engineer.max_jobs}
        capacity = [MAX_MATRIX_VALUE if limits[d] is None else limits[d] for d in dims]
        brk = engineer.rest_break
        breaks = (
            [vroom.Break(e, time_windows=[vroom.TimeWindow(brk.earliest, brk.latest)], service=brk.duration)]
            if brk is not None
            else []
        )
        problem_input.add_vehicle(
            vroom.Vehicle(
                e,
                start=int(m.start_loc[e]),
                end=int(m.end_loc[e]),
                profile=PROFILE,
                capacity=capacity,
                skills=skills,
                # A plan made late in the day can leave a shift already over: no job then.
                time_window=vroom.TimeWindow(
                    engineer.shift_start, max(engineer.shift_start, engineer.shift_end)
                ),
                breaks=breaks,
                costs=vroom.VehicleCosts(fixed=vehicle_cost),  # custom cost matrix: no per-hour/km
                max_tasks=engineer.max_jobs if engineer.max_jobs is not None else vroom.vehicle.MAX_UINT,
            )
        )

    max_prize = 0
    for j in model_jobs:
        job = problem.jobs[j]
        skills = set()
        if job.pinned_engineer is not None:
            skills.add(pin_base + problem.engineer_index[job.pinned_engineer])
        elif job.skill is not None:
            # A skill no engineer on duty has was screened out above (excluded).
            skills.add(skill_ids[job.skill])
        load = [{"demand": job.demand, "jobs": 1}[d] for d in dims]
        prize = 0 if job.required else job_prize(job, 1, horizon_end)
        max_prize = max(max_prize, prize)
        problem_input.add_job(
            vroom.Job(
                j,
                location=int(m.job_loc(j)),
                default_service=job.service,
                delivery=load,
                skills=skills,
                priority=vroom_priority(prize),
                time_windows=[vroom.TimeWindow(a, b) for a, b in merged_windows(job)],
            )
        )
    return VroomModel(
        problem=problem,
        input=problem_input,
        job_clients={j: (j,) for j in model_jobs},
        excluded=excluded,
        candidates=candidates,
        max_prize=max_prize,
    )


def solve_vroom(
    problem: Problem,
    seconds: float = 1.0,
    *,
    vehicle_cost: int = 0,
    exploration_level: int = 5,
    threads: int = 1,
) -> Plan:
    """Plan the day with VROOM; it stops at `seconds` or earlier when its heuristics are done.

    One thread by default, like PyVRP's single-threaded search, so the two compare fairly.
    VROOM has no random seed: the same input gives the same plan.
    """
    started = time.perf_counter()
    model = compile_vroom(problem, vehicle_cost=vehicle_cost)
    sequences: list[tuple[int, list[int]]] = []
    if model.job_clients and problem.engineers:
        solution = model.input.solve(
            exploration_level=exploration_level,
            nb_threads=threads,
            timeout=timedelta(seconds=seconds),
        )
        steps = solution.routes
        jobs = steps[steps["type"] == "job"]
        for vehicle_id, rows in jobs.groupby("vehicle_id", sort=True):
            sequences.append((int(vehicle_id), [int(j) for j in rows["id"]]))
    return assemble_plan(model, sequences, solver="vroom", runtime=time.perf_counter() - started)
