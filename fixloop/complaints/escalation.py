"""Complaints opened automatically: from a follow-up call (aftercare's outbox topic) or a low survey score."""

from django.db import transaction
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.complaints import services
from fixloop.complaints.models import Complaint
from fixloop.complaints.states import Channel, Severity
from fixloop.workorders.models import WorkOrder


def escalate_order(
    *, order: WorkOrder, channel: str, subject: str, description: str, source_key: str, severity: str
) -> Complaint:
    """One complaint per source, linked to the order, as the system (idempotent on `source_key`)."""
    return services.register_complaint(
        actor=Actor.system(),
        channel=channel,
        customer_id=order.customer_id,
        subject=subject,
        description=description,
        severity=severity,
        order_numbers=[order.number],
        source_key=source_key,
    )


def on_complaint_requested(message) -> Complaint | None:
    """Outbox topic "complaint.requested": a follow-up found the customer unhappy; register a complaint.

    The payload names the order (`order_id` or `number`) and carries the agent's note (`note`).
    """
    payload = message.payload or {}
    orders = WorkOrder.objects.all()
    if payload.get("order_id"):
        order = orders.filter(pk=payload["order_id"]).first()
    else:
        order = orders.filter(number=payload.get("number") or payload.get("order_number") or "").first()
    if order is None:
        return None  # the order is gone; nothing to complain about
    note = payload.get("note") or payload.get("agent_note") or ""
    severity = payload.get("severity") if payload.get("severity") in Severity.values else Severity.MEDIUM
    with transaction.atomic():
        return escalate_order(
            order=order,
            channel=Channel.FOLLOW_UP,
            subject=_("Follow-up of {number}: customer not satisfied").format(number=order.number),
            description=note or _("The customer was not satisfied when we followed up."),
            # One complaint per follow-up call, even if aftercare enqueued it twice.
            source_key=f"follow_up:{payload['follow_up_id']}"
            if payload.get("follow_up_id")
            else f"outbox:{message.pk}",
            severity=severity,
        )
