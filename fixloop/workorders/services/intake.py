"""Intake: create a work order from any channel, with warranty decided and an idempotency guard."""

import hashlib
import json
from dataclasses import asdict, dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.accounts.roles import STAFF_ROLES, Role
from fixloop.catalog import warranty
from fixloop.catalog.models import Device, ProductModel
from fixloop.core.errors import Forbidden, ValidationFailed
from fixloop.customers.models import Address, Customer
from fixloop.organisation.models import ServicePoint
from fixloop.workorders.choices import NUMBER_PREFIX, Channel, Kind, Priority
from fixloop.workorders.models import IdempotencyRecord, WorkOrder
from fixloop.workorders.services.numbering import allocate_number
from fixloop.workorders.services.transition import record_event
from fixloop.workorders.states import Action

INTAKE_ROLES = frozenset({Role.CUSTOMER, Role.PARTNER, Role.AGENT, Role.DISPATCHER, Role.MANAGER})
# The staff among them: who may open the console's intake page (engineers and the warehouse may not).
STAFF_INTAKE_ROLES = INTAKE_ROLES & STAFF_ROLES
DEVICE_KINDS = frozenset({Kind.REPAIR, Kind.MAINTENANCE})


@dataclass
class NewCustomer:
    name: str
    phone: str
    email: str = ""
    kind: str = Customer.Kind.PERSON
    tier: str = Customer.Tier.STANDARD
    language: str = "zh-hans"


@dataclass
class NewAddress:
    line: str
    district: str = ""
    city: str = ""
    latitude: float | None = None
    longitude: float | None = None


@dataclass
class DeviceRef:
    serial: str
    model_id: int | None = None
    purchase_date: object = None  # datetime.date
    purchase_channel: str = ""


@dataclass
class OrderIntake:
    symptoms: str
    service_mode: str
    kind: str = Kind.REPAIR
    channel: str | None = None
    priority: str = Priority.NORMAL
    customer_id: int | None = None
    customer: NewCustomer | None = None
    contact_name: str = ""
    contact_phone: str = ""
    address_id: int | None = None
    address: NewAddress | None = None
    device: DeviceRef | None = None
    error_codes: str = ""
    fault_frequency: str = ""
    fault_since: object = None
    external_causes: list[str] = field(default_factory=list)
    external_cause_note: str = ""
    tried_steps: str = ""
    service_point_id: int | None = None


def create_order(
    *, actor: Actor, intake: OrderIntake, idempotency_key: str | None = None
) -> tuple[WorkOrder, bool]:
    """Record a new request (state `new`). Returns (order, created); a repeated key returns the first order.

    Guards: the actor's role may take requests; customers and partners act only for themselves;
    a repair needs a device. Effects: customer, address and device created when new; the creation event
    and an outbox message written with the order.
    """
    if actor.role not in INTAKE_ROLES:
        raise Forbidden("intake_forbidden", _("Your role may not create work orders."))
    request_hash = _hash(intake)
    if idempotency_key:
        earlier = _replay(actor, idempotency_key, request_hash)
        if earlier is not None:
            return earlier, False
    prefix = NUMBER_PREFIX[Kind(intake.kind)]
    number = allocate_number(prefix, timezone.localdate())
    try:
        return _create(actor, intake, number, idempotency_key, request_hash), True
    except IntegrityError:
        # A concurrent retry with the same key won the race; answer with its order.
        earlier = _replay(actor, idempotency_key, request_hash) if idempotency_key else None
        if earlier is None:
            raise
        return earlier, False


def _hash(intake: OrderIntake) -> str:
    return hashlib.sha256(json.dumps(asdict(intake), sort_keys=True, default=str).encode()).hexdigest()


def _replay(actor: Actor, key: str, request_hash: str) -> WorkOrder | None:
    record = (
        IdempotencyRecord.objects.select_related("order")
        .filter(principal=actor.principal_key, key=key)
        .first()
    )
    if record is None:
        return None
    if record.request_hash != request_hash:
        raise ValidationFailed(
            "idempotency_key_reused", _("This Idempotency-Key was already used for a different request.")
        )
    return record.order


@transaction.atomic(durable=True)
def _create(actor: Actor, intake: OrderIntake, number: str, key: str | None, request_hash: str) -> WorkOrder:
    customer = _resolve_customer(actor, intake)
    device = _resolve_device(actor, intake, customer)
    address = _resolve_address(intake, customer)
    decision = _warranty_for(device)
    order = WorkOrder.objects.create(
        number=number,
        kind=intake.kind,
        channel=_channel_for(actor, intake),
        service_mode=intake.service_mode,
        # Customers do not set their own priority; triage does.
        priority=Priority.NORMAL if actor.role == Role.CUSTOMER else intake.priority,
        customer=customer,
        contact_name=intake.contact_name or customer.name,
        contact_phone=intake.contact_phone or customer.phone,
        address=address,
        service_address=address.line if address else "",
        device=device,
        product_model=device.model if device else None,
        symptoms=intake.symptoms,
        error_codes=intake.error_codes,
        fault_frequency=intake.fault_frequency,
        fault_since=intake.fault_since,
        external_causes=sorted(set(intake.external_causes)),
        external_cause_note=intake.external_cause_note,
        tried_steps=intake.tried_steps,
        warranty_status=decision.status if decision else warranty.WarrantyStatus.UNKNOWN,
        warranty_reason=decision.reason if decision else "",
        warranty_until=decision.until if decision else None,
        service_point=_resolve_service_point(actor, intake),
        partner=actor.partner,
        created_by=actor.user,
        rework_of_id=_repeat_of(intake, device, decision),
    )
    created = {"channel": order.channel, "warranty": order.warranty_status}
    if order.rework_of_id:
        created["repeat_repair_of"] = order.rework_of_id
    record_event(actor, order, Action.CREATE, "", created)
    if key:
        IdempotencyRecord.objects.create(
            principal=actor.principal_key, key=key, request_hash=request_hash, order=order
        )
    return order


def _repeat_of(intake: OrderIntake, device: Device | None, decision) -> int | None:
    """A repair inside an earlier repair's warranty is a repeat repair (返修), linked to that order."""
    if intake.kind != Kind.REPAIR or device is None or decision is None:
        return None
    return device.repair_warranty_order_id if decision.reason == "repair_warranty" else None


def _channel_for(actor: Actor, intake: OrderIntake) -> str:
    if actor.role == Role.PARTNER:
        return Channel.PARTNER
    if actor.role == Role.CUSTOMER:
        return intake.channel if intake.channel in (Channel.WEB, Channel.APP) else Channel.WEB
    return intake.channel or Channel.HOTLINE


def _resolve_customer(actor: Actor, intake: OrderIntake) -> Customer:
    if actor.role == Role.CUSTOMER:
        if actor.customer_id is None:
            raise Forbidden("no_customer_profile", _("Your account has no customer profile."))
        return Customer.objects.get(pk=actor.customer_id)
    if intake.customer_id is not None:
        scope = (
            Customer.objects.filter(partner=actor.partner) if actor.role == Role.PARTNER else Customer.objects
        )
        customer = scope.filter(pk=intake.customer_id).first()
        if customer is None:
            raise ValidationFailed(
                "customer_not_found", _("The customer was not found."), {"field": "customer_id"}
            )
        return customer
    if intake.customer is None:
        raise ValidationFailed(
            "customer_required", _("Give an existing customer or a new customer's details.")
        )
    new = intake.customer
    if actor.role == Role.PARTNER:
        existing = Customer.objects.filter(partner=actor.partner, phone=new.phone).first()
        if existing:
            return existing
    return Customer.objects.create(**asdict(new), partner=actor.partner)


def _resolve_device(actor: Actor, intake: OrderIntake, customer: Customer) -> Device | None:
    ref = intake.device
    if ref is None:
        if intake.kind in DEVICE_KINDS:
            raise ValidationFailed(
                "device_required", _("A repair or maintenance request needs the device."), {"field": "device"}
            )
        return None
    device = Device.objects.select_related("model").filter(serial=ref.serial).first()
    if device is not None:
        if device.owner_id is None:
            device.owner = customer
            device.save(update_fields=["owner", "updated_at"])
        elif device.owner_id != customer.pk and actor.role in (Role.CUSTOMER, Role.PARTNER):
            raise ValidationFailed(
                "device_registered_elsewhere",
                _(
                    "This serial number is registered to another customer; please contact the service hotline."
                ),
                {"field": "device.serial"},
            )
        return device
    model = ProductModel.objects.filter(pk=ref.model_id).first() if ref.model_id is not None else None
    if model is None:
        raise ValidationFailed(
            "model_required",
            _("This serial number is new: choose the product model."),
            {"field": "device.model_id"},
        )
    return Device.objects.create(
        serial=ref.serial,
        model=model,
        owner=customer,
        purchase_date=ref.purchase_date,
        purchase_channel=ref.purchase_channel,
    )


def _warranty_for(device: Device | None) -> warranty.WarrantyDecision | None:
    if device is None:
        return None
    return warranty.for_device(device, today=timezone.localdate())


def _resolve_address(intake: OrderIntake, customer: Customer) -> Address | None:
    if intake.address_id is not None:
        address = Address.objects.filter(pk=intake.address_id, customer=customer).first()
        if address is None:
            raise ValidationFailed(
                "address_not_found", _("The address was not found."), {"field": "address_id"}
            )
        return address
    if intake.address is not None:
        return Address.objects.create(customer=customer, **asdict(intake.address))
    return customer.addresses.filter(is_default=True).first()


def _resolve_service_point(actor: Actor, intake: OrderIntake) -> ServicePoint | None:
    if intake.service_point_id is None:
        return actor.partner.default_service_point if actor.partner else None
    point = ServicePoint.objects.filter(pk=intake.service_point_id, is_active=True).first()
    if point is None:
        raise ValidationFailed(
            "service_point_not_found", _("The service point was not found."), {"field": "service_point_id"}
        )
    return point
