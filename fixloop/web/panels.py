"""Order-page panels, contributed by each app in `<app>/panels.py` as `ORDER_PANELS`.

The console and portal order pages render every panel that applies, so modules (SLA clocks, parts,
knowledge suggestions, surveys…) show their part of an order without editing the shared page.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.template.loader import render_to_string


@dataclass(frozen=True)
class OrderPanel:
    template: str
    # (request, actor, order) -> template context, or None to show nothing. Keep it to a few queries.
    context: Callable
    area: str = "console"  # "console" or "portal"
    slot: str = "main"  # console: "header" (under the facts), "main" (left column), "side" (beside the actions)
    roles: frozenset[str] | None = None  # None: every user of the area
    order: int = 100


@cache
def _registered() -> tuple[OrderPanel, ...]:
    panels: list[OrderPanel] = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.panels"
        if config.name.startswith("fixloop.") and find_spec(module_name) is not None:
            panels.extend(getattr(import_module(module_name), "ORDER_PANELS", []))
    return tuple(sorted(panels, key=lambda panel: panel.order))


def render_panels(request, actor, order, area: str, slot: str) -> str:
    html = []
    for panel in _registered():
        if panel.area != area or panel.slot != slot:
            continue
        if panel.roles is not None and actor.role not in panel.roles:
            continue
        context = panel.context(request, actor, order)
        if context is not None:
            html.append(render_to_string(panel.template, {**context, "order": order}, request=request))
    return "".join(html)
