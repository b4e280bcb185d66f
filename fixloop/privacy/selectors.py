"""Reads for personal-data requests."""

from django.db.models import QuerySet

from fixloop.accounts.actor import Actor
from fixloop.accounts.roles import Role
from fixloop.privacy.models import DeletionRequest


def deletion_request_list(actor: Actor, *, state: str = "") -> QuerySet[DeletionRequest]:
    """A customer sees their own requests; a manager sees all; anyone else none."""
    rows = DeletionRequest.objects.select_related("customer", "requested_by", "decided_by")
    if actor.partner is not None:
        return rows.none()
    if actor.role == Role.CUSTOMER:
        rows = rows.filter(customer_id=actor.customer_id) if actor.customer_id else rows.none()
    elif actor.role != Role.MANAGER:
        return rows.none()
    if state:
        rows = rows.filter(state=state)
    return rows.order_by("-requested_at", "-id")
