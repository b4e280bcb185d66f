"""Reads for the dispatcher board: open work to hand out and the engineers who can take it."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from fixloop.accounts.actor import Actor
from fixloop.accounts.roles import Role
from fixloop.organisation.models import Engineer, ServicePoint
from fixloop.scheduling.assignment import rank_orders
from fixloop.workorders.choices import Priority
from fixloop.workorders.models import WorkOrder
from fixloop.workorders.permissions import allowed_actions
from fixloop.workorders.selectors import order_queryset
from fixloop.workorders.states import OPEN_STATES, Action, State

# A board is a working screen, not an archive: beyond this many cards use the queue's filters.
BOARD_LIMIT = 200
AT_RISK_PRIORITIES = (Priority.HIGH, Priority.URGENT)


def board_orders(actor: Actor) -> list[WorkOrder]:
    """Unassigned orders (new or triaged) and assigned or scheduled ones at risk (high or urgent)."""
    unassigned = Q(state__in=[State.NEW, State.TRIAGED], assignee__isnull=True)
    at_risk = Q(state__in=[State.ASSIGNED, State.SCHEDULED], priority__in=AT_RISK_PRIORITIES)
    return list(
        order_queryset(actor)
        .filter(unassigned | at_risk)
        .prefetch_related("product_model__skills")
        .order_by("created_at", "id")[:BOARD_LIMIT]
    )


def visible_points(actor: Actor) -> QuerySet[ServicePoint]:
    """The service points whose engineers this actor may hand work to: a manager's are all of them."""
    points = ServicePoint.objects.filter(is_active=True)
    if actor.role == Role.MANAGER:
        return points
    if actor.user is None:
        return points.none()
    return points.filter(pk__in=actor.user.service_points.values("pk"))


def engineer_queryset(actor: Actor) -> QuerySet[Engineer]:
    """Active engineers whose home is one of the actor's visible service points."""
    return Engineer.objects.filter(
        is_active=True, home_service_point__in=visible_points(actor)
    ).select_related("user", "home_service_point")


def engineer_list(actor: Actor) -> list[Engineer]:
    """Active engineers of the visible points, each with `load` (open orders) in one aggregate query."""
    return list(
        engineer_queryset(actor)
        .prefetch_related("skills")
        .annotate(load=Count("orders", filter=Q(orders__state__in=list(OPEN_STATES))))
        .order_by("home_service_point__name", "id")
    )


@dataclass
class Card:
    order: WorkOrder
    skills: list
    # (engineer, holds every needed skill at its level, why), best suited first.
    choices: list = field(default_factory=list)
    # The transition table and role allow `assign` now (new orders need triage first).
    assignable: bool = False
    # (engineer, why) of the first choice that fits and has room under the daily job limit, else None.
    suggestion: tuple | None = None
    # Engineers fit but every one of them is at the daily job limit: say so instead of suggesting.
    all_fitting_full: bool = False


@dataclass
class Column:
    point: ServicePoint | None
    cards: list[Card]


def _choices(suggestions, engineers: list[Engineer]) -> list[tuple[Engineer, bool, str]]:
    """(engineer, fits, reasons) in the order the service point's dispatch policy ranks them."""
    by_id = {e.pk: e for e in engineers}
    return [(by_id[s.engineer_id], s.fits, s.explanation) for s in suggestions]


def _suggestion(suggestions, engineers: list[Engineer]) -> tuple | None:
    by_id = {e.pk: e for e in engineers}
    best = next((s for s in suggestions if s.fits and not s.at_limit), None)
    return (by_id[best.engineer_id], best.explanation) if best else None


def board_columns(actor: Actor, orders: list[WorkOrder], engineers: list[Engineer]) -> list[Column]:
    """Cards grouped by service point (orders not yet routed last), in a fixed number of queries."""
    columns: dict[int | None, Column] = {}
    ranked = rank_orders(orders, engineers)
    for order in orders:
        skills = list(order.product_model.skills.all()) if order.product_model else []
        card = Card(
            order=order,
            skills=skills,
            choices=_choices(ranked[order.pk], engineers),
            assignable=Action.ASSIGN in allowed_actions(actor, order),
            suggestion=_suggestion(ranked[order.pk], engineers),
            all_fitting_full=any(s.fits for s in ranked[order.pk])
            and not any(s.fits and not s.at_limit for s in ranked[order.pk]),
        )
        columns.setdefault(order.service_point_id, Column(point=order.service_point, cards=[])).cards.append(
            card
        )
    return sorted(columns.values(), key=lambda c: (c.point is None, c.point.name if c.point else ""))
