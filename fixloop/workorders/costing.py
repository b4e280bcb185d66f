"""Cost accounting per order: parts at cost, labour hours × internal rate, transport, against revenue."""

from decimal import Decimal

from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.accounts.roles import Role
from fixloop.core.errors import Forbidden
from fixloop.workorders.models import QuoteApproval, QuoteLine, WorkOrder
from fixloop.workorders.selectors import order_get_for
from fixloop.workorders.services.pricing import CENT, setting

ZERO = Decimal("0.00")
COST_ROLES = frozenset({Role.MANAGER})


def _line_cost(line: QuoteLine) -> Decimal:
    return (line.quantity * line.unit_cost).quantize(CENT)


def order_costs(order: WorkOrder) -> dict:
    """What the order cost the company and earned; warranty and goodwill lines are the company's cost."""
    decision = (
        QuoteApproval.objects.filter(quote__order=order)
        .select_related("option")
        .prefetch_related("option__lines")
        .order_by("-id")
        .first()
    )
    lines = list(decision.option.lines.all()) if decision and decision.option_id else []
    sums = {kind: sum((_line_cost(li) for li in lines if li.kind == kind), ZERO) for kind in QuoteLine.Kind}
    hours = sum((li.quantity for li in lines if li.kind == QuoteLine.Kind.LABOUR), ZERO)
    fitted = list(order.replaced_parts.all())
    parts = sum(((p.quantity * p.unit_cost).quantize(CENT) for p in fitted), ZERO) if fitted else sums["part"]
    labour = sums["labour"]
    if not hours:
        # No quoted labour (free repair or a rejected quote): the diagnosis' hours at the internal rate.
        diagnosis = order.diagnoses.order_by("-id").first()
        hours = diagnosis.labour_hours if diagnosis else ZERO
        labour = (hours * setting("LABOUR_COST_RATE")).quantize(CENT)
    cost = parts + labour + sums["transport"]
    if decision is None:
        revenue = ZERO
    elif decision.decision == QuoteApproval.Decision.REJECTED:
        revenue = decision.fee
    else:
        revenue = decision.option.subtotal
    covered = order.warranty_status in ("in_warranty", "repair_warranty") and decision is None
    warranty_cost = cost if covered else sum((_line_cost(li) for li in lines if li.payer != "customer"), ZERO)
    return {
        "currency": "CNY", "parts": parts, "labour": labour, "transport": sums["transport"], "cost": cost,
        "revenue": revenue, "warranty_cost": warranty_cost, "margin": revenue - cost, "labour_hours": hours,
    }  # fmt: skip


def order_costs_for(actor: Actor, number: str) -> dict:
    """Managers see an order's costs; others get 403 (and 404 for orders they cannot see at all)."""
    order = order_get_for(actor, number)
    if actor.role not in COST_ROLES:
        raise Forbidden("costs_forbidden", _("Only managers see an order's costs."))
    return order_costs(order)
