"""Appointment windows come from free capacity (shift − booked visits − travel); booking is checked again."""

import datetime as dt

import pytest
from django.utils import timezone

from fixloop.accounts.roles import Role
from fixloop.core.errors import NotFound, ValidationFailed
from fixloop.scheduling.appointments import book_window, offered_windows
from fixloop.scheduling.models import JobDuration, ShiftException
from fixloop.workorders.models import WorkOrderEvent


@pytest.fixture
def morning(sched, settings):
    """The expert engineer works 09:00–13:00 (no break) tomorrow; 1-hour windows; 60-minute jobs."""
    settings.SCHEDULING_WINDOW_MINUTES = 60
    w = sched.world
    ShiftException.objects.create(
        engineer=w.engineer, date=sched.day, kind="hours", start=dt.time(9), end=dt.time(13)
    )
    JobDuration.objects.create(product_model=w.phone_model, minutes=60)
    return sched


def _starts(windows):
    return [timezone.localtime(w.start).strftime("%H:%M") for w in windows]


def _now(sched):
    return sched.at(12, day=sched.day - dt.timedelta(days=1))


def test_windows_follow_the_shift_and_the_travel(morning):
    w = morning.world
    far = morning.assign(morning.order(east_km=10), w.engineer)
    windows = offered_windows(w.actor(Role.AGENT), far.number, morning.day, now=_now(morning))
    # 26 min each way: a visit starting after 11:34 would end the shift on the road.
    assert _starts(windows) == ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]
    assert all(win.end - win.start == dt.timedelta(hours=1) for win in windows)


def test_a_booked_visit_takes_its_time_and_the_travel_out(morning):
    w = morning.world
    booked = morning.assign(morning.order(), w.engineer)
    morning.book(booked, dt.time(9, 0), dt.time(9, 1))  # at the centre, 09:00–10:00
    far = morning.assign(morning.order(east_km=10), w.engineer)
    windows = offered_windows(w.actor(Role.DISPATCHER), far.number, morning.day, now=_now(morning))
    # 09:00–10:00 is gone: done at the centre at 10:00, then 26 minutes to drive.
    assert _starts(windows) == ["09:30", "10:00", "10:30", "11:00", "11:30"]


def test_no_windows_when_sick_or_the_daily_limit_is_reached(morning):
    w = morning.world
    booked = morning.book(morning.assign(morning.order(), w.engineer), dt.time(9), dt.time(10))
    other = morning.assign(morning.order(east_km=1), w.engineer)
    w.engineer.max_jobs_per_day = 1
    w.engineer.save(update_fields=["max_jobs_per_day"])
    assert offered_windows(w.actor(Role.AGENT), other.number, morning.day, now=_now(morning)) == []
    w.engineer.max_jobs_per_day = 8
    w.engineer.save(update_fields=["max_jobs_per_day"])
    assert offered_windows(w.actor(Role.AGENT), other.number, morning.day, now=_now(morning)) != []
    ShiftException.objects.filter(engineer=w.engineer).update(kind="sick", start=None, end=None)
    assert offered_windows(w.actor(Role.AGENT), other.number, morning.day, now=_now(morning)) == []
    assert booked.state == "scheduled"


@pytest.mark.parametrize(
    ("setup", "code"),
    [
        ("carry_in", "not_on_site"),
        ("unassigned", "not_assigned"),
        ("no_address", "no_location"),
        ("past", "date_out_of_range"),
    ],
)
def test_bad_requests_for_windows_are_refused_with_a_code(morning, setup, code):
    w = morning.world
    day = morning.day
    if setup == "carry_in":
        order = morning.assign(morning.order(mode="carry_in"), w.engineer)
    elif setup == "unassigned":
        order = morning.order()
    elif setup == "no_address":
        order = morning.assign(morning.order(located=False), w.engineer)
    else:
        order, day = morning.assign(morning.order(), w.engineer), day - dt.timedelta(days=3)
    with pytest.raises(ValidationFailed) as refused:
        offered_windows(w.actor(Role.AGENT), order.number, day, now=_now(morning))
    assert refused.value.code == code


def test_someone_elses_order_is_not_found(morning):
    w = morning.world
    order = morning.assign(morning.order(), w.engineer)
    with pytest.raises(NotFound):
        offered_windows(w.actor("other_customer"), order.number, morning.day)


def test_booking_an_offered_window_schedules_the_order(morning):
    w = morning.world
    order = morning.assign(morning.order(east_km=10), w.engineer)
    window = offered_windows(w.actor(Role.CUSTOMER), order.number, morning.day)[1]
    done = book_window(
        actor=w.actor(Role.CUSTOMER), number=order.number, expected_version=order.version,
        start=window.start, end=window.end,
    )  # fmt: skip
    assert (done.state, done.appointment_start, done.appointment_end) == (
        "scheduled",
        window.start,
        window.end,
    )
    event = WorkOrderEvent.objects.get(order=order, action="schedule")
    assert event.actor_label == "system"  # the customer's role does not schedule: the system books for them


def test_a_window_that_is_not_free_is_refused_and_nothing_changes(morning):
    w = morning.world
    order = morning.assign(morning.order(east_km=10), w.engineer)
    events = WorkOrderEvent.objects.filter(order=order).count()
    with pytest.raises(ValidationFailed) as refused:
        book_window(
            actor=w.actor(Role.AGENT), number=order.number, expected_version=order.version,
            start=morning.at(12), end=morning.at(13),
        )  # fmt: skip
    assert refused.value.code == "window_unavailable"
    order.refresh_from_db()
    assert (order.state, order.appointment_start) == ("assigned", None)
    assert WorkOrderEvent.objects.filter(order=order).count() == events
