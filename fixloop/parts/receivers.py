"""Work-order events that move stock: an approval reserves the quote's parts, the end of an order frees them."""

import logging
from functools import partial

from django.db import transaction
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.core.errors import DomainError
from fixloop.parts.services.reservations import needs_from_lines, release_for_order, reserve_for_order
from fixloop.parts.stock_models import PartShortage
from fixloop.workorders.states import State

log = logging.getLogger(__name__)
FINAL_STATES = frozenset({State.RESOLVED, State.CLOSED, State.CANCELLED})


def on_order_event(sender, *, order, event, actor, **kwargs) -> None:
    """Runs inside the order's transaction: holds and releases commit or roll back with the change."""
    if event.action == "approve":
        _reserve_approved_option(order, event.payload or {})
    elif event.to_state in FINAL_STATES and event.from_state not in FINAL_STATES:
        release_for_order(
            actor=Actor.system(), order=order, reason=_("Order {state}").format(state=State(event.to_state).label)
        )


def _reserve_approved_option(order, payload: dict) -> None:
    from fixloop.workorders.models import QuoteLine

    option_id = payload.get("option_id")
    if not option_id:
        return
    lines = QuoteLine.objects.filter(option_id=option_id, part__isnull=False).select_related("part")
    shortages = reserve_for_order(actor=Actor.system(), order=order, needs=needs_from_lines(lines))
    if shortages:
        # wait_parts is its own durable transaction with its own event, so it runs once the approval has
        # committed; robust: a failure there (someone moved the order first) must not fail the approval.
        transaction.on_commit(partial(pause_for_parts, order.pk), robust=True)


def pause_for_parts(order_id: int) -> bool:
    """Move a repair still waiting on open shortages to awaiting_parts, expected when the last part arrives."""
    from fixloop.workorders import services
    from fixloop.workorders.models import WorkOrder

    order = WorkOrder.objects.filter(pk=order_id, state="repairing").first()
    open_ = list(
        PartShortage.objects.filter(order_id=order_id, status=PartShortage.Status.OPEN).select_related("part")
    )
    if order is None or not open_:
        return False
    parts = "; ".join(f"{s.part.number} {s.part.name} × {s.quantity}" for s in open_)
    try:
        services.wait_parts(actor=Actor.system(), number=order.number, expected_version=order.version, parts=parts,
                            expected_date=max(s.expected_date for s in open_))  # fmt: skip
    except DomainError as exc:
        log.warning("order %s not moved to awaiting_parts: %s", order.number, exc.code)
        return False
    return True
