"""Who works when: an engineer's hours on a date (weekly shift, minus sick/leave, or changed hours)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from fixloop.dispatch.domain import Break, Point
from fixloop.organisation.models import Engineer
from fixloop.scheduling.models import EngineerBase, Shift, ShiftException

# The break may move this far either side of its planned start.
BREAK_SLACK = dt.timedelta(minutes=60)


@dataclass(frozen=True)
class WorkDay:
    """An engineer's hours on one date, as aware datetimes."""

    engineer_id: int
    start: dt.datetime
    end: dt.datetime
    break_start: dt.datetime | None = None
    break_minutes: int = 0

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600 - self.break_minutes / 60

    def hours_left(self, now: dt.datetime) -> float:
        """Working hours still ahead at `now` (the break counted if it is still to come)."""
        if now >= self.end:
            return 0.0
        left = (self.end - max(now, self.start)).total_seconds() / 3600
        if self.break_start is not None and self.break_start >= now:
            left -= self.break_minutes / 60
        return max(left, 0.0)


def at(date: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(date, time))


def midnight(date: dt.date) -> dt.datetime:
    return at(date, dt.time(0, 0))


def seconds(date: dt.date, moment: dt.datetime) -> int:
    """Seconds since the date's local midnight: the dispatch core's unit for the daily plan."""
    return int((moment - midnight(date)).total_seconds())


def workdays(engineer_ids: Iterable[int], date: dt.date) -> dict[int, WorkDay]:
    """The engineers who work on `date` and their hours, in two queries."""
    ids = list(engineer_ids)
    shifts = {s.engineer_id: s for s in Shift.objects.filter(engineer_id__in=ids, weekday=date.weekday())}
    exceptions = {e.engineer_id: e for e in ShiftException.objects.filter(engineer_id__in=ids, date=date)}
    days = {}
    for engineer_id in ids:
        day = _workday(engineer_id, date, shifts.get(engineer_id), exceptions.get(engineer_id))
        if day is not None:
            days[engineer_id] = day
    return days


def _workday(engineer_id: int, date: dt.date, shift: Shift | None, exception: ShiftException | None):
    if exception is not None and exception.kind != ShiftException.Kind.HOURS:
        return None  # sick or on leave
    if exception is not None:
        return WorkDay(engineer_id, at(date, exception.start), at(date, exception.end))
    if shift is None:
        return None
    break_start = at(date, shift.break_start) if shift.break_start and shift.break_minutes else None
    return WorkDay(
        engineer_id,
        at(date, shift.start),
        at(date, shift.end),
        break_start,
        shift.break_minutes if break_start else 0,
    )


def rest_break(day: WorkDay, date: dt.date) -> Break | None:
    if day.break_start is None:
        return None
    return Break(
        earliest=seconds(date, max(day.break_start - BREAK_SLACK, day.start)),
        latest=seconds(date, day.break_start + BREAK_SLACK),
        duration=day.break_minutes * 60,
    )


def _point(lat, lon) -> Point | None:
    return Point.latlon(float(lat), float(lon)) if lat is not None and lon is not None else None


def bases(engineers: Iterable[Engineer]) -> dict[int, tuple[Point, Point]]:
    """Start and end point per engineer: their own base, else the home service point's location.

    Engineers with neither are left out (they cannot be routed); `home_service_point` must be loaded.
    """
    engineers = list(engineers)
    own = {b.engineer_id: b for b in EngineerBase.objects.filter(engineer__in=engineers)}
    result = {}
    for engineer in engineers:
        point = engineer.home_service_point
        home = _point(point.latitude, point.longitude)
        base = own.get(engineer.pk)
        start = _point(base.start_latitude, base.start_longitude) if base else home
        end = (_point(base.end_latitude, base.end_longitude) if base else None) or start
        if start is not None:
            result[engineer.pk] = (start, end)
    return result


def by_engineer(rows, key="engineer_id") -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return grouped


# Where a visit goes when nothing is known of the engineer's hours (the demo's shifts are 09:00-18:00).
DEFAULT_VISIT_TIME = dt.time(10, 0)
VISIT_SEARCH_DAYS = 14


def next_visit_window(
    engineer_id: int | None, now: dt.datetime, hours: int = 2
) -> tuple[dt.datetime, dt.datetime]:
    """A visit of `hours` on the first coming day (tomorrow on) the engineer works, an hour into their
    shift and inside it; tomorrow at 10:00 local time when they have no shift in the next two weeks.

    For demo data and examples: `now + 1 day` would put a visit at night whenever the data is loaded
    in the evening."""
    tomorrow = timezone.localdate(now) + dt.timedelta(days=1)
    length = dt.timedelta(hours=hours)
    if engineer_id is not None:
        for offset in range(VISIT_SEARCH_DAYS):
            date = tomorrow + dt.timedelta(days=offset)
            day = workdays([engineer_id], date).get(engineer_id)
            if day is None:
                continue
            start = min(day.start + dt.timedelta(hours=1), day.end - length)
            if start >= day.start:
                return start, start + length
    start = at(tomorrow, DEFAULT_VISIT_TIME)
    return start, start + length
