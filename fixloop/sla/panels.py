"""The SLA clocks panel under the facts of the console's order page."""

from django.utils import timezone

from fixloop.sla import selectors, snapshots
from fixloop.sla.policies import SlaContext
from fixloop.web.panels import OrderPanel


def _duration(seconds: int) -> str:
    hours, rest = divmod(max(seconds, 0), 3600)
    return f"{hours}:{rest // 60:02d}"


def clocks_context(request, actor, order) -> dict | None:
    """The order's clocks computed live from its events (a few queries, whatever the timeline length)."""
    computed = snapshots.compute(order, now=timezone.now(), ctx=SlaContext.load())
    if computed.policy is None:
        return None
    rows = selectors.clock_rows(computed)
    for row in rows:
        row["used_text"], row["target_text"] = (
            _duration(row["used_seconds"]),
            _duration(row["target_seconds"]),
        )
    return {
        "policy": computed.policy,
        "calendar_name": computed.calendar.name if computed.calendar else "",
        "warning_percent": computed.policy.warning_percent,
        "clocks": rows,
        "problem": computed.problem,
    }


ORDER_PANELS = [
    OrderPanel(template="sla/panel.html", context=clocks_context, area="console", slot="header", order=10)
]
