"""Page-side views of an order: timeline rows, the latest quote, the forms the actor may use now."""

from fixloop.web.actions import action_form
from fixloop.workorders import presenters, selectors
from fixloop.workorders.permissions import allowed_actions
from fixloop.workorders.states import State

# Payload keys worth showing to staff in the timeline, in this order.
SUMMARY_KEYS = (
    "resolution",
    "note",
    "reason",
    "findings",
    "plan",
    "work_done",
    "parts",
    "accessories",
    "condition",
    "comment",
)


def timeline_rows(order) -> list[dict]:
    rows = []
    for event in selectors.timeline(order):
        row = presenters.event_dict(event)
        row["to_state_label"] = State(event.to_state).label if event.version is not None else ""
        payload = event.payload or {}
        row["summary"] = " · ".join(str(payload[k]) for k in SUMMARY_KEYS if payload.get(k))
        rows.append(row)
    return rows


def action_forms(actor, order, quote, *, only=None, bound=None) -> list:
    """Unbound forms for every action allowed now; `bound` replaces its own action's form (with errors)."""
    forms = []
    for action in allowed_actions(actor, order):
        if only is not None and action not in only:
            continue
        if bound is not None and bound.action == action:
            forms.append(bound)
        else:
            forms.append(action_form(action, order, quote))
    if bound is not None and bound not in forms:
        forms.insert(0, bound)
    return forms
