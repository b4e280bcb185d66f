"""A realistic, seeded service day (skills, booked windows, priorities, shifts, breaks) for benchmarks."""

from __future__ import annotations

import random

from fixloop.dispatch.domain import Break, Engineer, Job, Point, TimeWindow
from fixloop.dispatch.problem import Problem
from fixloop.dispatch.travel import StraightLineTravel

HOUR = 3600
SKILLS = ("washer", "fridge", "aircon", "tv")
CENTRE = (31.23, 121.47)  # a city of about 40 × 40 km
SPREAD = 0.2  # degrees
SLOTS = ((8, 12), (13, 17), (9, 11), (14, 16), (10, 12), (15, 17))


def synthetic_day(jobs: int, engineers: int, seed: int = 0) -> Problem:
    """More work than the team can do in a day, as dispatchers face it: the plan must choose."""
    rng = random.Random(seed)
    team = tuple(_engineer(rng, k) for k in range(engineers))
    work = tuple(_job(rng, k, team) for k in range(jobs))
    return Problem(engineers=team, jobs=work, travel=StraightLineTravel(detour_factor=1.3, speed_kmh=30.0))


def _point(rng: random.Random) -> Point:
    return Point.latlon(
        CENTRE[0] + rng.uniform(-SPREAD, SPREAD) / 2, CENTRE[1] + rng.uniform(-SPREAD, SPREAD) / 2
    )


def _engineer(rng: random.Random, k: int) -> Engineer:
    start = rng.choice((7, 8, 8, 8, 9))
    skills = {rng.choice(SKILLS)}
    if rng.random() < 0.5:
        skills.add(rng.choice(SKILLS))
    return Engineer(
        id=f"e{k}",
        start=_point(rng),  # engineers drive from home
        shift_start=start * HOUR,
        shift_end=(start + 9) * HOUR,
        skills=frozenset(skills),
        max_jobs=12,
        rest_break=Break(earliest=12 * HOUR, latest=13 * HOUR + HOUR // 2, duration=HOUR // 2),
    )


def _job(rng: random.Random, k: int, team: tuple[Engineer, ...]) -> Job:
    roll = rng.random()
    if roll < 0.55:
        windows = (_slot(rng),)
    elif roll < 0.70:
        windows = tuple(sorted({_slot(rng), _slot(rng)}, key=lambda w: w.start))
    else:
        windows = ()
    priority = rng.choices((0, 1, 2, 3), weights=(20, 60, 15, 5))[0]
    pinned = rng.choice(team).id if rng.random() < 0.005 else None
    skill = None if pinned else rng.choice(SKILLS)
    return Job(
        id=f"j{k}",
        location=_point(rng),
        windows=windows,
        service=rng.choice((20, 30, 30, 45, 60, 90)) * 60,
        skill=skill,
        priority=priority,
        sla_deadline=17 * HOUR if rng.random() < 0.3 else None,
        pinned_engineer=pinned,
    )


def _slot(rng: random.Random) -> TimeWindow:
    start, end = rng.choice(SLOTS)
    return TimeWindow(start * HOUR, end * HOUR)
