"""Value objects of a daily route plan: the problem (engineers, jobs) and the plan (routes, unassigned)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

# All times are integers in one unit chosen by the caller: seconds since midnight for the daily
# plan, thousandths of a time unit for the Solomon benchmark. The solver never mixes units.


@dataclass(frozen=True, slots=True)
class Point:
    """A planar x/y point, or a geographic one with x = longitude, y = latitude (GeoJSON/OSRM order)."""

    x: float
    y: float

    @classmethod
    def latlon(cls, lat: float, lon: float) -> Point:
        return cls(x=lon, y=lat)


@dataclass(frozen=True, slots=True)
class TimeWindow:
    """Service must *start* in [start, end]; a booked window is always hard."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Break:
    """A rest break of `duration` that must start in [earliest, latest]."""

    earliest: int
    latest: int
    duration: int


@dataclass(frozen=True)
class Engineer:
    """One engineer's day: leaves `start` at shift start, must be back at `end` by shift end."""

    id: str
    start: Point
    shift_start: int
    shift_end: int
    end: Point | None = None  # None: back to `start`
    skills: frozenset[str] = frozenset()
    max_jobs: int | None = None
    capacity: int | None = None  # load units (Solomon demand); None: unlimited
    rest_break: Break | None = None

    @property
    def end_point(self) -> Point:
        return self.end if self.end is not None else self.start


@dataclass(frozen=True)
class Job:
    """An on-site visit. Daily-plan jobs are optional (served by priority); benchmark jobs are required."""

    id: str
    location: Point
    windows: tuple[TimeWindow, ...] = ()  # empty: any time within the engineer's shift
    service: int = 0
    skill: str | None = None
    priority: int = 1  # 0 low, 1 normal, 2 high, 3 urgent
    sla_deadline: int | None = None  # service should start by then; raises the job's weight today
    pinned_engineer: str | None = None
    notified: bool = False  # customer already told the appointment: keep it on re-plan
    required: bool = False
    demand: int = 0


class Reason(StrEnum):
    """Stable codes for jobs left out of a plan; the Django layer translates the messages."""

    NO_SKILLED_ENGINEER = "no_skilled_engineer"
    PINNED_ENGINEER_ABSENT = "pinned_engineer_absent"
    WINDOW_UNREACHABLE = "window_unreachable"
    JOB_LIMIT_REACHED = "job_limit_reached"
    LOAD_CAPACITY_EXHAUSTED = "load_capacity_exhausted"
    SHIFT_FULL = "shift_full"

    @property
    def message(self) -> str:
        return _MESSAGES[self]


_MESSAGES = {
    Reason.NO_SKILLED_ENGINEER: "No engineer on duty has the required skill.",
    Reason.PINNED_ENGINEER_ABSENT: "The engineer this job is pinned to is not on duty.",
    Reason.WINDOW_UNREACHABLE: "No skilled engineer can reach the job within its window and shift.",
    Reason.JOB_LIMIT_REACHED: "Every skilled engineer has reached the daily job limit.",
    Reason.LOAD_CAPACITY_EXHAUSTED: "Every skilled engineer's vehicle is full.",
    Reason.SHIFT_FULL: "No room left in any skilled engineer's shift.",
}


@dataclass(frozen=True)
class Stop:
    """One visit with its estimated arrival (ETA), service start and end."""

    job_id: str
    arrival: int
    start: int
    end: int
    sla_late: bool = False


@dataclass(frozen=True)
class Route:
    """An engineer's day; `break_after` = number of stops done before the rest break."""

    engineer_id: str
    stops: tuple[Stop, ...]
    departure: int
    return_time: int
    distance: int  # in the travel model's distance unit (metres for road/straight-line models)
    break_start: int | None = None
    break_after: int | None = None


@dataclass(frozen=True)
class Unassigned:
    """A job left for tomorrow, with the reason code."""

    job_id: str
    priority: int
    reason: Reason

    @property
    def message(self) -> str:
        return self.reason.message


@dataclass(frozen=True)
class Plan:
    """Routes per engineer plus the jobs that did not fit (highest priority first)."""

    routes: tuple[Route, ...]
    unassigned: tuple[Unassigned, ...]
    solver: str
    runtime: float
    moved: tuple[str, ...] = field(default=())  # notified jobs whose engineer changed on re-plan

    @property
    def distance(self) -> int:
        return sum(route.distance for route in self.routes)

    @property
    def served(self) -> int:
        return sum(len(route.stops) for route in self.routes)

    def engineer_of(self, job_id: str) -> str | None:
        for route in self.routes:
            if any(stop.job_id == job_id for stop in route.stops):
                return route.engineer_id
        return None
