"""Business calendar arithmetic: hours, lunch, nights, weekends, holidays, make-up days, zones."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from fixloop.sla.calendar import HOLIDAY, WORKDAY, BusinessCalendar, CalendarError, parse_days, parse_hours

SH = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
H = timedelta(hours=1)

SHANGHAI_TOML = """
timezone = "Asia/Shanghai"

days = '''
# date,kind,name[,hours]
2026-10-01,holiday,国庆节
2026-10-02,holiday,国庆节
2026-10-05,holiday,国庆节
2026-10-10,workday,调休
2026-10-11,workday,调休 half day,09:00-12:00
'''

[hours]
mon = "09:00-12:00, 13:00-18:00"
tue = "09:00-12:00, 13:00-18:00"
wed = "09:00-12:00, 13:00-18:00"
thu = "09:00-12:00, 13:00-18:00"
fri = "09:00-12:00, 13:00-18:00"
"""
CAL = BusinessCalendar.from_toml(SHANGHAI_TOML)


def sh(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


def berlin(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        (sh(2026, 11, 23, 9, 30), 2 * H, sh(2026, 11, 23, 11, 30)),  # inside the morning
        (sh(2026, 11, 23, 11, 0), 2 * H, sh(2026, 11, 23, 14, 0)),  # over lunch: 1 h + 1 h
        (sh(2026, 11, 23, 12, 30), H, sh(2026, 11, 23, 14, 0)),  # starts in lunch
        (sh(2026, 11, 23, 16, 0), 2 * H, sh(2026, 11, 23, 18, 0)),  # ends at close, not next opening
        (sh(2026, 11, 23, 17, 0), 2 * H, sh(2026, 11, 24, 10, 0)),  # over the night
        (sh(2026, 11, 23, 7, 0), H, sh(2026, 11, 23, 10, 0)),  # starts before opening
        (sh(2026, 11, 20, 17, 0), 2 * H, sh(2026, 11, 23, 10, 0)),  # Friday -> Monday
        (sh(2026, 11, 21, 10, 0), H, sh(2026, 11, 23, 10, 0)),  # starts on Saturday
        (sh(2026, 11, 23, 9, 0), 8 * H, sh(2026, 11, 23, 18, 0)),  # a full day
        (sh(2026, 11, 23, 9, 0), 8 * H + timedelta(minutes=1), sh(2026, 11, 24, 9, 1)),
        (sh(2026, 11, 23, 9, 0), 5 * 8 * H, sh(2026, 11, 27, 18, 0)),  # a full week
        # Wed 30 Sep 17:00: 1 h that day, then Thu/Fri holidays, weekend, Mon 5 Oct holiday.
        (sh(2026, 9, 30, 17, 0), 2 * H, sh(2026, 10, 6, 10, 0)),
        (sh(2026, 10, 9, 17, 0), 2 * H, sh(2026, 10, 10, 10, 0)),  # make-up Saturday, Monday's hours
        (sh(2026, 10, 10, 17, 0), 4 * H, sh(2026, 10, 11, 12, 0)),  # make-up Sunday, morning only
        (sh(2026, 10, 10, 17, 0), 5 * H, sh(2026, 10, 12, 10, 0)),  # ... then Monday
    ],
)
def test_add_business_time(start, duration, expected):
    result = CAL.add_business_time(start, duration)
    assert result == expected
    assert result.tzinfo == SH
    assert CAL.business_time_between(start, result) == duration


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (sh(2026, 11, 20, 10, 0), sh(2026, 11, 23, 10, 0), 8 * H),  # 2 h + 5 h Friday, 1 h Monday
        (sh(2026, 11, 23, 12, 0), sh(2026, 11, 23, 13, 0), timedelta(0)),  # lunch
        (sh(2026, 11, 21, 0, 0), sh(2026, 11, 23, 0, 0), timedelta(0)),  # weekend
        (sh(2026, 9, 30, 9, 0), sh(2026, 10, 6, 9, 0), 8 * H),  # only Wed 30 Sep counts
        (sh(2026, 10, 9, 0, 0), sh(2026, 10, 12, 0, 0), 8 * H + 8 * H + 3 * H),  # Fri, Sat, half Sun
        (sh(2026, 11, 23, 10, 0), sh(2026, 11, 20, 10, 0), -8 * H),  # reversed: negative
    ],
)
def test_business_time_between(a, b, expected):
    assert CAL.business_time_between(a, b) == expected


def test_inputs_in_other_zones_come_out_in_the_calendar_zone():
    start = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
    result = CAL.add_business_time(start, H)
    assert result == datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    assert (result.tzinfo, result.hour) == (SH, 10)


def test_zero_negative_and_naive():
    saturday = sh(2026, 11, 21, 10, 0)
    assert CAL.add_business_time(saturday, timedelta(0)) == saturday
    with pytest.raises(CalendarError):
        CAL.add_business_time(saturday, -H)
    with pytest.raises(CalendarError):
        CAL.add_business_time(datetime(2026, 11, 23, 9, 0), H)
    with pytest.raises(CalendarError):
        CAL.business_time_between(datetime(2026, 11, 23, 9, 0), saturday)


def test_twenty_four_seven_counts_real_time():
    cal = BusinessCalendar.twenty_four_seven("Asia/Shanghai")
    start = sh(2026, 9, 30, 17, 0)
    assert cal.add_business_time(start, 72 * H) == sh(2026, 10, 3, 17, 0)
    assert cal.business_time_between(start, sh(2026, 10, 3, 17, 0)) == 72 * H
    assert BusinessCalendar.from_toml('timezone = "UTC"\nalways_open = true\n').always_open


WEEKDAYS_9_TO_17 = """
timezone = "Europe/Berlin"
[hours]
mon = "09:00-17:00"
tue = "09:00-17:00"
wed = "09:00-17:00"
thu = "09:00-17:00"
fri = "09:00-17:00"
"""


def test_berlin_spring_forward_keeps_wall_clock_hours():
    cal = BusinessCalendar.from_toml(WEEKDAYS_9_TO_17)
    start = berlin(2026, 3, 27, 16, 0)  # Friday, CET (+01:00); DST starts Sunday 29 March
    due = cal.add_business_time(start, 2 * H)
    assert due == berlin(2026, 3, 30, 10, 0)
    assert due.utcoffset() == 2 * H  # CEST
    # Real time, in UTC: Python subtracts same-zone datetimes by wall clock. 15:00Z Fri -> 08:00Z Mon.
    assert due.astimezone(UTC) - start.astimezone(UTC) == timedelta(days=2, hours=17)
    assert cal.business_time_between(start, due) == 2 * H


def test_berlin_fall_back_keeps_wall_clock_hours():
    cal = BusinessCalendar.from_toml(WEEKDAYS_9_TO_17)
    start = berlin(2026, 10, 23, 16, 0)  # Friday, CEST; DST ends Sunday 25 October
    due = cal.add_business_time(start, 2 * H)
    assert due == berlin(2026, 10, 26, 10, 0)
    assert due.utcoffset() == H
    assert due.astimezone(UTC) - start.astimezone(UTC) == timedelta(days=2, hours=19)  # 14:00Z -> 09:00Z


def test_berlin_dst_days_are_23_and_25_hours_long():
    cal = BusinessCalendar.from_toml('timezone = "Europe/Berlin"\n[hours]\nsun = "00:00-24:00"\n')
    assert cal.business_time_between(berlin(2026, 3, 29, 0, 0), berlin(2026, 3, 30, 0, 0)) == 23 * H
    assert cal.business_time_between(berlin(2026, 10, 25, 0, 0), berlin(2026, 10, 26, 0, 0)) == 25 * H
    # 00:00 + 3 h of real time on the spring-forward night is 04:00 CEST.
    assert cal.add_business_time(berlin(2026, 3, 29, 0, 0), 3 * H) == berlin(2026, 3, 29, 4, 0)


def test_twenty_four_seven_across_dst():
    cal = BusinessCalendar.twenty_four_seven(BERLIN)
    assert cal.add_business_time(berlin(2026, 3, 28, 12, 0), 24 * H) == berlin(2026, 3, 29, 13, 0)


def test_parse_days_and_hours():
    makeup = parse_hours("09:00-12:00")
    days = parse_days("# comment\n\n2026-10-01,holiday,国庆节\n2026-10-10,workday,调休\n", makeup)
    assert days[datetime(2026, 10, 1).date()].kind == HOLIDAY
    assert days[datetime(2026, 10, 10).date()].kind == WORKDAY
    assert days[datetime(2026, 10, 10).date()].hours == ((9 * H, 12 * H),)
    assert parse_hours(["13:00-18:00", "09:00-12:00"]) == ((9 * H, 12 * H), (13 * H, 18 * H))
    assert parse_hours("18:00-24:00") == ((18 * H, 24 * H),)


@pytest.mark.parametrize(
    "toml",
    [
        'timezone = "Mars/Olympus"',
        '[hours]\nmon = "09:00-12:00, 11:00-13:00"',  # overlap
        '[hours]\nmon = "12:00-09:00"',
        '[hours]\nmon = "9h-12h"',
        '[hours]\nmonday = "09:00-12:00"',
        "days = '2026-10-01,vacation,x'",
        "days = '2026-10-01,holiday,x,09:00-12:00'",
        "days = '2026-10-01,holiday,x\n2026-10-01,workday,y'",
        "days = '2026-13-01,holiday,x'",
        "timezone = ",
    ],
)
def test_bad_files_are_refused(toml):
    with pytest.raises(CalendarError):
        BusinessCalendar.from_toml(toml)


def test_a_calendar_that_never_opens_refuses_to_add_but_counts_zero():
    never = BusinessCalendar.from_toml('timezone = "UTC"')
    with pytest.raises(CalendarError):
        never.add_business_time(sh(2026, 1, 1), H)
    assert never.business_time_between(sh(2026, 1, 1), sh(2026, 1, 2)) == timedelta(0)


def test_the_documented_example_parses():
    import textwrap

    from fixloop.sla import calendar

    doc = calendar.__doc__
    example = textwrap.dedent(doc[doc.index("::") + 2 : doc.index("The `days` text")])
    cal = BusinessCalendar.from_toml(example)
    assert cal.hours_on(datetime(2026, 10, 1).date()) == ()
    assert cal.hours_on(datetime(2026, 10, 10).date()) == ((9 * H, 12 * H), (13 * H, 18 * H))
    assert cal.hours_on(datetime(2026, 12, 24).date()) == ((9 * H, 12 * H),)
