"""Daily route plans per service point: plan, re-plan (job added/cancelled, engineer sick), pin, apply."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fixloop.accounts.actor import Actor
from fixloop.core.errors import Conflict, NotFound, ValidationFailed
from fixloop.dispatch import domain as d
from fixloop.dispatch import routing
from fixloop.dispatch.vroom_model import solve_vroom
from fixloop.notifications.notify import notify
from fixloop.organisation.models import Engineer, ServicePoint
from fixloop.scheduling import capacity
from fixloop.scheduling.assignment import require_dispatcher
from fixloop.scheduling.dayproblem import NO_LOCATION, PLAN_MODES, Day, build_day
from fixloop.scheduling.models import DayPlan, JobPin, PlanLeftover, PlanRoute, PlanStop, ShiftException
from fixloop.workorders import services as order_services
from fixloop.workorders.models import WorkOrder
from fixloop.workorders.selectors import order_get_for

log = logging.getLogger(__name__)

REASONS = {
    d.Reason.NO_SKILLED_ENGINEER.value: gettext_lazy("No engineer on duty has the required skill."),
    d.Reason.PINNED_ENGINEER_ABSENT.value: gettext_lazy("The engineer this job is pinned to is not on duty."),
    d.Reason.WINDOW_UNREACHABLE.value: gettext_lazy(
        "No skilled engineer can reach the job within its window and shift."
    ),
    d.Reason.JOB_LIMIT_REACHED.value: gettext_lazy("Every skilled engineer has reached the daily job limit."),
    d.Reason.LOAD_CAPACITY_EXHAUSTED.value: gettext_lazy("Every skilled engineer's vehicle is full."),
    d.Reason.SHIFT_FULL.value: gettext_lazy("No room left in any skilled engineer's shift."),
    NO_LOCATION: gettext_lazy("The service address has no coordinates."),
}


PLAN_DAYS_AHEAD = 14  # the same horizon as appointment booking


def solve_seconds() -> float:
    return float(getattr(settings, "SCHEDULING_SOLVE_SECONDS", 2.0))


def visible_point(actor: Actor, point_id: int) -> ServicePoint:
    """The point if the actor dispatches for it (managers: any); else NotFound."""
    require_dispatcher(actor)
    points = ServicePoint.objects.filter(is_active=True)
    if actor.user is not None and actor.role != "manager":
        points = points.filter(pk__in=actor.user.service_points.values("pk"))
    point = points.filter(pk=point_id).first()
    if point is None:
        raise NotFound("service_point_not_found", _("Service point not found."), {"field": "point"})
    return point


def check_plan_date(date: dt.date, now: dt.datetime | None = None) -> None:
    """Days are planned from today up to the booking horizon; anything else is refused as input."""
    today = timezone.localdate(now or timezone.now())
    if not today <= date <= today + dt.timedelta(days=PLAN_DAYS_AHEAD):
        raise ValidationFailed(
            "date_out_of_range",
            _("Choose a date from today up to {days} days ahead.").format(days=PLAN_DAYS_AHEAD),
            {"field": "date"},
        )


def plan_day(
    *, actor: Actor, service_point_id: int, date: dt.date, trigger: str = "", now: dt.datetime | None = None
) -> DayPlan:
    """Solve the point's day and store it, warm-started from the stored plan (notified jobs kept).

    Guard: a dispatcher of the point or a manager. The solve runs outside any transaction; the
    store is one transaction on the plan's version, so a concurrent re-plan is refused, not mixed.
    """
    point = visible_point(actor, service_point_id)
    check_plan_date(date, now)
    day = build_day(point.pk, date, now)
    plan, _created = DayPlan.objects.get_or_create(service_point=point, date=date)
    previous = _as_core_plan(plan, day)
    if previous is not None:
        # PyVRP from the stored routes: notified appointments carry a prize above any new job.
        result = routing.replan(previous, day.problem, solve_seconds())
    else:
        # A day's first plan with VROOM: on the overbooked synthetic day (`fixloop bench dispatch
        # --synthetic`, 2,000 jobs, 100 engineers, 10 s) it served 1,018 jobs at 3.90 km each where
        # PyVRP, started from the greedy plan, served 900 at 4.56 km; started from VROOM's plan,
        # PyVRP only matched it in twice the time.
        result = solve_vroom(day.problem, solve_seconds())
    return _store(plan, day, result, trigger)


def _as_core_plan(plan: DayPlan, day: Day) -> d.Plan | None:
    """The stored plan in the core's terms (for the warm start and for `moved`)."""
    routes = []
    for route in plan.routes.prefetch_related("stops__order"):
        stops = tuple(
            d.Stop(
                s.order.number,
                capacity.seconds(day.date, s.eta),
                capacity.seconds(day.date, s.start),
                capacity.seconds(day.date, s.end),
            )
            for s in route.stops.all()
        )
        routes.append(
            d.Route(
                str(route.engineer_id),
                stops,
                capacity.seconds(day.date, route.departure),
                capacity.seconds(day.date, route.return_time),
                route.distance_m,
            )  # fmt: skip
        )
    return d.Plan(tuple(routes), (), "stored", 0.0) if routes else None


@transaction.atomic
def _store(plan: DayPlan, day: Day, result: d.Plan, trigger: str) -> DayPlan:
    updated = DayPlan.objects.filter(pk=plan.pk, version=plan.version).update(
        version=F("version") + 1,
        trigger=trigger[:200],
        solver=result.solver,
        runtime=result.runtime,
        distance_m=result.distance,
        planned_at=timezone.now(),
    )
    if updated != 1:
        raise Conflict("plan_changed", _("Someone re-planned this day meanwhile; reload the plan."))
    plan.routes.all().delete()
    plan.leftovers.all().delete()
    base = capacity.midnight(day.date)
    moved = set(result.moved)
    for route in result.routes:
        _store_route(plan, day, route, base, moved)
    PlanLeftover.objects.bulk_create(
        [PlanLeftover(plan=plan, order=day.orders[u.job_id], reason=u.reason.value, priority=u.priority)
         for u in result.unassigned]
        + [PlanLeftover(plan=plan, order=o, reason=NO_LOCATION, priority=0) for o in day.no_location]
    )  # fmt: skip
    for number in moved:
        order = day.orders[number]
        notify(
            "appointment.engineer_changed",
            order_id=order.pk,
            customer_id=order.customer_id,
            context={"number": number},
            dedupe_key=f"plan-{plan.pk}-v{plan.version + 1}-{number}",
        )
    plan.refresh_from_db()
    return plan


def _store_route(plan, day, route: d.Route, base, moved: set[str]) -> None:
    at = lambda s: base + dt.timedelta(seconds=s)  # noqa: E731
    stored = PlanRoute.objects.create(
        plan=plan,
        engineer=day.engineers[route.engineer_id],
        departure=at(route.departure),
        return_time=at(route.return_time),
        distance_m=route.distance,
        break_start=at(route.break_start) if route.break_start is not None else None,
        break_after=route.break_after,
    )
    PlanStop.objects.bulk_create(
        PlanStop(
            route=stored,
            order=day.orders[stop.job_id],
            sequence=i + 1,
            eta=at(stop.arrival),
            start=at(stop.start),
            end=at(stop.end),
            sla_late=stop.sla_late,
            moved=stop.job_id in moved,
        )
        for i, stop in enumerate(route.stops)
    )


def report_sick(*, actor: Actor, engineer_id: int, date: dt.date, note: str = "") -> DayPlan | None:
    """Mark the engineer off sick on `date` and re-plan their point's day if it has a plan."""
    require_dispatcher(actor)
    engineer = Engineer.objects.filter(pk=engineer_id).first()
    if engineer is None:
        raise ValidationFailed("engineer_not_found", _("The engineer was not found."), {"field": "engineer"})
    visible_point(actor, engineer.home_service_point_id)
    ShiftException.objects.update_or_create(
        engineer=engineer, date=date, defaults={"kind": ShiftException.Kind.SICK, "note": note[:200]}
    )
    if not DayPlan.objects.filter(service_point_id=engineer.home_service_point_id, date=date).exists():
        return None
    return plan_day(
        actor=actor,
        service_point_id=engineer.home_service_point_id,
        date=date,
        trigger=_("{engineer} reported sick").format(engineer=engineer),
    )


def pin_job(*, actor: Actor, number: str, engineer_id: int | None) -> JobPin | None:
    """Fix an on-site order to an engineer of its point for every re-plan (None: unpin)."""
    require_dispatcher(actor)
    order = order_get_for(actor, number)
    if order.service_mode not in PLAN_MODES:
        raise ValidationFailed("not_on_site", _("Only on-site and pickup orders are routed."))
    if engineer_id is None:
        JobPin.objects.filter(order=order).delete()
        return None
    engineer = Engineer.objects.filter(
        pk=engineer_id, is_active=True, home_service_point_id=order.service_point_id
    ).first()
    if engineer is None:
        raise ValidationFailed(
            "engineer_not_found",
            _("Pin to an active engineer of the order's service point."),
            {"field": "engineer"},
        )
    pin, _created = JobPin.objects.update_or_create(
        order=order, defaults={"engineer": engineer, "pinned_by": actor.user}
    )
    return pin


def apply_plan(*, actor: Actor, plan: DayPlan) -> tuple[int, list[str]]:
    """Give each planned stop to its route's engineer through the `assign` service, re-booking any
    appointment the reassignment drops. Returns (changed count, refusals as text)."""
    require_dispatcher(actor)
    changed, refusals = 0, []
    stops = PlanStop.objects.filter(route__plan=plan).select_related("order", "route")
    for stop in stops:
        order = stop.order
        if order.assignee_id == stop.route.engineer_id:
            continue
        window = (order.appointment_start, order.appointment_end)
        try:
            done = order_services.assign(
                actor=actor,
                number=order.number,
                expected_version=order.version,
                engineer_id=stop.route.engineer_id,
            )
            if window[0] is not None:
                order_services.schedule(
                    actor=actor,
                    number=done.number,
                    expected_version=done.version,
                    start=window[0],
                    end=window[1],
                )
            changed += 1
        except (Conflict, NotFound, ValidationFailed) as exc:
            refusals.append(f"{order.number}: {exc.message}")
    return changed, refusals


def replan_for_order(message) -> None:
    """Outbox handler for order events: re-plan the stored plans an on-site order belongs to.

    Idempotent: re-planning twice gives the same kind of plan from the same data.
    """
    order = WorkOrder.objects.filter(pk=message.payload.get("order_id")).first()
    if order is None or order.service_mode not in PLAN_MODES or order.service_point_id is None:
        return
    today = timezone.localdate()
    for plan in DayPlan.objects.filter(service_point_id=order.service_point_id, date__gte=today):
        try:
            plan_day(
                actor=Actor.system(),
                service_point_id=plan.service_point_id,
                date=plan.date,
                trigger=_("{number}: {action}").format(
                    number=order.number, action=message.topic.split(".")[-1]
                ),
            )
        except Conflict:
            log.info("re-plan of %s raced with another; the newer plan stands", plan)
