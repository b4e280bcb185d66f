"""Who sees a customer's phone number and address in full; everyone else sees them masked.

Agents, dispatchers and managers work with customers and need both; an engineer needs them for the
open orders assigned to them and for the open orders today's day plan routes to them, even before the
dispatcher applies the plan (their phone shows that route, and they must call and drive there); the
warehouse never does. Customers and partners
only ever reach their own orders, so they see them in full.

Every page, document and API answer that shows a customer's phone or address goes through these helpers
(templates through the `privacy` template tags), so the rule lives here and nowhere else.
"""

from django.utils import timezone

from fixloop.accounts.actor import Actor
from fixloop.accounts.roles import Role
from fixloop.ops.masking import mask_phone, mask_text

__all__ = [
    "contact_visible",
    "mask_address",
    "mask_name",
    "mask_phone",
    "masked_address_for",
    "masked_contact_fields",
    "masked_customer",
    "masked_phone_for",
    "masked_text_for",
]

MASK = "****"
FULL_CONTACT_ROLES = frozenset({Role.AGENT, Role.DISPATCHER, Role.MANAGER, Role.CUSTOMER, Role.PARTNER})


def contact_visible(actor: Actor, order=None) -> bool:
    """Whether `actor` may see the contact details of `order` (or of customers in general) in full."""
    if actor.role in FULL_CONTACT_ROLES:
        return True
    if actor.role == Role.ENGINEER and order is not None and actor.engineer_id is not None:
        if getattr(order, "assignee_id", None) == actor.engineer_id:
            return True
        return actor.engineer_id in _routed_today(order)
    return False


def _routed_today(order) -> frozenset[int]:
    """Engineers whose route in today's day plan stops at `order` while it is open (on-site and pickup
    orders only: nothing else is routed). Cached on the order object: a page asks once per order."""
    from fixloop.scheduling.dayproblem import PLAN_MODES  # scheduling builds on privacy, not the reverse
    from fixloop.scheduling.models import PlanStop
    from fixloop.workorders.states import OPEN_STATES

    if getattr(order, "pk", None) is None or order.service_mode not in PLAN_MODES:
        return frozenset()
    if order.state not in OPEN_STATES:
        return frozenset()
    cached = getattr(order, "_routed_today", None)
    if cached is None:
        stops = PlanStop.objects.filter(order_id=order.pk, route__plan__date=timezone.localdate())
        cached = frozenset(stops.values_list("route__engineer_id", flat=True))
        order._routed_today = cached
    return cached


def mask_address(address: str) -> str:
    """Keep the city and district the first characters usually name; hide the street and number."""
    address = (address or "").strip()
    if not address or address.endswith(MASK):  # empty, or masked already (a presenter did it)
        return address
    keep = min(6, max(len(address) // 3, 1))
    return address[:keep] + MASK


def mask_name(name: str) -> str:
    """张** : the family name (or first letter) to confirm a match, not enough to identify someone."""
    name = (name or "").strip()
    return name[:1] + "**" if name else ""


def masked_phone_for(actor: Actor, phone: str, order=None) -> str:
    return phone if contact_visible(actor, order) else mask_phone(phone)


def masked_address_for(actor: Actor, address: str, order=None) -> str:
    return address if contact_visible(actor, order) else mask_address(address)


def masked_text_for(actor: Actor, text: str, order=None) -> str:
    """Free text that may hold a phone number or an email address (a notification's recipient, an error)."""
    return text if contact_visible(actor, order) else mask_text(text or "")


# Which keys of a presented dict hold a phone number or an address.
PHONE_KEYS = ("contact_phone", "phone")
ADDRESS_KEYS = ("service_address", "address")


def masked_contact_fields(actor: Actor, data: dict, order=None) -> dict:
    """`data` (an order or task as the API presents it) with its phone and address keys masked unless the
    actor may see them; the dict itself is returned untouched when they may."""
    if contact_visible(actor, order):
        return data
    masked = dict(data)
    for key in PHONE_KEYS:
        if isinstance(masked.get(key), str):
            masked[key] = mask_phone(masked[key])
    for key in ADDRESS_KEYS:
        if isinstance(masked.get(key), str):
            masked[key] = mask_address(masked[key])
    return masked


def masked_customer(actor: Actor, customer) -> dict:
    """A customer as the staff lookup shows it: in full for roles that work with customers; otherwise only
    enough to recognise a match (family name, masked phone and email)."""
    row = {
        "id": customer.pk,
        "name": customer.name,
        "phone": customer.phone,
        "email": customer.email,
        "tier": customer.tier,
        "language": customer.language,
    }
    if contact_visible(actor):
        return row
    return {
        **row,
        "name": mask_name(customer.name),
        "phone": mask_phone(customer.phone),
        "email": mask_text(customer.email or ""),
    }
