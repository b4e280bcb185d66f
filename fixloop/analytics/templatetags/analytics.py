"""Formatting KPI values: ratios as percentages, hours with a unit, "—" when there is no data."""

from django import template
from django.utils.translation import gettext as _

from fixloop.analytics.components import component_label

register = template.Library()


@register.filter
def pct(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


@register.filter
def hrs(value) -> str:
    return "—" if value is None else _("{hours} h").format(hours=f"{value:.1f}")


@register.filter
def component(code) -> str:
    """A fault component code (quality.pareto's "component") as its translated label."""
    return component_label(code)
