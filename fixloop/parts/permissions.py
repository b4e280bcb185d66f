"""Who may see and move stock: warehouse and managers manage it, staff see it, engineers consume for their orders."""

from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.accounts.roles import STAFF_ROLES, Role
from fixloop.core.errors import Forbidden

STOCK_MANAGERS = frozenset({Role.WAREHOUSE, Role.MANAGER})
# Engineers issue parts to the orders assigned to them; warehouse and managers to any order.
CONSUMERS = frozenset({Role.ENGINEER, Role.WAREHOUSE, Role.MANAGER})


def require_stock_manager(actor: Actor) -> None:
    if actor.role not in STOCK_MANAGERS:
        raise Forbidden("stock_managers_only", _("Only the warehouse or a manager may change stock."))


def require_stock_viewer(actor: Actor) -> None:
    if actor.role not in STAFF_ROLES:
        raise Forbidden("staff_only", _("Only staff may see spare-parts stock."))


def may_consume(actor: Actor, order) -> bool:
    """Engineers only for orders assigned to them; warehouse and managers for any order they can see."""
    if actor.role == Role.ENGINEER:
        return actor.engineer_id is not None and order.assignee_id == actor.engineer_id
    return actor.role in CONSUMERS
