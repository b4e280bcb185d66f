"""Business calendars: working hours per weekday, a time zone, holidays and make-up days (pure).

File format (TOML, parsed with the stdlib `tomllib`)::

    timezone = "Asia/Shanghai"      # any IANA zone name
    always_open = false             # true: a 24x7 calendar; `hours` and `days` are then ignored

    # One line per date: date,kind,name[,hours]. kind is `holiday` (closed all day) or `workday`
    # (open with the given hours, else `makeup`): a 调休 Saturday, or a short day on any date.
    # Top-level key: it must come before the [hours] table, as TOML requires.
    days = '''
    2026-10-01,holiday,国庆节
    2026-10-10,workday,调休
    2026-12-24,workday,Short day,09:00-12:00
    '''

    [hours]                         # mon..sun; a missing day is closed; "24:00" ends at midnight
    mon = "09:00-12:00, 13:00-18:00"
    tue = "09:00-12:00, 13:00-18:00"
    wed = "09:00-12:00, 13:00-18:00"
    thu = "09:00-12:00, 13:00-18:00"
    fri = "09:00-12:00, 13:00-18:00"
    makeup = "09:00-12:00, 13:00-18:00"   # hours of a make-up day that gives none; default: Monday's

The `days` text may also be kept in its own CSV file and read with `parse_days`.
"""

import csv
import io
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

Interval = tuple[timedelta, timedelta]  # offsets from local midnight, start < end <= 24h
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HOLIDAY, WORKDAY = "holiday", "workday"
# A calendar with no opening at all in this many days cannot finish any duration.
_MAX_CLOSED_DAYS = 400


class CalendarError(ValueError):
    """The calendar file or the arguments are invalid."""


@dataclass(frozen=True)
class SpecialDay:
    kind: str  # HOLIDAY or WORKDAY
    name: str
    hours: tuple[Interval, ...] = ()


def parse_hours(text: str | Sequence[str]) -> tuple[Interval, ...]:
    """'09:00-12:00, 13:00-18:00' (or a list of such parts) -> sorted, non-overlapping intervals."""
    parts = text if not isinstance(text, str) else text.replace(",", " ").split()
    intervals = sorted(_parse_interval(part.strip()) for part in parts if part.strip())
    for (_, end), (start, _) in zip(intervals, intervals[1:], strict=False):
        if start < end:
            raise CalendarError(f"overlapping working hours: {text!r}")
    return tuple(intervals)


def _parse_interval(text: str) -> Interval:
    try:
        start, end = (_parse_clock(part) for part in text.split("-"))
    except ValueError as exc:
        raise CalendarError(f"bad interval {text!r}, expected HH:MM-HH:MM") from exc
    if not start < end <= timedelta(hours=24):
        raise CalendarError(f"bad interval {text!r}")
    return start, end


def _parse_clock(text: str) -> timedelta:
    hours, minutes = text.strip().split(":")
    if not (0 <= int(hours) <= 24 and 0 <= int(minutes) < 60):
        raise ValueError(text)
    return timedelta(hours=int(hours), minutes=int(minutes))


def parse_days(text: str, makeup: tuple[Interval, ...] = ()) -> dict[date, SpecialDay]:
    """CSV lines `date,kind,name[,hours]` -> special days; blank lines and `#` comments skipped."""
    days: dict[date, SpecialDay] = {}
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or not row[0].strip() or row[0].strip().startswith("#"):
            continue
        day, special = _parse_day_row(row, makeup, number)
        if day in days:
            raise CalendarError(f"line {number}: {day} is listed twice")
        days[day] = special
    return days


def _parse_day_row(row: list[str], makeup: tuple[Interval, ...], number: int) -> tuple[date, SpecialDay]:
    cells = [cell.strip() for cell in row] + [""] * 3
    try:
        day = date.fromisoformat(cells[0])
    except ValueError as exc:
        raise CalendarError(f"line {number}: bad date {cells[0]!r}") from exc
    kind, name, hours = cells[1], cells[2], ",".join(c for c in cells[3:] if c)
    if kind == HOLIDAY and not hours:
        return day, SpecialDay(HOLIDAY, name)
    if kind == WORKDAY:
        return day, SpecialDay(WORKDAY, name, parse_hours(hours) if hours else makeup)
    raise CalendarError(f"line {number}: kind must be {HOLIDAY} (without hours) or {WORKDAY}")


@dataclass(frozen=True)
class BusinessCalendar:
    """When the clock runs. Aware datetimes in, aware datetimes (in `tz`) out."""

    tz: ZoneInfo
    weekly: Mapping[int, tuple[Interval, ...]] = field(default_factory=dict)  # 0 = Monday
    days: Mapping[date, SpecialDay] = field(default_factory=dict)
    always_open: bool = False

    @classmethod
    def twenty_four_seven(cls, tz: str | ZoneInfo = "UTC") -> "BusinessCalendar":
        return cls(tz=_zone(tz), always_open=True)

    @classmethod
    def from_toml(cls, text: str) -> "BusinessCalendar":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise CalendarError(str(exc)) from exc
        tz = _zone(data.get("timezone", "UTC"))
        if data.get("always_open", False):
            return cls.twenty_four_seven(tz)
        hours = data.get("hours", {})
        unknown = set(hours) - set(WEEKDAYS) - {"makeup"}
        if unknown:
            raise CalendarError(f"unknown keys in [hours]: {sorted(unknown)}")
        weekly = {i: parse_hours(hours[name]) for i, name in enumerate(WEEKDAYS) if name in hours}
        makeup = parse_hours(hours["makeup"]) if "makeup" in hours else weekly.get(0, ())
        return cls(tz=tz, weekly=weekly, days=parse_days(data.get("days", ""), makeup))

    def hours_on(self, day: date) -> tuple[Interval, ...]:
        """The local working intervals of `day`, after holidays and make-up days."""
        special = self.days.get(day)
        if special is not None:
            return special.hours if special.kind == WORKDAY else ()
        return self.weekly.get(day.weekday(), ())

    def windows_from(
        self, moment: datetime, until: datetime | None = None
    ) -> Iterator[tuple[datetime, datetime]]:
        """Working windows in UTC, in order, from the local day containing `moment` through the one
        containing `until` (or forever)."""
        day, closed = _aware(moment).astimezone(self.tz).date(), 0
        last = _aware(until).astimezone(self.tz).date() if until is not None else date.max
        while closed < _MAX_CLOSED_DAYS and day <= last:
            hours = self.hours_on(day)
            closed = 0 if hours else closed + 1
            for start, end in hours:
                yield self._utc(day, start), self._utc(day, end)
            if day == date.max:
                return
            day += timedelta(days=1)
        if day <= last:
            raise CalendarError(f"no working hours in {_MAX_CLOSED_DAYS} days from {moment}")

    def _utc(self, day: date, offset: timedelta) -> datetime:
        # Wall-clock arithmetic first, then the zone: 18:00 stays 18:00 on a DST day.
        return (datetime.combine(day, time()) + offset).replace(tzinfo=self.tz).astimezone(UTC)

    def add_business_time(self, start: datetime, duration: timedelta) -> datetime:
        """The moment `duration` of business time after `start`; ends at a window's close, not
        at the next opening. Zero returns `start` itself."""
        if duration < timedelta(0):
            raise CalendarError("duration must not be negative")
        start = _aware(start).astimezone(UTC)
        if self.always_open or not duration:
            return (start + duration).astimezone(self.tz)
        remaining = duration
        for window_start, window_end in self.windows_from(start):
            begin = max(window_start, start)
            if begin >= window_end:
                continue
            if remaining <= window_end - begin:
                return (begin + remaining).astimezone(self.tz)
            remaining -= window_end - begin
        raise AssertionError("unreachable: windows_from never ends without raising")

    def business_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Business time from `a` to `b`; negative when `b` is before `a`."""
        a, b = _aware(a).astimezone(UTC), _aware(b).astimezone(UTC)
        if b < a:
            return -self.business_time_between(b, a)
        if self.always_open:
            return b - a
        total = timedelta(0)
        for window_start, window_end in self.windows_from(a, until=b):
            total += max(timedelta(0), min(window_end, b) - max(window_start, a))
        return total


def _zone(name: str | ZoneInfo) -> ZoneInfo:
    if isinstance(name, ZoneInfo):
        return name
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError) as exc:  # ZoneInfoNotFoundError is a KeyError
        raise CalendarError(f"unknown time zone {name!r}") from exc


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise CalendarError(f"naive datetime {moment}: SLA time needs aware datetimes")
    return moment
