"""Scheduling API, mounted at /api/scheduling: suggestions, appointment windows, booking, day plans."""

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Router, Schema

from fixloop.core.errors import NotFound
from fixloop.scheduling import appointments, assignment, planning, selectors

router = Router(tags=["scheduling"])


class SuggestionOut(Schema):
    engineer_id: int
    name: str
    fits: bool
    score: float
    explanation: str


class WindowOut(Schema):
    start: dt.datetime
    end: dt.datetime


class BookIn(Schema):
    version: int
    start: dt.datetime
    end: dt.datetime


class BookedOut(Schema):
    number: str
    version: int
    state: str
    appointment_start: dt.datetime
    appointment_end: dt.datetime


class PlanIn(Schema):
    service_point_id: int
    date: dt.date


class StopOut(Schema):
    number: str
    sequence: int
    eta: dt.datetime
    start: dt.datetime
    end: dt.datetime
    sla_late: bool
    moved: bool


class RouteOut(Schema):
    engineer_id: int
    engineer: str
    departure: dt.datetime
    return_time: dt.datetime
    distance_m: int
    stops: list[StopOut]


class LeftoverOut(Schema):
    number: str
    reason: str
    message: str
    priority: int


class PlanOut(Schema):
    service_point_id: int
    date: dt.date
    version: int
    solver: str
    runtime: float
    distance_m: int
    routes: list[RouteOut]
    unassigned: list[LeftoverOut]


def _actor(request):
    return request.auth


@router.get("/orders/{number}/suggestions", response=list[SuggestionOut])
def suggestions(request, number: str):
    """Engineers ranked for the order by its service point's policy, each with its reasons."""
    return assignment.suggestions_for(_actor(request), number)


@router.get("/orders/{number}/windows", response=list[WindowOut])
def windows(request, number: str, date: dt.date):
    """Appointment windows the assigned engineer can still take on `date`."""
    return appointments.offered_windows(_actor(request), number, date)


@router.post("/orders/{number}/appointment", response=BookedOut)
def book(request, number: str, body: BookIn):
    """Book one of the offered windows (refused when it is no longer free)."""
    return appointments.book_window(
        actor=_actor(request), number=number, expected_version=body.version, start=body.start, end=body.end
    )


def _plan_out(point_id: int, date: dt.date) -> dict:
    view = selectors.plan_view(point_id, date)
    plan = view.plan
    return {
        "service_point_id": point_id,
        "date": date,
        "version": plan.version,
        "solver": plan.solver,
        "runtime": plan.runtime,
        "distance_m": plan.distance_m,
        "routes": [
            {
                "engineer_id": rv.route.engineer_id,
                "engineer": str(rv.route.engineer),
                "departure": rv.route.departure,
                "return_time": rv.route.return_time,
                "distance_m": rv.route.distance_m,
                "stops": [
                    {
                        "number": s.order.number,
                        "sequence": s.sequence,
                        "eta": s.eta,
                        "start": s.start,
                        "end": s.end,
                        "sla_late": s.sla_late,
                        "moved": s.moved,
                    }
                    for s in rv.stops
                ],
            }  # fmt: skip
            for rv in view.routes
        ],
        "unassigned": [
            {
                "number": item.order.number,
                "reason": item.reason,
                "message": message,
                "priority": item.priority,
            }
            for item, message in view.leftovers
        ],
    }


@router.post("/plans", response=PlanOut)
def make_plan(request, body: PlanIn):
    """Plan (or re-plan) a service point's day and return the routes with ETAs."""
    plan = planning.plan_day(actor=_actor(request), service_point_id=body.service_point_id, date=body.date)
    return _plan_out(plan.service_point_id, plan.date)


@router.get("/plans/{service_point_id}/{date}", response=PlanOut)
def get_plan(request, service_point_id: int, date: dt.date):
    planning.visible_point(_actor(request), service_point_id)
    if selectors.stored_plan(service_point_id, date) is None:
        raise NotFound("plan_not_found", _("No plan for this day yet."))
    return _plan_out(service_point_id, date)
