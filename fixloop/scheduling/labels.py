"""Words for what a stored day plan records as codes: the solver, why it was planned, distances.

The plan stores language-neutral codes (solver "pyvrp", trigger "RO-…: triage"); pages turn them into
the viewer's language here, so plans stored before a language switch read right as well.
"""

import re

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fixloop.workorders.states import Action

SOLVERS = {
    "pyvrp": gettext_lazy("Optimised (PyVRP)"),
    "vroom": gettext_lazy("Optimised (VROOM)"),
    "greedy": gettext_lazy("Quick heuristic"),
    "stored": gettext_lazy("Stored plan"),
}
# Triggers the code stores as fixed words (the rest are stored already translated, e.g. a sick report).
TRIGGERS = {"demo": gettext_lazy("demo data")}
# "{number}: {action}" as `planning.replan_for_order` stores it: the order event that caused a re-plan.
ORDER_EVENT_TRIGGER = re.compile(r"^(?P<number>\S+): (?P<action>[a-z_]+)$")


def solver_label(code: str) -> str:
    return str(SOLVERS.get(code, code))


def trigger_label(trigger: str) -> str:
    if trigger in TRIGGERS:
        return str(TRIGGERS[trigger])
    match = ORDER_EVENT_TRIGGER.match(trigger or "")
    if match and match["action"] in Action.values:
        return _("{number}: {action}").format(number=match["number"], action=Action(match["action"]).label)
    return trigger


def distance_label(metres: int | float | None) -> str:
    """Under a kilometre in metres, else kilometres to one decimal (55635 → "55.6 km")."""
    metres = metres or 0
    if metres < 1000:
        return _("{metres} m").format(metres=number_format(round(metres)))
    return _("{km} km").format(km=number_format(metres / 1000, decimal_pos=1))
