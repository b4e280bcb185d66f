"""Escalation: when a running clock reaches its warning threshold or its due time, act once.

Once per order, clock and level: the `Escalation` row's unique constraint is the guard, written
before anything else in the same transaction, with the order row locked; a second worker (or the
same job run twice) finds the row and does nothing. Each escalation is an event on the timeline.

With no active rule for a level, the default is to notify the engineer and the supervisors.
Supervisors are the managers who work for the order's service point, else every active manager.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.accounts.models import User
from fixloop.accounts.roles import Role
from fixloop.notifications.notify import notify
from fixloop.sla import snapshots
from fixloop.sla.choices import Level
from fixloop.sla.clocks import KIND_LABELS, Clock, ClockKind
from fixloop.sla.models import Escalation, EscalationRule, Snapshot
from fixloop.sla.policies import SlaContext
from fixloop.workorders.choices import Priority
from fixloop.workorders.models import WorkOrder
from fixloop.workorders.services import transition

SCAN_BATCH = 200
PRIORITY_UP = {Priority.LOW: Priority.NORMAL, Priority.NORMAL: Priority.HIGH, Priority.HIGH: Priority.URGENT}
EVENT_ACTIONS = {Level.WARNING: "sla_warning", Level.BREACH: "sla_breach"}


@dataclass
class Plan:
    """What the matching rules ask for, merged."""

    notify_assignee: bool = False
    notify_supervisors: bool = False
    raise_priority: bool = False
    move_to_id: int | None = None
    notified: list[int] = field(default_factory=list)


def scan(now: datetime) -> int:
    """The periodic job: escalate every snapshot whose next threshold has come (indexed on
    `next_check_at`, so only those rows are read). Returns how many escalations fired."""
    fired = 0
    due = Snapshot.objects.filter(next_check_at__lte=now).order_by("next_check_at")
    for order_id in due.values_list("order_id", flat=True)[:SCAN_BATCH]:
        fired += escalate_order(order_id, now)
    return fired


@transaction.atomic
def escalate_order(order_id: int, now: datetime) -> int:
    """Lock the order, recompute its clocks at `now`, fire each threshold crossed and not yet fired."""
    order = WorkOrder.objects.select_for_update().select_related("customer").filter(pk=order_id).first()
    if order is None:
        return 0
    ctx = SlaContext.load()
    computed = snapshots.compute(order, now=now, ctx=ctx)
    fired = 0
    for kind, clock in computed.clocks.items():
        if not snapshots.is_running(clock):
            continue
        crossed = [(Level.WARNING, computed.warn_at.get(kind)), (Level.BREACH, clock.due_at)]
        for level, moment in crossed:
            if moment is not None and moment <= now and _claim(order, kind, level, clock.due_at, now):
                _act(order, computed.policy, kind, level, clock)
                fired += 1
    snapshots.save(order, snapshots.compute(order, now=now, ctx=ctx) if fired else computed)
    return fired


def _claim(order: WorkOrder, kind: ClockKind, level: str, due_at: datetime, now: datetime) -> bool:
    """Insert the once-only row; False if this escalation already fired (here or on another worker)."""
    try:
        with transaction.atomic():
            Escalation.objects.create(order=order, clock=kind.value, level=level, due_at=due_at, fired_at=now)
    except IntegrityError:
        return False
    return True


def _rules(policy, kind: ClockKind, level: str) -> list[EscalationRule]:
    rules = EscalationRule.objects.filter(is_active=True, level=level).filter(
        Q(policy__isnull=True) | Q(policy=policy), Q(clock="") | Q(clock=kind.value)
    )
    # The policy's own rules first, so their target queue wins over a general rule's.
    return sorted(rules, key=lambda r: (r.policy_id is None, r.pk))


def _plan(policy, kind: ClockKind, level: str) -> Plan:
    rules = _rules(policy, kind, level)
    if not rules:
        return Plan(notify_assignee=True, notify_supervisors=True)
    return Plan(
        notify_assignee=any(r.notify_assignee for r in rules),
        notify_supervisors=any(r.notify_supervisors for r in rules),
        raise_priority=any(r.raise_priority for r in rules),
        move_to_id=next((r.move_to_id for r in rules if r.move_to_id), None),
    )


def supervisors(order: WorkOrder) -> list[int]:
    managers = User.objects.filter(role=Role.MANAGER, is_active=True)
    local = list(managers.filter(service_points=order.service_point_id).values_list("pk", flat=True))
    return local or list(managers.values_list("pk", flat=True))


def _act(order: WorkOrder, policy, kind: ClockKind, level: str, clock: Clock) -> None:
    plan = _plan(policy, kind, level)
    changes = _order_changes(order, plan)
    payload = {"clock": kind.value, "level": level, "due_at": clock.due_at.isoformat(),
               "used_percent": round(clock.fraction * 100), **_describe(changes)}  # fmt: skip
    from_state = order.state
    if changes:
        _apply(order, changes)
    recipients = _recipients(order, plan)
    payload["notified"] = recipients
    due = timezone.localtime(clock.due_at).strftime("%Y-%m-%d %H:%M")
    with translation.override(settings.LANGUAGE_CODE):  # stored text: the company's language
        payload["note"] = _note(kind, level, clock, due)
        label = str(KIND_LABELS[kind])
    transition.record_event(
        Actor.system(), order, EVENT_ACTIONS[level], from_state, payload, versioned=bool(changes)
    )
    if recipients:
        context = {"number": order.number, "clock": label, "clock_code": kind.value, "due": due,
                   "due_at": clock.due_at.isoformat(), "used_percent": payload["used_percent"],
                   "priority": order.priority}  # fmt: skip
        notify(f"sla.{level}", order_id=order.pk, user_ids=recipients, context=context,
               dedupe_key=f"sla:{order.pk}:{kind.value}:{level}")  # fmt: skip


def _order_changes(order: WorkOrder, plan: Plan) -> dict:
    changes = {}
    if plan.raise_priority and order.priority in PRIORITY_UP:
        changes["priority"] = PRIORITY_UP[Priority(order.priority)]
    if plan.move_to_id and plan.move_to_id != order.service_point_id:
        changes["service_point_id"] = plan.move_to_id
    return changes


def _describe(changes: dict) -> dict:
    return {key.removesuffix("_id"): value for key, value in changes.items()}


def _apply(order: WorkOrder, changes: dict) -> None:
    """A versioned update (the row is locked): anyone holding the old version gets a conflict."""
    updated = WorkOrder.objects.filter(pk=order.pk, version=order.version).update(
        version=F("version") + 1, updated_at=timezone.now(), **changes
    )
    if updated != 1:
        raise transition.stale(order.version)
    order.version += 1
    for name, value in changes.items():
        setattr(order, name, value)


def _recipients(order: WorkOrder, plan: Plan) -> list[int]:
    users: list[int] = []
    if plan.notify_assignee and order.assignee_id:
        users += list(WorkOrder.objects.filter(pk=order.pk).values_list("assignee__user_id", flat=True))
    if plan.notify_supervisors:
        users += supervisors(order)
    return sorted(set(users))


def _note(kind: ClockKind, level: str, clock: Clock, due: str) -> str:
    if level == Level.WARNING:
        return _("SLA warning: {clock} has used {used} of its target; due {due}.").format(
            clock=KIND_LABELS[kind], used=f"{round(clock.fraction * 100)}%", due=due
        )
    return _("SLA breached: {clock} was due {due}.").format(clock=KIND_LABELS[kind], due=due)
