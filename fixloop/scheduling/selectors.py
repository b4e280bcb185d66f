"""Reads for the scheduling pages: points a dispatcher plans, stored plans as views, an engineer's route."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.accounts.roles import Role
from fixloop.organisation.models import Engineer, ServicePoint
from fixloop.scheduling.labels import distance_label, solver_label, trigger_label
from fixloop.scheduling.models import DayPlan, PlanLeftover, PlanRoute, PlanStop
from fixloop.scheduling.planning import REASONS

COLOURS = ("#2563eb", "#dc2626", "#059669", "#d97706", "#7c3aed", "#db2777", "#0891b2", "#65a30d")
MAP_SIZE = 100.0


def dispatch_points(actor: Actor) -> QuerySet[ServicePoint]:
    points = ServicePoint.objects.filter(is_active=True).order_by("name")
    if actor.role == Role.MANAGER:
        return points
    if actor.role != Role.DISPATCHER or actor.user is None:
        return points.none()
    return points.filter(pk__in=actor.user.service_points.values("pk"))


def point_engineer_list(point_id: int) -> list[Engineer]:
    return list(
        Engineer.objects.filter(home_service_point_id=point_id, is_active=True)
        .select_related("user")
        .order_by("id")
    )


def stored_plan(point_id: int, date: dt.date) -> DayPlan | None:
    return DayPlan.objects.filter(service_point_id=point_id, date=date).first()


@dataclass
class RouteView:
    route: PlanRoute
    stops: list[PlanStop]
    colour: str
    polyline: str = ""
    dots: list = field(default_factory=list)  # (x, y, sequence, number)

    @property
    def distance(self) -> str:
        return distance_label(self.route.distance_m)


@dataclass
class PlanView:
    plan: DayPlan | None
    routes: list[RouteView]
    leftovers: list[tuple[PlanLeftover, str]]
    depots: list = field(default_factory=list)

    # The stored codes in the viewer's words (see scheduling.labels).
    @property
    def solver(self) -> str:
        return solver_label(self.plan.solver) if self.plan else ""

    @property
    def trigger(self) -> str:
        return trigger_label(self.plan.trigger) if self.plan else ""

    @property
    def distance(self) -> str:
        return distance_label(self.plan.distance_m) if self.plan else ""


def plan_view(point_id: int, date: dt.date) -> PlanView:
    """The stored plan with stops in route order and a plain SVG projection of the stops (no tiles)."""
    plan = stored_plan(point_id, date)
    if plan is None:
        return PlanView(None, [], [])
    stops = PlanStop.objects.select_related("order__address", "order__customer", "order__product_model")
    routes = list(
        plan.routes.select_related("engineer__user", "engineer__home_service_point").prefetch_related(
            Prefetch("stops", queryset=stops)
        )
    )
    leftovers = list(plan.leftovers.select_related("order", "order__address"))
    views = [RouteView(r, list(r.stops.all()), COLOURS[i % len(COLOURS)]) for i, r in enumerate(routes)]
    view = PlanView(plan, views, [(item, str(REASONS.get(item.reason, item.reason))) for item in leftovers])
    _project(view)
    return view


def _coords(stop: PlanStop):
    address = stop.order.address
    return (float(address.longitude), float(address.latitude)) if address and address.latitude else None


def _project(view: PlanView) -> None:
    homes = {}
    for rv in view.routes:
        point = rv.route.engineer.home_service_point
        if point.latitude is not None:
            homes[point.pk] = (float(point.longitude), float(point.latitude))
    coords = [c for rv in view.routes for c in map(_coords, rv.stops) if c] + list(homes.values())
    if not coords:
        return
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 0.01
    margin = 5.0

    def to_svg(c):
        x = margin + (c[0] - min(xs)) / span * (MAP_SIZE - 2 * margin)
        y = MAP_SIZE - margin - (c[1] - min(ys)) / span * (MAP_SIZE - 2 * margin)
        return round(x, 2), round(y, 2)

    # Squares are drawn from their top-left corner.
    view.depots = [(x - 2, y - 2) for x, y in map(to_svg, homes.values())]
    for rv in view.routes:
        point = rv.route.engineer.home_service_point
        home = homes.get(point.pk)
        path = [to_svg(home)] if home else []
        for stop in rv.stops:
            c = _coords(stop)
            if c:
                x, y = to_svg(c)
                rv.dots.append((x, y, stop.sequence, stop.order.number))
                path.append((x, y))
        if home:
            path.append(to_svg(home))
        rv.polyline = " ".join(f"{x},{y}" for x, y in path)


def _clock(moment: dt.datetime, base: dt.datetime) -> int:
    """Minutes since the plan day's local midnight (the charts' time axis)."""
    return round((moment - base).total_seconds() / 60)


def chart_data(view: PlanView, date: dt.date) -> dict:
    """What the ECharts route plot and day timeline draw: stops in longitude/latitude per route (the
    service point as the first and last point) and per engineer the route span and the visits."""
    base = timezone.make_aware(dt.datetime.combine(date, dt.time(0, 0)))
    routes, rows = [], []
    for rv in view.routes:
        point = rv.route.engineer.home_service_point
        home = (float(point.longitude), float(point.latitude)) if point.latitude is not None else None
        stops = [
            {"lon": c[0], "lat": c[1], "seq": s.sequence, "number": s.order.number,
             "eta": timezone.localtime(s.eta).strftime("%H:%M")}
            for s in rv.stops
            if (c := _coords(s))
        ]  # fmt: skip
        routes.append({"name": str(rv.route.engineer), "colour": rv.colour, "home": home, "stops": stops})
        rows.append(
            {
                "name": str(rv.route.engineer),
                "colour": rv.colour,
                "span": [_clock(rv.route.departure, base), _clock(rv.route.return_time, base)],
                "visits": [
                    {"number": s.order.number, "from": _clock(s.start, base), "to": _clock(s.end, base)}
                    for s in rv.stops
                ],
            }
        )
    return {
        "routes": routes,
        "rows": rows,
        "labels": {
            "depot": str(_("Service point")),
            "route": str(_("On the road")),
            "visit": str(_("Visit")),
        },
    }


def my_route(engineer_id: int, date: dt.date) -> list[PlanStop]:
    """The engineer's planned stops of the day in route order (from every point's plan that day)."""
    return list(
        PlanStop.objects.filter(route__engineer_id=engineer_id, route__plan__date=date)
        .select_related("order", "order__customer", "order__product_model", "order__device")
        .order_by("route__plan_id", "sequence")
    )
