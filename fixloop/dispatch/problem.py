"""A day's planning problem and its travel matrices, indexed once for every solver and checker."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from fixloop.dispatch.domain import Engineer, Job, Point
from fixloop.dispatch.travel import StraightLineTravel, TravelModel


@dataclass(frozen=True)
class Matrices:
    """Distance/duration matrices; locations are engineers' distinct depots first, then one per job."""

    distance: np.ndarray
    duration: np.ndarray
    depot_points: tuple[Point, ...]
    start_loc: tuple[int, ...]  # per engineer
    end_loc: tuple[int, ...]  # per engineer

    def job_loc(self, job_index: int) -> int:
        return len(self.depot_points) + job_index


@dataclass(frozen=True)
class Problem:
    """Engineers on duty, jobs to plan and the travel model between their locations."""

    engineers: tuple[Engineer, ...]
    jobs: tuple[Job, ...]
    travel: TravelModel = field(default_factory=StraightLineTravel)

    def __post_init__(self) -> None:
        for kind, items in (("engineer", self.engineers), ("job", self.jobs)):
            ids = [item.id for item in items]
            if len(set(ids)) != len(ids):
                raise ValueError(f"duplicate {kind} ids")

    @cached_property
    def matrices(self) -> Matrices:
        depot_points: dict[Point, int] = {}
        for engineer in self.engineers:
            for point in (engineer.start, engineer.end_point):
                depot_points.setdefault(point, len(depot_points))
        points = [*depot_points, *(job.location for job in self.jobs)]
        distance, duration = self.travel.matrices(points)
        return Matrices(
            distance=distance,
            duration=duration,
            depot_points=tuple(depot_points),
            start_loc=tuple(depot_points[e.start] for e in self.engineers),
            end_loc=tuple(depot_points[e.end_point] for e in self.engineers),
        )

    @cached_property
    def job_index(self) -> dict[str, int]:
        return {job.id: i for i, job in enumerate(self.jobs)}

    @cached_property
    def engineer_index(self) -> dict[str, int]:
        return {engineer.id: i for i, engineer in enumerate(self.engineers)}

    def can_do(self, engineer: Engineer, job: Job) -> bool:
        """Skill and pin compatibility: the hard rules no plan may break."""
        if job.pinned_engineer is not None and job.pinned_engineer != engineer.id:
            return False
        return job.skill is None or job.skill in engineer.skills
