"""Engineer suggestions for orders (order page, board, API) and automatic assignment after triage."""

from __future__ import annotations

import datetime as dt
import logging

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.accounts.roles import Role
from fixloop.core.errors import Conflict, DomainError, Forbidden
from fixloop.organisation.models import Engineer, Skill
from fixloop.scheduling import capacity, deadlines, estimates, skills
from fixloop.scheduling.models import DispatchSettings, Level, Policy
from fixloop.scheduling.scoring import Facts, Suggestion, rank
from fixloop.workorders import services as order_services
from fixloop.workorders.models import WorkOrder
from fixloop.workorders.selectors import order_get_for
from fixloop.workorders.states import OPEN_STATES, State

log = logging.getLogger(__name__)
DISPATCH_ROLES = frozenset({Role.DISPATCHER, Role.MANAGER})


def require_dispatcher(actor: Actor) -> None:
    if actor.role not in DISPATCH_ROLES:
        raise Forbidden("dispatch_forbidden", _("Only dispatchers and managers plan and assign work."))


def engineers_for(order: WorkOrder):
    """Active engineers of the order's service point (all active ones while it has none)."""
    qs = Engineer.objects.filter(is_active=True).select_related("user", "home_service_point")
    if order.service_point_id:
        qs = qs.filter(home_service_point_id=order.service_point_id)
    return list(qs.prefetch_related("skills").annotate(load=_open_orders()))


def _open_orders():
    return Count("orders", filter=Q(orders__state__in=list(OPEN_STATES)))


def rank_orders(orders: list[WorkOrder], engineers: list[Engineer], now: dt.datetime | None = None):
    """Suggestions per order id, in a fixed number of queries (engineers annotated with `load`,
    orders with product_model__skills prefetched). Each order is ranked by its point's policy."""
    now = now or timezone.now()
    required = skills.requirements(orders)
    held = skills.capabilities(engineers)
    days = capacity.workdays([e.pk for e in engineers], timezone.localdate(now))
    names = _skill_names(required)
    before = _past_assignees(orders)
    due = deadlines.due_times(orders)
    job_hours = estimates.default_minutes() / 60
    settings = {
        s.service_point_id: s
        for s in DispatchSettings.objects.filter(service_point_id__in={o.service_point_id for o in orders})
    }
    result = {}
    for order in orders:
        facts = [
            _facts(order, e, required[order.pk], held[e.pk], days.get(e.pk), names, before, now, job_hours)
            for e in engineers
        ]
        slack = (due[order.pk] - now).total_seconds() / 3600
        point = settings.get(order.service_point_id)
        policy = point.policy if point else Policy.BEST_SCORE
        result[order.pk] = rank(facts, slack, policy, point.last_engineer_id if point else None)
    return result


def _facts(order, engineer, required, held, day, names, before, now, job_hours) -> Facts:
    has = [names[s] + _level_suffix(held[s]) for s in required if held.get(s, 0) >= required[s]]
    missing = [names[s] + _level_suffix(lvl) for s, lvl in required.items() if held.get(s, 0) < lvl]
    return Facts(
        engineer_id=engineer.pk,
        name=str(engineer),
        fits=not missing,
        skills=tuple(has),
        missing=tuple(missing),
        home=engineer.home_service_point_id == order.service_point_id,
        continuity=(order.device_id, engineer.pk) in before,
        queued=engineer.load,
        hours_left=day.hours_left(now) if day else 0.0,
        queue_hours=engineer.load * job_hours,
        job_limit=engineer.max_jobs_per_day,
    )


def _level_suffix(level: int) -> str:
    return f" ({Level(level).label})" if level > Level.BASIC else ""


def _skill_names(required: dict[int, dict[int, int]]) -> dict[int, str]:
    ids = {s for levels in required.values() for s in levels}
    return dict(Skill.objects.filter(pk__in=ids).values_list("pk", "name"))


def _past_assignees(orders: list[WorkOrder]) -> set[tuple[int, int]]:
    """(device, engineer) pairs of earlier orders: the engineer who handled this device before."""
    devices = {o.device_id for o in orders if o.device_id}
    pairs = WorkOrder.objects.filter(device_id__in=devices, assignee__isnull=False).exclude(
        pk__in=[o.pk for o in orders]
    )
    return set(pairs.values_list("device_id", "assignee_id"))


def suggestions_for(actor: Actor, number: str, now: dt.datetime | None = None) -> list[Suggestion]:
    """Ranked engineers with explanations for one order the actor can see. Guard: dispatcher or manager."""
    require_dispatcher(actor)
    order = order_get_for(actor, number)
    return _suggest(order, now)


def _suggest(order: WorkOrder, now=None) -> list[Suggestion]:
    order = WorkOrder.objects.prefetch_related("product_model__skills").get(pk=order.pk)
    return rank_orders([order], engineers_for(order), now)[order.pk]


def auto_assign(order_id: int, now: dt.datetime | None = None) -> WorkOrder | None:
    """Assign a triaged order to the policy's first fitting engineer if its point enables auto-assign.

    Idempotent: an order that is no longer triaged, or already has an engineer, is left alone.
    Goes through the `assign` service as the system, so the event and outbox row are written as usual.
    """
    order = WorkOrder.objects.filter(pk=order_id, state=State.TRIAGED, assignee__isnull=True).first()
    if order is None or order.service_point_id is None:
        return None
    point = DispatchSettings.objects.filter(service_point_id=order.service_point_id, auto_assign=True).first()
    if point is None:
        return None
    # A full engineer is never handed more work automatically; a dispatcher may still decide to.
    best = next((s for s in _suggest(order, now) if s.fits and not s.at_limit), None)
    if best is None:
        log.info("auto-assign: no fitting engineer with room for %s", order.number)
        return None
    try:
        done = order_services.assign(
            actor=Actor.system(),
            number=order.number,
            expected_version=order.version,
            engineer_id=best.engineer_id,
        )
    except (Conflict, DomainError) as exc:  # someone acted first: their decision stands
        log.info("auto-assign of %s skipped: %s", order.number, exc.code)
        return None
    DispatchSettings.objects.filter(pk=point.pk).update(last_engineer_id=best.engineer_id)
    return done


def on_triaged(message) -> None:
    """Outbox handler for `workorder.triage`: auto-assign, then re-plan if it is on-site work."""
    from fixloop.scheduling.planning import replan_for_order

    auto_assign(message.payload["order_id"])
    replan_for_order(message)
