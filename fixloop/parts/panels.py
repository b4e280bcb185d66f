"""The order page's parts panel: what the order holds, used, waits for and removed."""

from fixloop.parts import forms, selectors
from fixloop.parts.permissions import may_consume
from fixloop.web.panels import OrderPanel


def panel_context(request, actor, order) -> dict | None:
    data = selectors.order_parts(order)
    can_issue = order.state == "repairing" and may_consume(actor, order)
    if not any(data.values()) and not can_issue:
        return None
    data["issue_form"] = forms.IssueForm(prefix="issue") if can_issue else None
    data["order"] = order
    return data


ORDER_PANELS = [
    OrderPanel(template="parts/panel.html", context=panel_context, area="console", slot="main", order=40),
]
