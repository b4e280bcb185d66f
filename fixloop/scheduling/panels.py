"""Order-page panels: engineer suggestions with reasons (console) and appointment booking links."""

from fixloop.accounts.roles import Role
from fixloop.scheduling.appointments import bookable
from fixloop.scheduling.assignment import _suggest
from fixloop.web.panels import OrderPanel
from fixloop.workorders.permissions import may_act
from fixloop.workorders.states import Action

SHOWN = 5


def suggestions_panel(request, actor, order):
    """Top suggestions while the order can still be (re)assigned; the booking link for on-site work."""
    can_assign = may_act(actor, Action.ASSIGN, order) and order.state in ("triaged", "assigned", "scheduled")
    can_book = bookable(order) and may_act(actor, Action.SCHEDULE, order)
    if not can_assign and not can_book:
        return None
    return {"suggestions": _suggest(order)[:SHOWN] if can_assign else [], "can_book": can_book}


def booking_panel(request, actor, order):
    if not bookable(order):
        return None
    if actor.role != Role.CUSTOMER and not may_act(actor, Action.SCHEDULE, order):
        return None
    return {}


ORDER_PANELS = [
    OrderPanel(
        template="scheduling/panel_suggestions.html",
        context=suggestions_panel,
        area="console",
        slot="side",
        roles=frozenset({Role.DISPATCHER, Role.MANAGER}),
        order=30,
    ),
    OrderPanel(
        template="scheduling/panel_booking.html",
        context=booking_panel,
        area="console",
        slot="side",
        roles=frozenset({Role.AGENT, Role.ENGINEER}),
        order=30,
    ),
    OrderPanel(
        template="scheduling/panel_booking_portal.html",
        context=booking_panel,
        area="portal",
        slot="main",
        roles=frozenset({Role.CUSTOMER}),
        order=30,
    ),
]
