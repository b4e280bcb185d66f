"""Follow-up calls (回访): a task per closed order, and the agent's outcome."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.accounts.models import User
from fixloop.accounts.roles import Role
from fixloop.aftercare.models import FollowUpTask
from fixloop.core import outbox
from fixloop.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from fixloop.notifications.notify import notify
from fixloop.workorders.choices import Kind
from fixloop.workorders.models import WorkOrder
from fixloop.workorders.services import create_rework_order
from fixloop.workorders.states import State

FOLLOW_UP_ROLES = frozenset({Role.AGENT, Role.MANAGER})
# Consultations and suggestions are answered, not repaired: nothing to follow up.
FOLLOW_UP_KINDS = frozenset({Kind.REPAIR, Kind.MAINTENANCE, Kind.TECHNICAL_SUPPORT})
MAX_CALL_ATTEMPTS = 3
Outcome = FollowUpTask.Outcome


def on_order_closed(message) -> FollowUpTask | None:
    """Outbox topic "workorder.close": schedule the follow-up call (once per order, however often called)."""
    order = WorkOrder.objects.filter(pk=message.payload.get("order_id")).first()
    if order is None or order.state != State.CLOSED or order.kind not in FOLLOW_UP_KINDS:
        return None
    return schedule_follow_up(order)


@transaction.atomic
def schedule_follow_up(order: WorkOrder) -> FollowUpTask:
    closed = timezone.localdate(order.closed_at or timezone.now())
    task, created = FollowUpTask.objects.get_or_create(
        order=order,
        defaults={
            "due_date": closed + dt.timedelta(days=settings.FIXLOOP_AFTERCARE["FOLLOWUP_AFTER_DAYS"]),
            "assignee": pick_agent(order),
        },
    )
    if created and task.assignee_id:
        notify(
            "followup.assigned",
            order_id=order.pk,
            user_ids=[task.assignee_id],
            context={"number": order.number, "due_date": task.due_date.isoformat()},
            dedupe_key=f"followup:{task.pk}",
        )
    return task


def pick_agent(order: WorkOrder) -> User | None:
    """The active agent of the order's service point (any agent if none) with the fewest open calls."""
    agents = User.objects.filter(role=Role.AGENT, is_active=True)
    local = agents.filter(service_points=order.service_point_id) if order.service_point_id else agents.none()
    pool = local if local.exists() else agents
    return (
        pool.annotate(open_tasks=Count("follow_up_tasks", filter=Q(follow_up_tasks__outcome="")))
        .order_by("open_tasks", "id")
        .first()
    )


def _require_role(actor: Actor) -> None:
    if actor.role not in FOLLOW_UP_ROLES:
        raise Forbidden("follow_up_forbidden", _("Your role may not make follow-up calls."))


def task_scope(actor: Actor) -> Q:
    """Managers see every task; an agent sees their own and unassigned ones."""
    if actor.role == Role.MANAGER:
        return Q()
    return Q(assignee_id=actor.user.pk) | Q(assignee__isnull=True)


def task_list(actor: Actor, *, due_by: dt.date | None = None, open_only: bool = True, mine: bool = True):
    _require_role(actor)
    tasks = FollowUpTask.objects.filter(task_scope(actor)).select_related(
        "order__customer", "order__device__model", "assignee"
    )
    if mine and actor.role != Role.MANAGER:
        tasks = tasks.filter(assignee_id=actor.user.pk)
    if open_only:
        tasks = tasks.filter(outcome="")
    if due_by is not None:
        tasks = tasks.filter(due_date__lte=due_by)
    return tasks.order_by("due_date", "id")


def task_get_for(actor: Actor, task_id: int) -> FollowUpTask:
    """The task if the actor may handle it; NotFound otherwise (no hint that it exists)."""
    _require_role(actor)
    task = (
        FollowUpTask.objects.filter(task_scope(actor), pk=task_id)
        .select_related(
            "order__customer", "order__device__model", "order__assignee__user", "assignee", "rework_order"
        )
        .first()
    )
    if task is None:
        raise NotFound("follow_up_not_found", _("The follow-up task was not found."))
    return task


def complete_follow_up(
    *, actor: Actor, task_id: int, expected_version: int, outcome: str, note: str = ""
) -> FollowUpTask:
    """Record the call. Guards: the task is open and unchanged; a problem or complaint needs a note.

    Effects: problem persists → a linked rework order (its own guards: closed, repair warranty running);
    complaint → outbox "complaint.requested" for the complaints module; unreachable → called again
    tomorrow, up to three times.
    """
    task = task_get_for(actor, task_id)
    if not task.is_open:
        raise Conflict("follow_up_done", _("This follow-up call was already recorded."))
    if task.version != expected_version:
        raise _stale(task.version)
    if outcome not in Outcome.values:
        raise ValidationFailed("outcome_invalid", _("Choose the outcome of the call."), {"field": "outcome"})
    note = (note or "").strip()
    if outcome in (Outcome.PROBLEM_PERSISTS, Outcome.COMPLAINT) and not note:
        raise ValidationFailed("note_required", _("Write down what the customer said."), {"field": "note"})
    if outcome == Outcome.UNREACHABLE:
        return _call_again(actor, task, note)
    rework = None
    if outcome == Outcome.PROBLEM_PERSISTS:
        # Its own durable transaction (it allocates a number). The version was checked just above,
        # so only a concurrent completion in the same instant could leave this order unlinked.
        rework = create_rework_order(actor=actor, number=task.order.number, symptoms=note)
    return _record(actor, task, outcome, note, rework)


@transaction.atomic
def _record(
    actor: Actor, task: FollowUpTask, outcome: str, note: str, rework: WorkOrder | None
) -> FollowUpTask:
    now = timezone.now()
    updated = FollowUpTask.objects.filter(pk=task.pk, version=task.version, outcome="").update(
        outcome=outcome,
        note=_joined(task.note, note),
        rework_order=rework,
        completed_at=now,
        completed_by=actor.user,
        version=F("version") + 1,
    )
    if not updated:
        raise _stale(task.version + 1)
    if outcome == Outcome.COMPLAINT:
        outbox.enqueue(
            "complaint.requested",
            {
                "order_id": task.order_id,
                "number": task.order.number,
                "customer_id": task.order.customer_id,
                "follow_up_id": task.pk,
                "note": note,
                "agent_id": actor.user.pk if actor.user else None,
            },
        )
    task.refresh_from_db()
    return task


@transaction.atomic
def _call_again(actor: Actor, task: FollowUpTask, note: str) -> FollowUpTask:
    stamp = _("{time} no answer").format(time=timezone.localtime().strftime("%Y-%m-%d %H:%M"))
    attempts = task.call_attempts + 1
    changes = {"note": _joined(task.note, f"{stamp}: {note}" if note else stamp), "call_attempts": attempts}
    if attempts >= MAX_CALL_ATTEMPTS:
        changes.update(outcome=Outcome.UNREACHABLE, completed_at=timezone.now(), completed_by=actor.user)
    else:
        changes["due_date"] = timezone.localdate() + dt.timedelta(days=1)
    updated = FollowUpTask.objects.filter(pk=task.pk, version=task.version, outcome="").update(
        version=F("version") + 1, **changes
    )
    if not updated:
        raise _stale(task.version + 1)
    task.refresh_from_db()
    return task


def _joined(old: str, new: str) -> str:
    return f"{old}\n{new}".strip() if old else new


def _stale(version: int) -> Conflict:
    return Conflict(
        "stale_version",
        _("Someone else recorded this call meanwhile; reload it and try again."),
        {"current_version": version},
    )
