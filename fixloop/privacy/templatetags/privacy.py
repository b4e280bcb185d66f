"""Template tags that show a phone number or an address in full or masked, by the viewer's role."""

from django import template
from django.utils.html import format_html

from fixloop.privacy.masking import contact_visible, masked_address_for, masked_phone_for, masked_text_for
from fixloop.web.access import request_actor

register = template.Library()


def _actor(context):
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return None
    return request_actor(request)


@register.simple_tag(takes_context=True)
def contact_phone(context, phone: str, order=None) -> str:
    """`{% contact_phone order.contact_phone order %}`: masked unless the viewer needs it (see masking)."""
    actor = _actor(context)
    return masked_phone_for(actor, phone, order) if actor is not None else ""


@register.simple_tag(takes_context=True)
def contact_phone_link(context, phone: str, order=None) -> str:
    """A tel: link for a viewer who may call the customer; the masked number, not a link, for the others."""
    actor = _actor(context)
    if actor is None or not phone:
        return ""
    if contact_visible(actor, order):
        return format_html('<a href="tel:{}">{}</a>', phone, phone)
    return masked_phone_for(actor, phone, order)


@register.simple_tag(takes_context=True)
def contact_address(context, address: str, order=None) -> str:
    actor = _actor(context)
    return masked_address_for(actor, address, order) if actor is not None else ""


@register.simple_tag(takes_context=True)
def contact_text(context, text: str, order=None) -> str:
    """Free text that may carry a phone number or an email address, masked for viewers without need."""
    actor = _actor(context)
    return masked_text_for(actor, text, order) if actor is not None else ""
