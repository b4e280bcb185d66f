"""Order-page panels: related articles, the triage assistant's suggestion, what the portal learnt at intake."""

from fixloop.accounts.roles import STAFF_ROLES
from fixloop.kb import selectors
from fixloop.kb.models import IntakeContext, TriageSuggestion
from fixloop.kb.permissions import TRIAGE_ROLES
from fixloop.kb.services import triage
from fixloop.web.panels import OrderPanel
from fixloop.workorders.states import State


def articles_context(request, actor, order):
    text = " ".join(filter(None, [order.symptoms, order.error_codes]))
    return {"articles": selectors.suggestions(text, product_model=order.product_model, k=3), "area": "console",
            "panel": True}  # fmt: skip


def _decision(target: str, decision: dict | None) -> dict | None:
    """The agent's choice with its value shown as a label, like the suggestion beside it."""
    if not decision:
        return decision
    return {**decision, "chosen": triage.value_label(target, decision.get("chosen", ""))}


def triage_context(request, actor, order):
    """The suggestion while the order is new (computed now if the worker has not yet), else the record."""
    suggestion = TriageSuggestion.objects.filter(order=order).first()
    if suggestion is None and order.state == State.NEW:
        suggestion = triage.suggest_for(order_id=order.pk)
    if suggestion is None:
        if order.state != State.NEW:
            return None
        return {"suggestion": None, "too_little_history": True}
    rows = [
        {"target": triage.target_label(target), "label": triage.value_label(target, s["label"]),
         "confidence": s["confidence"], "decision": _decision(target, suggestion.decision.get(target))}
        for target, s in suggestion.suggestions.items()
    ]  # fmt: skip
    may_accept = (
        order.state == State.NEW and actor.role in TRIAGE_ROLES and "priority" in suggestion.suggestions
    )
    return {"suggestion": suggestion, "rows": rows, "may_accept": may_accept}


def intake_context(request, actor, order):
    context = IntakeContext.objects.filter(order=order).select_related("tree_run__outcome").first()
    return {"intake": context} if context else None


ORDER_PANELS = [
    OrderPanel(
        template="kb/panel_triage.html",
        context=triage_context,
        area="console",
        slot="side",
        roles=frozenset(STAFF_ROLES),
        order=40,
    ),
    OrderPanel(
        template="kb/panel_intake.html", context=intake_context, area="console", slot="side", order=41
    ),
    OrderPanel(
        template="kb/panel_articles.html",
        context=articles_context,
        area="console",
        slot="side",
        roles=frozenset(STAFF_ROLES),
        order=42,
    ),
]
