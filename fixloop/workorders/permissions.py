"""Who may do what: the role of each action, object rules, and which orders an actor can see."""

from django.db.models import Q

from fixloop.accounts.actor import Actor
from fixloop.accounts.models import User
from fixloop.accounts.roles import SERVICE_POINT_ROLES, Role
from fixloop.workorders.states import TRANSITIONS, Action, State

R, A = Role, Action
CUSTOMER_SIDE = {R.CUSTOMER, R.PARTNER}

ACTION_ROLES: dict[Action, frozenset[str]] = {
    A.TRIAGE: frozenset({R.AGENT, R.DISPATCHER, R.MANAGER}),
    A.RESOLVE_REMOTELY: frozenset({R.AGENT, R.ENGINEER, R.MANAGER}),
    A.ASSIGN: frozenset({R.DISPATCHER, R.MANAGER}),
    A.SCHEDULE: frozenset({R.DISPATCHER, R.AGENT, R.ENGINEER, R.MANAGER}),
    A.CHECK_IN: frozenset({R.ENGINEER}),
    A.RECEIVE_DEVICE: frozenset({R.ENGINEER, R.AGENT, R.MANAGER}),
    A.QUOTE: frozenset({R.ENGINEER, R.MANAGER}),
    A.APPROVE: frozenset({R.CUSTOMER, R.PARTNER, R.AGENT, R.MANAGER}),
    A.REJECT: frozenset({R.CUSTOMER, R.PARTNER, R.AGENT, R.MANAGER}),
    A.PREPARE_RETURN: frozenset({R.ENGINEER, R.MANAGER}),
    A.START_REPAIR: frozenset({R.ENGINEER}),
    A.WAIT_PARTS: frozenset({R.ENGINEER, R.WAREHOUSE, R.MANAGER}),
    A.RESUME_REPAIR: frozenset({R.ENGINEER, R.WAREHOUSE, R.MANAGER}),
    A.SUBMIT_QC: frozenset({R.ENGINEER}),
    A.PASS_QC: frozenset({R.ENGINEER, R.MANAGER}),
    A.FAIL_QC: frozenset({R.ENGINEER, R.MANAGER}),
    A.HAND_BACK: frozenset({R.ENGINEER, R.AGENT, R.MANAGER}),
    A.ACCEPT: frozenset({R.CUSTOMER, R.PARTNER, R.AGENT, R.MANAGER}),
    A.DISPUTE: frozenset({R.CUSTOMER, R.PARTNER, R.AGENT, R.MANAGER}),
    A.CLOSE: frozenset({R.AGENT, R.MANAGER}),
    A.CANCEL: frozenset({R.CUSTOMER, R.PARTNER, R.AGENT, R.DISPATCHER, R.MANAGER}),
}

# Engineers act on the bench only for orders assigned to them.
ASSIGNEE_ONLY = frozenset({A.CHECK_IN, A.START_REPAIR, A.SUBMIT_QC, A.QUOTE, A.RECEIVE_DEVICE})
# Customers and partners may cancel only before anyone has started work on the device.
CUSTOMER_CANCEL_STATES = frozenset({State.NEW, State.TRIAGED, State.ASSIGNED, State.SCHEDULED})


def may_act(actor: Actor, action: str, order) -> bool:
    """The role and object rules for one action on one (already visible) order."""
    if actor.role not in ACTION_ROLES.get(action, ()):
        return False
    if actor.role == R.ENGINEER and action in ASSIGNEE_ONLY:
        return order.assignee_id == actor.engineer_id
    if actor.role in CUSTOMER_SIDE and action == A.CANCEL:
        return order.state in CUSTOMER_CANCEL_STATES
    return True


def allowed_actions(actor: Actor, order) -> list[str]:
    """The actions this actor may take on this order now (table and role rules; guards not run)."""
    return [
        action.value
        for (state, action) in TRANSITIONS
        if state == order.state and may_act(actor, action, order)
    ]


def order_scope(actor: Actor) -> Q:
    """The orders an actor may see. Anything outside answers 404, never 403."""
    if actor.role == R.MANAGER:
        return Q()
    if actor.role == R.CUSTOMER:
        return Q(customer_id=actor.customer_id) if actor.customer_id else Q(pk__in=[])
    if actor.role == R.PARTNER:
        return Q(partner_id=actor.partner.pk)
    if actor.role == R.ENGINEER:
        if actor.engineer_id is None:
            return Q(pk__in=[])
        return Q(assignee_id=actor.engineer_id) | Q(service_point_id=actor.home_service_point_id)
    if actor.role in SERVICE_POINT_ROLES and actor.user is not None:
        # A subquery, not a list: keeps the query count constant whatever the user's service points.
        mine = User.service_points.through.objects.filter(user_id=actor.user.pk).values("servicepoint_id")
        return Q(service_point_id__in=mine) | Q(service_point__isnull=True)
    return Q(pk__in=[])
