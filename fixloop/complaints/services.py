"""Writes of complaints: register, each lifecycle action, owners and corrective actions.

Every transition checks role, table, kind and guard, then a conditional UPDATE on the version, then the
event and any notification, in one transaction.
"""

import datetime as dt
import uuid

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.accounts.models import User
from fixloop.accounts.roles import STAFF_ROLES, Role
from fixloop.complaints.models import Complaint, ComplaintEvent, CorrectiveAction
from fixloop.complaints.selectors import complaint_get_for
from fixloop.complaints.states import (
    ACTION_ROLES,
    HANDLERS,
    KIND_ONLY,
    RESPONSE_SLA,
    Action,
    Channel,
    Kind,
    Severity,
    State,
    target,
)
from fixloop.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from fixloop.customers.models import Customer
from fixloop.notifications.notify import notify
from fixloop.workorders.selectors import order_get_for


def _managers() -> list[int]:
    return list(User.objects.filter(role=Role.MANAGER, is_active=True).values_list("pk", flat=True))


def _record(actor: Actor, complaint: Complaint, action: str, from_state: str, payload: dict) -> None:
    ComplaintEvent.objects.create(
        complaint=complaint,
        action=action,
        from_state=from_state,
        to_state=complaint.state,
        actor_user=actor.user,
        actor_label=actor.label,
        payload=payload,
    )


def _context(complaint: Complaint, **extra) -> dict:
    return {"number": complaint.number, "subject": complaint.subject, "state": complaint.state, **extra}


@transaction.atomic
def register_complaint(
    *,
    actor: Actor,
    kind: str = Kind.COMPLAINT,
    channel: str,
    subject: str,
    description: str,
    customer_id: int | None = None,
    severity: str = Severity.MEDIUM,
    order_numbers: list[str] | tuple[str, ...] = (),
    source_key: str | None = None,
) -> Complaint:
    """Record a complaint, consultation or suggestion. Customers file only for themselves and their orders.

    With `source_key` (an escalation), a second call returns the first complaint instead of a duplicate.
    """
    if source_key:
        existing = Complaint.objects.filter(source_key=source_key).first()
        if existing is not None:
            return existing
    if actor.role == Role.CUSTOMER:
        customer_id = actor.customer_id
    elif actor.role not in STAFF_ROLES:
        raise Forbidden("complaint_forbidden", _("You may not register complaints."))
    _check_fields(kind=kind, channel=channel, severity=severity, subject=subject, description=description)
    customer = Customer.objects.filter(pk=customer_id).first() if customer_id else None
    if customer is None:
        raise ValidationFailed("customer", _("Choose the customer."), {"field": "customer_id"})
    orders = [order_get_for(actor, number) for number in dict.fromkeys(order_numbers) if number]
    if any(order.customer_id != customer.pk for order in orders):
        raise ValidationFailed(
            "order_numbers", _("The orders must belong to this customer."), {"field": "order_numbers"}
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            complaint = Complaint.objects.create(
                number=uuid.uuid4().hex[:24], kind=kind, channel=channel, severity=severity,
                customer=customer, subject=subject.strip(), description=description.strip(),
                respond_by=now + RESPONSE_SLA[severity], source_key=source_key or None,
                created_by=actor.user, created_at=now,
            )  # fmt: skip
    except IntegrityError:  # a concurrent escalation from the same source won
        return Complaint.objects.get(source_key=source_key)
    complaint.number = f"CP{timezone.localdate(now):%Y%m%d}-{complaint.pk:05d}"
    Complaint.objects.filter(pk=complaint.pk).update(number=complaint.number)
    complaint.orders.set(orders)
    _record(actor, complaint, Action.REGISTER, "", {"orders": [o.number for o in orders]})
    notify(
        f"{kind}.registered",
        customer_id=customer.pk,
        user_ids=_managers(),
        context=_context(complaint, severity=severity, channel=channel),
        dedupe_key=f"complaint.registered:{complaint.pk}",
    )
    return complaint


def _check_fields(*, kind, channel, severity, subject, description) -> None:
    for field, value, choices in (
        ("kind", kind, Kind.values),
        ("channel", channel, Channel.values),
        ("severity", severity, Severity.values),
    ):
        if value not in choices:
            raise ValidationFailed(field, _("Choose a valid value."), {"field": field})
    if not subject.strip():
        raise ValidationFailed("subject", _("Say in a few words what it is about."), {"field": "subject"})
    if not description.strip():
        raise ValidationFailed("description", _("Describe what happened."), {"field": "description"})


def _stale(current: int) -> Conflict:
    return Conflict(
        "stale_version",
        _("Someone else changed this complaint meanwhile; reload it and try again."),
        {"current_version": current},
    )


def may_act(actor: Actor, action: str, complaint: Complaint) -> bool:
    if actor.role not in ACTION_ROLES.get(action, ()):
        return False
    return complaint.kind in KIND_ONLY.get(action, frozenset(Kind.values))


def allowed_actions(actor: Actor, complaint: Complaint) -> list[str]:
    from fixloop.complaints.states import actions_from

    return [a.value for a in actions_from(complaint.state, complaint.kind) if may_act(actor, a, complaint)]


def _transition(
    actor: Actor, number: str, action: Action, expected_version: int, changes: dict, payload: dict
) -> Complaint:
    """Role, kind and table checks, then a conditional UPDATE on version and state, then the event."""
    complaint = complaint_get_for(actor, number)
    if not may_act(actor, action, complaint):
        raise Forbidden("action_forbidden", _("You may not do this on this complaint."))
    to_state = target(complaint.state, action)
    if to_state is None:
        raise Conflict(
            "action_not_allowed",
            _("“{action}” is not possible while the complaint is {state}.").format(
                action=Action(action).label, state=State(complaint.state).label
            ),
        )
    if complaint.version != expected_version:
        raise _stale(complaint.version)
    now = timezone.now()
    if complaint.first_response_at is None and actor.role in HANDLERS:
        changes["first_response_at"] = now
    if to_state == State.CLOSED:
        changes["closed_at"] = now
    updated = Complaint.objects.filter(
        pk=complaint.pk, version=expected_version, state=complaint.state
    ).update(state=to_state, version=F("version") + 1, updated_at=now, **changes)
    if updated != 1:
        raise _stale(expected_version + 1)
    from_state = complaint.state
    complaint.state, complaint.version = to_state, expected_version + 1
    for field, value in changes.items():
        setattr(complaint, field, value)
    _record(actor, complaint, action, from_state, payload)
    return complaint


def _required(**fields: str) -> None:
    for name, value in fields.items():
        if not (value or "").strip():
            raise ValidationFailed(name, _("This field is required."), {"field": name})


@transaction.atomic
def investigate(*, actor: Actor, number: str, expected_version: int) -> Complaint:
    """Start the investigation; counts as the first response. Handlers only; complaints only."""
    return _transition(actor, number, Action.INVESTIGATE, expected_version, {}, {})


@transaction.atomic
def propose(
    *,
    actor: Actor,
    number: str,
    expected_version: int,
    findings: str,
    root_cause: str,
    solution: str,
    responsible_department: str = "",
    responsible_person: str = "",
) -> Complaint:
    """Record findings, root cause, responsibility and the solution offered; tells the customer."""
    _required(findings=findings, root_cause=root_cause, solution=solution)
    if not (responsible_department.strip() or responsible_person.strip()):
        raise ValidationFailed(
            "responsible_department",
            _("Name the responsible department or person."),
            {"field": "responsible_department"},
        )
    changes = {
        "findings": findings.strip(), "root_cause": root_cause.strip(), "solution": solution.strip(),
        "responsible_department": responsible_department.strip(),
        "responsible_person": responsible_person.strip(),
    }  # fmt: skip
    complaint = _transition(actor, number, Action.PROPOSE, expected_version, changes, {"solution": solution})
    notify(
        "complaint.solution_proposed",
        customer_id=complaint.customer_id,
        context=_context(complaint, solution=complaint.solution),
        dedupe_key=f"complaint.proposed:{complaint.pk}:{complaint.version}",
    )
    return complaint


@transaction.atomic
def agree(*, actor: Actor, number: str, expected_version: int, note: str = "") -> Complaint:
    """The customer accepts the proposed solution (themselves on the portal, or as told to an agent)."""
    return _transition(actor, number, Action.AGREE, expected_version, {}, {"note": note})


@transaction.atomic
def decline(*, actor: Actor, number: str, expected_version: int, reason: str) -> Complaint:
    """The customer refuses the solution: back to investigation, with the reason on the timeline."""
    _required(reason=reason)
    complaint = _transition(actor, number, Action.DECLINE, expected_version, {}, {"reason": reason})
    if complaint.owner_id:
        notify(
            "complaint.declined",
            user_ids=[complaint.owner_id],
            context=_context(complaint, reason=reason),
            dedupe_key=f"complaint.declined:{complaint.pk}:{complaint.version}",
        )
    return complaint


@transaction.atomic
def implement(*, actor: Actor, number: str, expected_version: int, note: str = "") -> Complaint:
    """The agreed solution has been carried out."""
    return _transition(actor, number, Action.IMPLEMENT, expected_version, {}, {"note": note})


@transaction.atomic
def collect_feedback(
    *, actor: Actor, number: str, expected_version: int, feedback: str, satisfied: bool
) -> Complaint:
    """What the customer thinks of the result, recorded by the customer or an agent."""
    _required(feedback=feedback)
    changes = {"customer_feedback": feedback.strip(), "customer_satisfied": satisfied}
    payload = {"feedback": feedback, "satisfied": satisfied}
    return _transition(actor, number, Action.COLLECT_FEEDBACK, expected_version, changes, payload)


@transaction.atomic
def close(*, actor: Actor, number: str, expected_version: int) -> Complaint:
    """Close the loop. Guard: every corrective and preventive action is done."""
    complaint = complaint_get_for(actor, number)
    pending = complaint.actions.filter(done_at__isnull=True).count()
    if pending:
        raise Conflict(
            "actions_open",
            _("{count} corrective or preventive actions are not done yet.").format(count=pending),
            {"open_actions": pending},
        )
    complaint = _transition(actor, number, Action.CLOSE, expected_version, {}, {})
    notify(
        "complaint.closed",
        customer_id=complaint.customer_id,
        context=_context(complaint),
        dedupe_key=f"complaint.closed:{complaint.pk}",
    )
    return complaint


@transaction.atomic
def answer(*, actor: Actor, number: str, expected_version: int, answer: str) -> Complaint:
    """Answer a consultation or suggestion and close it; tells the customer."""
    _required(answer=answer)
    complaint = _transition(
        actor, number, Action.ANSWER, expected_version, {"answer": answer.strip()}, {"answer": answer}
    )
    notify(
        f"{complaint.kind}.answered",
        customer_id=complaint.customer_id,
        context=_context(complaint, answer=complaint.answer),
        dedupe_key=f"complaint.answered:{complaint.pk}",
    )
    return complaint


TRANSITION_SERVICES = {
    Action.INVESTIGATE: investigate,
    Action.PROPOSE: propose,
    Action.AGREE: agree,
    Action.DECLINE: decline,
    Action.IMPLEMENT: implement,
    Action.COLLECT_FEEDBACK: collect_feedback,
    Action.CLOSE: close,
    Action.ANSWER: answer,
}


def _staff_user(user_id: int, field: str) -> User:
    user = User.objects.filter(pk=user_id, role__in=STAFF_ROLES, is_active=True).first()
    if user is None:
        raise ValidationFailed(field, _("Choose a member of staff."), {"field": field})
    return user


def _require_handler(actor: Actor) -> None:
    if actor.role not in HANDLERS:
        raise Forbidden("action_forbidden", _("You may not do this on this complaint."))


@transaction.atomic
def assign_owner(*, actor: Actor, number: str, expected_version: int, owner_id: int) -> Complaint:
    """Give the complaint an owner (handlers only); the owner is told."""
    _require_handler(actor)
    complaint = complaint_get_for(actor, number)
    owner = _staff_user(owner_id, "owner_id")
    updated = Complaint.objects.filter(pk=complaint.pk, version=expected_version).update(
        owner=owner, version=F("version") + 1, updated_at=timezone.now()
    )
    if updated != 1:
        raise _stale(complaint.version)
    complaint.owner, complaint.version = owner, expected_version + 1
    _record(actor, complaint, "assign_owner", complaint.state, {"owner": owner.get_username()})
    notify(
        "complaint.assigned",
        user_ids=[owner.pk],
        context=_context(complaint, respond_by=complaint.respond_by.isoformat()),
        dedupe_key=f"complaint.assigned:{complaint.pk}:{complaint.version}",
    )
    return complaint


@transaction.atomic
def add_action(
    *, actor: Actor, number: str, kind: str, description: str, owner_id: int, due_date: dt.date
) -> CorrectiveAction:
    """Add a corrective or preventive action to an open complaint; its owner is told."""
    _require_handler(actor)
    complaint = complaint_get_for(actor, number)
    if complaint.state == State.CLOSED:
        raise Conflict("complaint_closed", _("The complaint is closed."))
    if kind not in CorrectiveAction.Kind.values:
        raise ValidationFailed("kind", _("Choose a valid value."), {"field": "kind"})
    _required(description=description)
    if due_date < timezone.localdate():
        raise ValidationFailed("due_date", _("The due date cannot be in the past."), {"field": "due_date"})
    owner = _staff_user(owner_id, "owner_id")
    item = CorrectiveAction.objects.create(
        complaint=complaint, kind=kind, description=description.strip(), owner=owner, due_date=due_date
    )
    _record(
        actor, complaint, "add_action", complaint.state, {"action_id": item.pk, "description": description}
    )
    notify(
        "complaint.action_assigned",
        user_ids=[owner.pk],
        context=_context(complaint, action=item.description, due_date=due_date.isoformat()),
        dedupe_key=f"complaint.action:{item.pk}",
    )
    return item


@transaction.atomic
def complete_action(*, actor: Actor, action_id: int, note: str = "") -> CorrectiveAction:
    """Mark an action done: its owner or a handler. A second call is refused, not repeated."""
    item = CorrectiveAction.objects.select_related("complaint").filter(pk=action_id).first()
    if item is None:
        raise NotFound("action_not_found", _("This action was not found."))
    complaint = complaint_get_for(actor, item.complaint.number)
    if actor.role not in HANDLERS and (actor.user is None or item.owner_id != actor.user.pk):
        raise Forbidden("action_forbidden", _("You may not do this on this complaint."))
    now = timezone.now()
    if (
        CorrectiveAction.objects.filter(pk=item.pk, done_at__isnull=True).update(done_at=now, done_note=note)
        != 1
    ):
        raise Conflict("action_done", _("This action is already done."))
    item.done_at, item.done_note = now, note
    _record(actor, complaint, "complete_action", complaint.state, {"action_id": item.pk, "note": note})
    return item
