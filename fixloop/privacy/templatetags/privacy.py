"""Template tags that show a phone number or an address in full or masked, by the viewer's role."""

from django import template

from fixloop.privacy.masking import masked_address_for, masked_phone_for
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
def contact_address(context, address: str, order=None) -> str:
    actor = _actor(context)
    return masked_address_for(actor, address, order) if actor is not None else ""
