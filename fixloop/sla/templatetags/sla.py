"""`{% sla_badge badges order_id %}`: the SLA cell of a queue row, from the view's badge map."""

from django import template

register = template.Library()


@register.inclusion_tag("sla/badge.html")
def sla_badge(badges: dict, order_id: int):
    return {"b": badges.get(order_id) if badges else None}
