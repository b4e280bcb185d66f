"""The one mechanism every lifecycle service uses: role, table, version, then update + event + outbox."""

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.core import outbox
from fixloop.core.errors import Conflict, Forbidden
from fixloop.workorders.models import WorkOrder, WorkOrderEvent
from fixloop.workorders.permissions import allowed_actions, may_act
from fixloop.workorders.selectors import order_get_for
from fixloop.workorders.signals import order_event
from fixloop.workorders.states import REWORK_ACTIONS, Action, State, target


def begin(actor: Actor, number: str, action: Action, expected_version: int) -> tuple[WorkOrder, State]:
    """Load the order as the actor sees it and check role, table and version; return it and the target."""
    order = order_get_for(actor, number)
    if not may_act(actor, action, order):
        raise Forbidden(
            "action_forbidden",
            _("Your role may not perform “{action}” on this order.").format(action=Action(action).label),
            {"allowed_actions": allowed_actions(actor, order)},
        )
    to_state = target(order.state, action)
    if to_state is None:
        raise Conflict(
            "action_not_allowed",
            _("“{action}” is not possible while the order is {state}.").format(
                action=Action(action).label, state=State(order.state).label
            ),
            {"state": order.state, "allowed_actions": allowed_actions(actor, order)},
        )
    if order.version != expected_version:
        raise stale(order.version)
    return order, to_state


def stale(current_version: int) -> Conflict:
    return Conflict(
        "stale_version",
        _("Someone else changed this order meanwhile; reload it and try again."),
        {"current_version": current_version},
    )


def commit(
    actor: Actor,
    order: WorkOrder,
    action: Action,
    to_state: State,
    *,
    changes: dict | None = None,
    payload: dict | None = None,
) -> WorkOrder:
    """Conditional UPDATE on the version (0 rows: someone won the race), then the event and the outbox row."""
    changes = dict(changes or {})
    if action in REWORK_ACTIONS:
        changes["rework_count"] = order.rework_count + 1
    now = timezone.now()
    updated = WorkOrder.objects.filter(pk=order.pk, version=order.version, state=order.state).update(
        state=to_state, version=F("version") + 1, updated_at=now, **changes
    )
    if updated != 1:
        raise stale(order.version + 1)
    from_state = order.state
    order.state, order.version, order.updated_at = to_state, order.version + 1, now
    for field, value in changes.items():
        setattr(order, field, value)
    record_event(actor, order, action, from_state, payload or {})
    return order


def record_event(
    actor: Actor, order: WorkOrder, action: str, from_state: str, payload: dict, *, versioned: bool = True
) -> WorkOrderEvent:
    """Append to the timeline and the outbox; unversioned events (notes, photos) do not change state."""
    event = WorkOrderEvent.objects.create(
        order=order,
        version=order.version if versioned else None,
        action=action,
        from_state=from_state,
        to_state=order.state,
        actor_user=actor.user,
        actor_partner=actor.partner,
        actor_role=actor.role,
        actor_label=actor.label,
        payload=payload,
    )
    outbox.enqueue(
        f"workorder.{action}",
        {
            "order_id": order.pk,
            "number": order.number,
            "event_id": event.pk,
            "from": from_state,
            "to": order.state,
            "version": order.version,
        },
    )
    order_event.send(sender=WorkOrder, order=order, event=event, actor=actor)
    return event
