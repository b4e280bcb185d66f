"""`{% nav_links "console" %}`: the menu of an area, from every app's nav.py; `{% home_url %}`: the user's
start page."""

from django import template

from fixloop.web.access import home_for
from fixloop.web.nav import links_for

register = template.Library()


@register.inclusion_tag("web/nav_links.html", takes_context=True)
def nav_links(context, area: str):
    request = context["request"]
    return {"links": links_for(area, request.user, request.path)}


@register.simple_tag(takes_context=True)
def home_url(context) -> str:
    return home_for(context["request"].user)
