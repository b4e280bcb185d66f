"""`{% order_panels "console" "side" %}`: the panels other apps contribute to an order page."""

from django import template
from django.utils.safestring import mark_safe

from fixloop.web.panels import render_panels

register = template.Library()


@register.simple_tag(takes_context=True)
def order_panels(context, area: str, slot: str):
    request = context["request"]
    return mark_safe(render_panels(request, context["actor"], context["obj"], area, slot))
