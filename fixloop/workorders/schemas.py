"""API schemas for work orders: intake in, order out, one payload schema per lifecycle action."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema
from pydantic import BaseModel

from fixloop.catalog.models import Device
from fixloop.customers.models import Customer
from fixloop.workorders.choices import (
    Channel,
    DamageExtent,
    ExternalCause,
    FaultCause,
    Feasibility,
    Frequency,
    Kind,
    Priority,
    ServiceMode,
)
from fixloop.workorders.models import QuoteLine
from fixloop.workorders.states import Action

PHONE = r"^\+?[0-9][0-9\- ]{4,19}$"
Language = Literal["zh-hans", "en"]


class CustomerIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    phone: str = Field(pattern=PHONE)
    email: str = Field("", max_length=254, pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$")
    kind: Customer.Kind = Customer.Kind.PERSON
    tier: Customer.Tier = Customer.Tier.STANDARD
    language: Language = "zh-hans"


class AddressIn(Schema):
    line: str = Field(min_length=1, max_length=300)
    district: str = Field("", max_length=80)
    city: str = Field("", max_length=80)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)


class DeviceIn(Schema):
    serial: str = Field(min_length=3, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9\-_/.]*$")
    model_id: int | None = None
    purchase_date: dt.date | None = None
    purchase_channel: Device.PurchaseChannel | Literal[""] = ""


class OrderCreateIn(Schema):
    kind: Kind = Kind.REPAIR
    service_mode: ServiceMode
    channel: Channel | None = None
    priority: Priority = Priority.NORMAL
    customer_id: int | None = None
    customer: CustomerIn | None = None
    contact_name: str = Field("", max_length=120)
    contact_phone: str = Field("", pattern=r"^$|" + PHONE)
    address_id: int | None = None
    address: AddressIn | None = None
    device: DeviceIn | None = None
    symptoms: str = Field(min_length=1, max_length=5000)
    error_codes: str = Field("", max_length=200)
    fault_frequency: Frequency | Literal[""] = ""
    fault_since: dt.date | None = None
    external_causes: list[ExternalCause] = Field(default_factory=list, max_length=4)
    external_cause_note: str = Field("", max_length=300)
    tried_steps: str = Field("", max_length=2000)
    service_point_id: int | None = None


class Output(BaseModel):
    """Outputs are built as plain dicts: plain pydantic validates them several times faster than
    ninja's Schema, whose root validator wraps every value for ORM attribute access."""


class Ref(Output):
    id: int
    name: str


class DeviceOut(Output):
    serial: str
    model_id: int
    model: str


class WarrantyOut(Output):
    status: str
    label: str
    reason: str
    explanation: str
    until: dt.date | None


class OrderOut(Output):
    number: str
    kind: str
    channel: str
    service_mode: str
    state: str
    state_label: str
    priority: str
    version: int
    customer: Ref
    contact_name: str
    contact_phone: str
    service_address: str
    device: DeviceOut | None
    symptoms: str
    error_codes: str
    fault_frequency: str
    fault_since: dt.date | None
    external_causes: list[str]
    external_cause_note: str
    tried_steps: str
    fault_category: str
    warranty: WarrantyOut
    service_point: Ref | None
    assignee: Ref | None
    appointment_start: dt.datetime | None
    appointment_end: dt.datetime | None
    rework_of_id: int | None
    rework_count: int
    cancel_reason: str
    created_at: dt.datetime
    updated_at: dt.datetime
    resolved_at: dt.datetime | None
    closed_at: dt.datetime | None


class OrderDetailOut(OrderOut):
    allowed_actions: list[str]


class OrderPage(Output):
    items: list[OrderOut]
    next_cursor: str | None


class EventOut(Output):
    version: int | None
    action: str
    action_label: str
    from_state: str
    to_state: str
    actor_role: str
    actor_label: str
    payload: dict
    created_at: dt.datetime


class TransitionIn(Schema):
    action: Action
    version: int = Field(ge=1, description="The order version you last saw; a stale one is refused with 409.")
    payload: dict = Field(default_factory=dict)


class TriageIn(Schema):
    priority: Priority
    kind: Kind | None = None
    fault_category: str = Field("", max_length=60)
    service_point_id: int | None = None


class ResolveIn(Schema):
    resolution: str = Field(max_length=2000)


class AssignIn(Schema):
    engineer_id: int
    service_point_id: int | None = None


class ScheduleIn(Schema):
    start: dt.datetime
    end: dt.datetime


class NoteIn(Schema):
    note: str = Field("", max_length=2000)


SIGNATURE_HELP = "A drawn signature as a PNG data URL."


class HandoverIn(Schema):
    accessories: str = Field("", max_length=500)
    condition: str = Field("", max_length=500)
    photo_ids: list[int] = Field(
        default_factory=list, max_length=20, description="Attachments of this order."
    )
    customer_signer_name: str = Field("", max_length=120)
    customer_signature: str = Field("", max_length=300_000, description=SIGNATURE_HELP)
    staff_signature: str = Field("", max_length=300_000, description=SIGNATURE_HELP)


class ReceiveIn(HandoverIn):
    pass


class HandBackIn(HandoverIn):
    note: str = Field("", max_length=2000)


class QuoteLineIn(Schema):
    kind: QuoteLine.Kind = QuoteLine.Kind.PART
    description: str = Field("", max_length=200, description="Defaults to the part's or skill's name.")
    part_id: int | None = Field(None, description="A catalogue part: priced at its list price.")
    skill_id: int | None = Field(None, description="Labour: priced at the skill's hourly rate.")
    quantity: Decimal = Field(Decimal("1"), gt=0, max_digits=10, decimal_places=2)
    unit_price: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    chargeable: bool = Field(False, description="The warranty does not cover this line.")
    free_of_charge: bool = Field(False, description="A goodwill exception: needs a manager's approval.")


class QuoteOptionIn(Schema):
    label: str = Field(max_length=120)
    lines: list[QuoteLineIn] = Field(max_length=50)


class DiagnosisIn(Schema):
    findings: str = Field(max_length=5000)
    cause: FaultCause
    fault_point: str = Field("", max_length=200)
    damage_extent: DamageExtent | Literal[""] = ""
    feasibility: Feasibility = Feasibility.REPAIRABLE
    parts_needed: str = Field("", max_length=1000)
    labour_hours: Decimal = Field(Decimal("0"), ge=0, max_digits=6, decimal_places=2)
    touches_data: bool = False
    data_safety_note: str = Field("", max_length=2000)


class QuoteIn(DiagnosisIn):
    options: list[QuoteOptionIn] = Field(max_length=5)
    valid_days: int = Field(14, ge=1, le=90)
    tax_rate: Decimal | None = Field(None, ge=0, le=1, max_digits=5, decimal_places=4)


class ConsentIn(Schema):
    data_consent: bool | None = Field(
        None, description="Required (true) when the work touches the customer's data."
    )
    backup_made: bool = False


class ApproveIn(ConsentIn):
    quote_revision: int = Field(ge=1)
    option: int = Field(ge=1, description="Position of the chosen option, from 1.")
    signer_name: str = Field(max_length=120)
    signature: str = Field("", max_length=300_000, description="The drawn signature as a data URL.")


class RejectIn(Schema):
    quote_revision: int = Field(ge=1)
    reason: str = Field(max_length=300)


class StartRepairIn(DiagnosisIn, ConsentIn):
    plan: str = Field(max_length=2000)


class WaitPartsIn(Schema):
    parts: str = Field(max_length=500)
    expected_date: dt.date | None = None


class ReplacedPartIn(Schema):
    part_id: int | None = None
    description: str = Field("", max_length=200)
    quantity: Decimal = Field(Decimal("1"), gt=0, max_digits=10, decimal_places=2)
    serial: str = Field("", max_length=80)


class SubmitQcIn(Schema):
    work_done: str = Field(max_length=5000)
    parts_replaced: list[ReplacedPartIn] = Field(default_factory=list, max_length=50)


class QcItemIn(Schema):
    item: str = Field(max_length=120)
    passed: bool
    value: str = Field("", max_length=120, description="The measured value, for measured checks.")


class QcIn(Schema):
    checklist: list[QcItemIn] = Field(max_length=100)
    notes: str = Field("", max_length=2000)
    photo_ids: list[int] = Field(default_factory=list, max_length=20)


class AcceptIn(Schema):
    signer_name: str = Field(max_length=120)
    signature: str = Field("", max_length=300_000)
    comment: str = Field("", max_length=2000)


class ReasonIn(Schema):
    reason: str = Field(max_length=1000)


PAYLOADS: dict[Action, type[Schema]] = {
    Action.TRIAGE: TriageIn,
    Action.RESOLVE_REMOTELY: ResolveIn,
    Action.ASSIGN: AssignIn,
    Action.SCHEDULE: ScheduleIn,
    Action.CHECK_IN: NoteIn,
    Action.RECEIVE_DEVICE: ReceiveIn,
    Action.QUOTE: QuoteIn,
    Action.APPROVE: ApproveIn,
    Action.REJECT: RejectIn,
    Action.PREPARE_RETURN: NoteIn,
    Action.START_REPAIR: StartRepairIn,
    Action.WAIT_PARTS: WaitPartsIn,
    Action.RESUME_REPAIR: NoteIn,
    Action.SUBMIT_QC: SubmitQcIn,
    Action.PASS_QC: QcIn,
    Action.FAIL_QC: QcIn,
    Action.HAND_BACK: HandBackIn,
    Action.ACCEPT: AcceptIn,
    Action.DISPUTE: ReasonIn,
    Action.CLOSE: NoteIn,
    Action.CANCEL: ReasonIn,
}


class QuoteLineOut(Schema):
    kind: str
    description: str
    part_id: int | None
    skill_id: int | None
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    payer: str
    customer_amount: Decimal


class QuoteOptionOut(Schema):
    position: int
    label: str
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    covered: Decimal
    declined_at: dt.datetime | None = None
    decline_reason: str = ""
    lines: list[QuoteLineOut]


class DiagnosisOut(Output):
    findings: str
    cause: str
    fault_point: str
    damage_extent: str
    feasibility: str
    parts_needed: str
    labour_hours: Decimal
    touches_data: bool
    data_safety_note: str


class QuoteOut(Schema):
    revision: int
    status: str
    currency: str
    tax_rate: Decimal
    valid_until: dt.date
    findings: str
    cause: str
    diagnosis: DiagnosisOut
    warranty_note: str
    internal_reasons: list[str]
    options: list[QuoteOptionOut]
    created_at: dt.datetime


class InternalApprovalIn(Schema):
    quote_revision: int = Field(ge=1)


class DeclineOptionIn(Schema):
    expected_version: int = Field(ge=1)
    quote_revision: int = Field(ge=1)
    option: int = Field(ge=1)
    reason: str = Field(default="", max_length=300)


class CostsOut(Output):
    currency: str
    parts: Decimal
    labour: Decimal
    transport: Decimal
    cost: Decimal
    revenue: Decimal
    warranty_cost: Decimal
    margin: Decimal
    labour_hours: Decimal


class AttachmentOut(Output):
    id: int
    original_name: str
    content_type: str
    size: int
    url: str
    created_at: dt.datetime


class ReworkIn(Schema):
    symptoms: str = Field(min_length=1, max_length=5000)


class ProgressStep(Output):
    key: str
    label: str
    done: bool
    current: bool


class TrackingEvent(Output):
    at: dt.datetime
    action_label: str
    state: str
    state_label: str


class TrackingOut(Output):
    number: str
    state: str
    state_label: str
    steps: list[ProgressStep]
    timeline: list[TrackingEvent]
