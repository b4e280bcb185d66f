"""Order-page panels: documents, a held quote for the manager, the customer's option decisions, costs."""

from django.utils.translation import gettext_lazy as _

from fixloop.accounts.roles import Role
from fixloop.web.panels import OrderPanel
from fixloop.workorders.costing import order_costs
from fixloop.workorders.models import Quote

DOCUMENT_LABELS = {
    "quote": _("Quote (PDF)"),
    "receipt": _("Hand-over receipt: received (PDF)"),
    "return": _("Hand-over receipt: returned (PDF)"),
    "report": _("Service report (PDF)"),
}


def available_documents(order, *, customer: bool) -> list[dict]:
    """The documents this order has reached (a held quote is not offered to the customer)."""
    quote_states = {Quote.Status.INTERNAL} if customer else set()
    kinds = []
    latest = order.quotes.order_by("-revision").values_list("status", flat=True).first()
    if latest is not None and latest not in quote_states:
        kinds.append("quote")
    handovers = set(order.handovers.values_list("kind", flat=True))
    kinds += [k for k in ("receipt", "return") if k in handovers]
    if order.qc_records.filter(passed=True).exists():
        kinds.append("report")
    return [{"kind": k, "label": DOCUMENT_LABELS[k]} for k in kinds]


def documents_context(request, actor, order):
    docs = available_documents(order, customer=actor.role == Role.CUSTOMER)
    return {"documents": docs} if docs else None


def held_quote_context(request, actor, order):
    held = order.quotes.filter(status=Quote.Status.INTERNAL).order_by("-revision").first()
    return {"held": held} if held else None


def options_context(request, actor, order):
    """The customer's view of the open quote's options: decline one and keep deciding on the others."""
    if order.state != "quoted":
        return None
    current = order.quotes.filter(status=Quote.Status.PENDING).order_by("-revision").first()
    if current is None:
        return None
    options = list(current.options.all())
    open_options = [o for o in options if o.declined_at is None]
    return {"quote": current, "options": options, "may_decline": len(open_options) > 1, "open": open_options}


def costs_context(request, actor, order):
    return {"costs": order_costs(order)}


ORDER_PANELS = [
    OrderPanel(
        "workorders/held_quote_panel.html",
        held_quote_context,
        "console",
        "side",
        frozenset({Role.MANAGER}),
        10,
    ),
    OrderPanel("workorders/documents_panel.html", documents_context, "console", "side", None, 20),
    OrderPanel(
        "workorders/costs_panel.html", costs_context, "console", "main", frozenset({Role.MANAGER}), 30
    ),
    OrderPanel("workorders/documents_panel.html", documents_context, "portal", "main", None, 20),
    OrderPanel(
        "workorders/quote_options_panel.html",
        options_context,
        "portal",
        "main",
        frozenset({Role.CUSTOMER}),
        15,
    ),
]
