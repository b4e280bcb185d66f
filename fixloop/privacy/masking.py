"""Who sees a customer's phone number and address in full; everyone else sees them masked.

Agents, dispatchers and managers work with customers and need both; an engineer needs them for the
orders assigned to them (to call and to drive there); the warehouse never does. Customers and partners
only ever reach their own orders, so they see them in full.
"""

from fixloop.accounts.actor import Actor
from fixloop.accounts.roles import Role
from fixloop.ops.masking import mask_phone

__all__ = ["contact_visible", "mask_address", "mask_phone", "masked_address_for", "masked_phone_for"]

FULL_CONTACT_ROLES = frozenset({Role.AGENT, Role.DISPATCHER, Role.MANAGER, Role.CUSTOMER, Role.PARTNER})


def contact_visible(actor: Actor, order=None) -> bool:
    """Whether `actor` may see the contact details of `order` (or of customers in general) in full."""
    if actor.role in FULL_CONTACT_ROLES:
        return True
    if actor.role == Role.ENGINEER and order is not None:
        return actor.engineer_id is not None and getattr(order, "assignee_id", None) == actor.engineer_id
    return False


def mask_address(address: str) -> str:
    """Keep the city and district the first characters usually name; hide the street and number."""
    address = (address or "").strip()
    if not address:
        return ""
    keep = min(6, max(len(address) // 3, 1))
    return address[:keep] + "****"


def masked_phone_for(actor: Actor, phone: str, order=None) -> str:
    return phone if contact_visible(actor, order) else mask_phone(phone)


def masked_address_for(actor: Actor, address: str, order=None) -> str:
    return address if contact_visible(actor, order) else mask_address(address)
