"""Small planar problems for the routing tests (1 km takes 60 s at 60 km/h, no detour)."""

from __future__ import annotations

from fixloop.dispatch.routing import Engineer, Job, Point, Problem, StraightLineTravel, TimeWindow

HOUR = 3600
TRAVEL = StraightLineTravel(detour_factor=1.0, speed_kmh=60.0, geographic=False)


def engineer(id: str, x: float = 0.0, y: float = 0.0, **kwargs) -> Engineer:
    kwargs.setdefault("shift_start", 8 * HOUR)
    kwargs.setdefault("shift_end", 17 * HOUR)
    return Engineer(id=id, start=Point(x, y), **kwargs)


def job(id: str, x: float, y: float, *windows: tuple[float, float], **kwargs) -> Job:
    kwargs.setdefault("service", 1800)
    booked = tuple(TimeWindow(int(a * HOUR), int(b * HOUR)) for a, b in windows)
    return Job(id=id, location=Point(x, y), windows=booked, **kwargs)


def problem(engineers: list[Engineer], jobs: list[Job]) -> Problem:
    return Problem(engineers=tuple(engineers), jobs=tuple(jobs), travel=TRAVEL)
