"""Writers for personal data: export (right of access) and deletion requests with a manager's approval."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.accounts.roles import Role
from fixloop.audit.models import Kind
from fixloop.audit.services import record
from fixloop.core.errors import Conflict, Forbidden, NotFound
from fixloop.customers.models import Customer
from fixloop.privacy.anonymising import anonymise_customer
from fixloop.privacy.exporting import customer_export
from fixloop.privacy.models import DeletionRequest

# Staff who may export or file a deletion request on a customer's behalf (e.g. a request by phone).
ON_BEHALF_ROLES = frozenset({Role.AGENT, Role.MANAGER})


def _customer_for(actor: Actor, customer_id: int | None) -> Customer:
    """The customer themselves, or any customer for an agent or manager; NotFound otherwise."""
    if actor.partner is None and actor.role == Role.CUSTOMER and actor.customer_id is not None:
        if customer_id in (None, actor.customer_id):
            return Customer.objects.select_related("user").get(pk=actor.customer_id)
    elif actor.partner is None and actor.role in ON_BEHALF_ROLES and customer_id is not None:
        customer = Customer.objects.select_related("user").filter(pk=customer_id).first()
        if customer is not None:
            return customer
    raise NotFound("customer_not_found", _("Customer not found."))


def is_anonymised(customer: Customer) -> bool:
    return DeletionRequest.objects.filter(customer=customer, state=DeletionRequest.State.DONE).exists()


def export_data(*, actor: Actor, customer_id: int | None = None, request=None) -> dict:
    """Everything held about the customer as a JSON-ready dict. Effects: one EXPORT audit entry."""
    customer = _customer_for(actor, customer_id)
    data = customer_export(customer)
    with transaction.atomic():
        record(
            Kind.EXPORT,
            actor=actor,
            request=request,
            target=customer,
            target_label=f"customer {customer.pk}",
            details={"what": "personal_data", "orders": len(data["orders"])},
        )
    return data


@transaction.atomic
def request_deletion(
    *, actor: Actor, reason: str = "", customer_id: int | None = None, request=None
) -> DeletionRequest:
    """File a request to anonymise the customer. Guard: no request pending, not anonymised already.

    Effects: one pending DeletionRequest and one DELETION_REQUEST audit entry.
    """
    customer = _customer_for(actor, customer_id)
    if is_anonymised(customer):
        raise Conflict("already_anonymised", _("This customer's personal data has already been erased."))
    try:
        with transaction.atomic():
            pending = DeletionRequest.objects.create(
                customer=customer, reason=reason.strip()[:2000], requested_by=actor.user
            )
    except IntegrityError as exc:
        raise Conflict("deletion_pending", _("A deletion request is already waiting for approval.")) from exc
    record(
        Kind.DELETION_REQUEST,
        actor=actor,
        request=request,
        target=customer,
        target_label=f"customer {customer.pk}",
        details={"request": pending.pk},
    )
    return pending


def _pending_for_decision(actor: Actor, request_id: int) -> DeletionRequest:
    if actor.partner is not None or actor.role != Role.MANAGER:
        raise Forbidden("forbidden", _("Only a manager may decide on a deletion request."))
    pending = (
        DeletionRequest.objects.select_for_update().select_related("customer").filter(pk=request_id).first()
    )
    if pending is None:
        raise NotFound("deletion_request_not_found", _("Deletion request not found."))
    if pending.state != DeletionRequest.State.PENDING:
        raise Conflict("deletion_decided", _("This deletion request has already been decided."))
    return pending


@transaction.atomic
def approve_deletion(*, actor: Actor, request_id: int, note: str = "", request=None) -> DeletionRequest:
    """A manager approves: the customer is anonymised now. Guard: manager; the request is pending.

    Effects: personal data erased (see anonymising), the request marked done, one DELETION audit entry.
    """
    pending = _pending_for_decision(actor, request_id)
    counts = anonymise_customer(pending.customer)
    _decide(pending, actor, DeletionRequest.State.DONE, note)
    record(
        Kind.DELETION,
        actor=actor,
        request=request,
        target=pending.customer,
        target_label=f"customer {pending.customer_id}",
        details={"request": pending.pk, "rows": counts},
    )
    return pending


@transaction.atomic
def reject_deletion(*, actor: Actor, request_id: int, note: str, request=None) -> DeletionRequest:
    """A manager rejects (e.g. an open legal dispute), with a note the customer sees. Guard: manager, pending."""
    pending = _pending_for_decision(actor, request_id)
    _decide(pending, actor, DeletionRequest.State.REJECTED, note)
    record(
        Kind.DELETION_REQUEST,
        actor=actor,
        request=request,
        target=pending.customer,
        target_label=f"customer {pending.customer_id}",
        details={"request": pending.pk, "decision": "rejected"},
    )
    return pending


@transaction.atomic
def withdraw_deletion(*, actor: Actor, request_id: int, request=None) -> DeletionRequest:
    """The customer (or staff acting for them) takes back a request still waiting. Guard: pending.

    Effects: the request marked withdrawn (nothing is erased), one DELETION_REQUEST audit entry.
    """
    pending = DeletionRequest.objects.select_for_update().filter(pk=request_id).first()
    if pending is None:
        raise NotFound("deletion_request_not_found", _("Deletion request not found."))
    try:
        customer = _customer_for(actor, pending.customer_id)
    except NotFound as exc:  # somebody else's request: no hint that it exists
        raise NotFound("deletion_request_not_found", _("Deletion request not found.")) from exc
    if pending.state != DeletionRequest.State.PENDING:
        raise Conflict("deletion_decided", _("This deletion request has already been decided."))
    _decide(pending, actor, DeletionRequest.State.WITHDRAWN, "")
    record(
        Kind.DELETION_REQUEST,
        actor=actor,
        request=request,
        target=customer,
        target_label=f"customer {customer.pk}",
        details={"request": pending.pk, "decision": "withdrawn"},
    )
    return pending


def _decide(pending: DeletionRequest, actor: Actor, state: str, note: str) -> None:
    pending.state = state
    pending.decided_by = actor.user
    pending.decided_at = timezone.now()
    pending.decision_note = note.strip()[:2000]
    pending.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
