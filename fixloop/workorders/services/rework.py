"""Rework: the same fault inside the repair warranty opens a new order linked to the closed one."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.catalog.warranty import WarrantyStatus
from fixloop.core.errors import Conflict, Forbidden
from fixloop.workorders.choices import NUMBER_PREFIX, Kind, Priority
from fixloop.workorders.models import WorkOrder
from fixloop.workorders.selectors import order_get_for
from fixloop.workorders.services.guards import require_text
from fixloop.workorders.services.intake import INTAKE_ROLES
from fixloop.workorders.services.numbering import allocate_number
from fixloop.workorders.services.transition import record_event
from fixloop.workorders.states import Action, State


def create_rework_order(*, actor: Actor, number: str, symptoms: str) -> WorkOrder:
    """Open a free, linked rework order. Guards: the order is closed and its repair warranty still runs."""
    if actor.role not in INTAKE_ROLES:
        raise Forbidden("intake_forbidden", _("Your role may not create work orders."))
    original = order_get_for(actor, number)
    if original.state != State.CLOSED:
        raise Conflict("not_closed", _("Only a closed order can be reopened as rework."))
    device = original.device
    today = timezone.localdate()
    if (
        device is None
        or device.repair_warranty_order_id != original.pk
        or not device.repair_warranty_until
        or device.repair_warranty_until < today
    ):
        raise Conflict(
            "repair_warranty_expired", _("The repair warranty of this order has ended; create a new order.")
        )
    new_number = allocate_number(NUMBER_PREFIX[Kind.REPAIR], today)
    return _create_linked(actor, original, new_number, require_text(symptoms, "symptoms"))


@transaction.atomic(durable=True)
def _create_linked(actor: Actor, original: WorkOrder, number: str, symptoms: str) -> WorkOrder:
    order = WorkOrder.objects.create(
        number=number,
        kind=Kind.REPAIR,
        channel=original.channel,
        service_mode=original.service_mode,
        priority=Priority.HIGH,
        customer=original.customer,
        contact_name=original.contact_name,
        contact_phone=original.contact_phone,
        address=original.address,
        service_address=original.service_address,
        device=original.device,
        product_model=original.product_model,
        symptoms=symptoms,
        fault_category=original.fault_category,
        warranty_status=WarrantyStatus.REPAIR_WARRANTY,
        warranty_reason="repair_warranty",
        warranty_until=original.device.repair_warranty_until,
        service_point=original.service_point,
        partner=original.partner,
        created_by=actor.user,
        rework_of=original,
    )
    record_event(actor, order, Action.CREATE, "", {"rework_of": original.number})
    return order
