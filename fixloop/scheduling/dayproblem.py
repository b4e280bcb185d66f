"""Turn a service point's on-site work for one day into the dispatch core's Problem, and back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.core.errors import DomainError
from fixloop.dispatch import domain as d
from fixloop.dispatch.problem import Problem
from fixloop.dispatch.travel import OsrmTravel, StraightLineTravel, TravelError, TravelModel
from fixloop.organisation.models import Engineer
from fixloop.scheduling import capacity, deadlines, estimates, skills
from fixloop.workorders.choices import ServiceMode
from fixloop.workorders.models import WorkOrder
from fixloop.workorders.states import State

PLAN_MODES = (ServiceMode.ON_SITE, ServiceMode.PICKUP)
PLAN_STATES = (State.TRIAGED, State.ASSIGNED, State.SCHEDULED)
PRIORITY = {"low": 0, "normal": 1, "high": 2, "urgent": 3}
NO_LOCATION = "no_location"


class TravelUnavailable(DomainError):
    """The road-network matrix service did not answer; nothing was planned."""

    status = 503


def matrices_or_refuse(problem: Problem) -> None:
    """Compute the travel matrices now, turning a provider failure into a clear refusal."""
    try:
        problem.matrices  # noqa: B018 (cached on the problem)
    except TravelError as exc:
        raise TravelUnavailable(
            "travel_unavailable",
            _("Travel times are unavailable right now; try again shortly."),
            {"error": str(exc)},
        ) from exc


def travel_model() -> TravelModel:
    """Straight line × detour at an average speed, or OSRM when FIXLOOP_OSRM_URL is set."""
    url = getattr(settings, "SCHEDULING_OSRM_URL", "")
    if url:
        return OsrmTravel(url)
    return StraightLineTravel(
        detour_factor=getattr(settings, "SCHEDULING_DETOUR_FACTOR", 1.3),
        speed_kmh=getattr(settings, "SCHEDULING_SPEED_KMH", 30.0),
    )


@dataclass
class Day:
    """The problem plus what maps it back to the database."""

    date: dt.date
    problem: Problem
    orders: dict[str, WorkOrder]  # job id (order number) -> order
    engineers: dict[str, Engineer]
    no_location: list[WorkOrder] = field(default_factory=list)


def day_orders(point_id: int, date: dt.date):
    """On-site and pickup work of the point to do that day: booked for it, or not booked at all."""
    window = Q(appointment_start__isnull=True) | Q(
        appointment_start__gte=capacity.midnight(date),
        appointment_start__lt=capacity.midnight(date + dt.timedelta(days=1)),
    )
    return list(
        WorkOrder.objects.filter(
            window, service_point_id=point_id, service_mode__in=PLAN_MODES, state__in=PLAN_STATES
        )
        .select_related("address", "pin", "customer")
        .prefetch_related("product_model__skills")
        .order_by("id")
    )


def point_engineers(point_id: int) -> list[Engineer]:
    return list(
        Engineer.objects.filter(home_service_point_id=point_id, is_active=True)
        .select_related("user", "home_service_point")
        .prefetch_related("skills")
    )


def build_day(point_id: int, date: dt.date, now: dt.datetime | None = None) -> Day:
    now = now or timezone.now()
    engineers = point_engineers(point_id)
    days = capacity.workdays([e.pk for e in engineers], date)
    places = capacity.bases([e for e in engineers if e.pk in days])
    orders = day_orders(point_id, date)
    required = skills.requirements(orders)
    held = skills.capabilities(engineers)
    minutes = estimates.estimate_minutes(orders)
    due = deadlines.due_times(orders)
    on_duty = [e for e in engineers if e.pk in days and e.pk in places]
    needs = {skills.token(r): r for r in required.values() if r}
    team = tuple(
        _engineer(
            e,
            days[e.pk],
            places[e.pk],
            date,
            now,
            {t for t, r in needs.items() if skills.fits(r, held[e.pk])},
        )
        for e in on_duty
    )
    on_duty_ids = {e.pk for e in on_duty}
    jobs, mapped, unplaceable = [], {}, []
    for order in orders:
        if order.address is None or order.address.latitude is None or order.address.longitude is None:
            unplaceable.append(order)
            continue
        jobs.append(
            _job(order, date, minutes[order.pk], skills.token(required[order.pk]), on_duty_ids, due[order.pk])
        )
        mapped[order.number] = order
    problem = Problem(engineers=team, jobs=tuple(jobs), travel=travel_model())
    matrices_or_refuse(problem)
    return Day(date, problem, mapped, {str(e.pk): e for e in on_duty}, unplaceable)


def _engineer(engineer, day, place, date, now, tokens) -> d.Engineer:
    start = capacity.seconds(date, day.start)
    if timezone.localdate(now) == date:
        start = max(start, capacity.seconds(date, now))  # nobody leaves in the past
    end = capacity.seconds(date, day.end)
    return d.Engineer(
        id=str(engineer.pk),
        start=place[0],
        end=place[1],
        shift_start=min(start, end),
        shift_end=end,
        skills=frozenset(tokens),
        max_jobs=engineer.max_jobs_per_day,
        rest_break=capacity.rest_break(day, date),
    )


def _job(order: WorkOrder, date, minutes: int, token, on_duty: set[int], due_at: dt.datetime) -> d.Job:
    windows = ()
    if order.appointment_start:
        windows = (
            d.TimeWindow(
                capacity.seconds(date, order.appointment_start), capacity.seconds(date, order.appointment_end)
            ),
        )
    notified = order.state == State.SCHEDULED
    pinned = None
    pin = order.pin if _has_pin(order) else None
    if pin is not None:
        pinned = str(pin.engineer_id)
    elif notified and order.assignee_id in on_duty:
        pinned = str(order.assignee_id)  # the customer was told this engineer: keep them while on duty
    due = capacity.seconds(date, due_at)
    return d.Job(
        id=order.number,
        location=d.Point.latlon(float(order.address.latitude), float(order.address.longitude)),
        windows=windows,
        service=minutes * 60,
        skill=token,
        priority=PRIORITY.get(order.priority, 1),
        sla_deadline=max(due, 0) if due < 86_400 else None,
        pinned_engineer=pinned,
        notified=notified,
    )


def _has_pin(order: WorkOrder) -> bool:
    try:
        return order.pin is not None
    except WorkOrder.pin.RelatedObjectDoesNotExist:
        return False
