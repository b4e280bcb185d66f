"""Appointment windows offered from real free capacity, and booking one (a hard constraint for plans)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.accounts.roles import Role
from fixloop.core.errors import ValidationFailed
from fixloop.dispatch import domain as d
from fixloop.dispatch.problem import Problem
from fixloop.dispatch.schedule import simulate
from fixloop.scheduling import capacity, estimates
from fixloop.scheduling.dayproblem import PLAN_MODES, matrices_or_refuse, travel_model
from fixloop.workorders import services as order_services
from fixloop.workorders.models import WorkOrder
from fixloop.workorders.selectors import order_get_for
from fixloop.workorders.states import State

BOOKABLE_STATES = (State.ASSIGNED, State.SCHEDULED)
DAYS_AHEAD = 14


def window_minutes() -> int:
    return int(getattr(settings, "SCHEDULING_WINDOW_MINUTES", 120))


def step_minutes() -> int:
    return int(getattr(settings, "SCHEDULING_WINDOW_STEP_MINUTES", 30))


def lead_minutes() -> int:
    return int(getattr(settings, "SCHEDULING_LEAD_MINUTES", 60))


@dataclass(frozen=True)
class Window:
    """The engineer arrives and starts work between `start` and `end`."""

    start: dt.datetime
    end: dt.datetime


class _Memo:
    """One travel-matrix computation for every candidate window of the same stops."""

    def __init__(self, travel):
        self.travel, self.cache = travel, {}

    def matrices(self, points):
        key = tuple(points)
        if key not in self.cache:
            self.cache[key] = self.travel.matrices(points)
        return self.cache[key]


def bookable(order: WorkOrder) -> bool:
    return (
        order.service_mode in PLAN_MODES
        and order.state in BOOKABLE_STATES
        and order.assignee_id is not None
        and order.address is not None
        and order.address.latitude is not None
    )


def _check_bookable(order: WorkOrder) -> None:
    if order.service_mode not in PLAN_MODES:
        raise ValidationFailed("not_on_site", _("Only on-site and pickup orders get an appointment."))
    if order.state not in BOOKABLE_STATES or order.assignee_id is None:
        raise ValidationFailed("not_assigned", _("Windows are offered once an engineer is assigned."))
    if order.address is None or order.address.latitude is None or order.address.longitude is None:
        raise ValidationFailed(
            "no_location", _("The service address has no coordinates; ask the service point to add them.")
        )


def _check_date(date: dt.date, now: dt.datetime) -> None:
    today = timezone.localdate(now)
    if not today <= date <= today + dt.timedelta(days=DAYS_AHEAD):
        raise ValidationFailed(
            "date_out_of_range",
            _("Choose a date from today up to {days} days ahead.").format(days=DAYS_AHEAD),
            {"field": "date"},
        )


def offered_windows(actor: Actor, number: str, date: dt.date, now: dt.datetime | None = None) -> list[Window]:
    """Windows in which the assigned engineer can still fit this job on `date`, after their booked
    visits and the travel between them. Guard: the actor sees the order; it is on-site and assigned."""
    now = now or timezone.now()
    order = order_get_for(actor, number)
    _check_bookable(order)
    _check_date(date, now)
    return free_windows(order, date, now)


def free_windows(order: WorkOrder, date: dt.date, now: dt.datetime) -> list[Window]:
    engineer = order.assignee
    day = capacity.workdays([engineer.pk], date).get(engineer.pk)
    place = capacity.bases([engineer]).get(engineer.pk)
    if day is None or place is None:
        return []
    booked = _booked(engineer.pk, date, exclude=order.pk)
    if len(booked) + 1 > engineer.max_jobs_per_day:
        return []
    minutes = estimates.estimate_minutes([*booked, order])
    core_engineer = d.Engineer(
        id="e", start=place[0], end=place[1], shift_start=capacity.seconds(date, day.start),
        shift_end=capacity.seconds(date, day.end), rest_break=capacity.rest_break(day, date),
    )  # fmt: skip
    fixed = [_job(o, date, minutes[o.pk]) for o in booked]
    travel = _Memo(travel_model())
    length, step = window_minutes() * 60, step_minutes() * 60
    earliest = capacity.seconds(date, now + dt.timedelta(minutes=lead_minutes()))
    first = max(core_engineer.shift_start, -(-earliest // step) * step)
    windows = []
    for start in range(first, core_engineer.shift_end - minutes[order.pk] * 60 + 1, step):
        candidate = _job(order, date, minutes[order.pk], d.TimeWindow(start, start + length))
        problem = Problem(engineers=(core_engineer,), jobs=(*fixed, candidate), travel=travel)
        matrices_or_refuse(problem)
        if _fits(problem):
            base = capacity.midnight(date)
            windows.append(
                Window(base + dt.timedelta(seconds=start), base + dt.timedelta(seconds=start + length))
            )
    return windows


def _booked(engineer_id: int, date: dt.date, exclude: int) -> list[WorkOrder]:
    return list(
        WorkOrder.objects.filter(
            assignee_id=engineer_id,
            state=State.SCHEDULED,
            appointment_start__gte=capacity.midnight(date),
            appointment_start__lt=capacity.midnight(date + dt.timedelta(days=1)),
            address__latitude__isnull=False,
            address__longitude__isnull=False,
        )
        .exclude(pk=exclude)
        .select_related("address")
        .order_by("appointment_start", "id")
    )


def _job(order: WorkOrder, date: dt.date, minutes: int, window: d.TimeWindow | None = None) -> d.Job:
    if window is None:
        window = d.TimeWindow(
            capacity.seconds(date, order.appointment_start), capacity.seconds(date, order.appointment_end)
        )
    point = d.Point.latlon(float(order.address.latitude), float(order.address.longitude))
    return d.Job(id=order.number, location=point, windows=(window,), service=minutes * 60)


def _fits(problem: Problem) -> bool:
    """Insert the candidate (last job) at every position of the booked sequence, with the break anywhere."""
    n = len(problem.jobs) - 1
    has_break = problem.engineers[0].rest_break is not None
    for position in range(n + 1):
        order = [*range(position), n, *range(position, n)]
        for after in range(n + 2) if has_break else (None,):
            if simulate(problem, 0, order, after) is not None:
                return True
    return False


def book_window(
    *, actor: Actor, number: str, expected_version: int, start: dt.datetime, end: dt.datetime
) -> WorkOrder:
    """Book one of the offered windows through the `schedule` service. Guards: the window is still
    offered (free capacity, checked now), the order is bookable and the version is current.

    A customer books for their own order (the selector scopes it); the `schedule` step is then
    performed by the system on their behalf, since the customer's role does not schedule work.
    """
    now = timezone.now()
    taken = ValidationFailed(
        "window_unavailable", _("This window is no longer free; choose another one."), {"field": "window"}
    )
    try:  # naive times are local; a time whose local date is beyond the calendar is no window
        start, end = (t if timezone.is_aware(t) else timezone.make_aware(t) for t in (start, end))
        date = timezone.localtime(start).date()
    except (OverflowError, ValueError) as exc:
        raise taken from exc
    offered = offered_windows(actor, number, date, now)
    if Window(start, end) not in offered:
        raise taken
    performer = Actor.system() if actor.role == Role.CUSTOMER else actor
    return order_services.schedule(
        actor=performer, number=number, expected_version=expected_version, start=start, end=end
    )


__all__ = ["Window", "book_window", "bookable", "free_windows", "offered_windows"]
