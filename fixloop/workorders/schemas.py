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
    ExternalCause,
    FaultCause,
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


class ReceiveIn(Schema):
    accessories: str = Field("", max_length=500)
    condition: str = Field("", max_length=500)


class QuoteLineIn(Schema):
    kind: QuoteLine.Kind = QuoteLine.Kind.PART
    description: str = Field(max_length=200)
    quantity: Decimal = Field(Decimal("1"), gt=0, max_digits=10, decimal_places=2)
    unit_price: Decimal = Field(ge=0, max_digits=12, decimal_places=2)


class QuoteOptionIn(Schema):
    label: str = Field(max_length=120)
    lines: list[QuoteLineIn] = Field(max_length=50)


class QuoteIn(Schema):
    findings: str = Field(max_length=5000)
    cause: FaultCause
    options: list[QuoteOptionIn] = Field(max_length=5)
    valid_days: int = Field(14, ge=1, le=90)


class ApproveIn(Schema):
    quote_revision: int = Field(ge=1)
    option: int = Field(ge=1, description="Position of the chosen option, from 1.")
    signer_name: str = Field(max_length=120)
    signature: str = Field("", max_length=300_000, description="The drawn signature as a data URL.")


class RejectIn(Schema):
    quote_revision: int = Field(ge=1)
    reason: str = Field(max_length=300)


class StartRepairIn(Schema):
    findings: str = Field(max_length=5000)
    cause: FaultCause
    plan: str = Field(max_length=2000)


class WaitPartsIn(Schema):
    parts: str = Field(max_length=500)
    expected_date: dt.date | None = None


class SubmitQcIn(Schema):
    work_done: str = Field(max_length=5000)


class QcItemIn(Schema):
    item: str = Field(max_length=120)
    passed: bool
    value: str = Field("", max_length=120)


class QcIn(Schema):
    checklist: list[QcItemIn] = Field(max_length=100)
    notes: str = Field("", max_length=2000)


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
    Action.HAND_BACK: NoteIn,
    Action.ACCEPT: AcceptIn,
    Action.DISPUTE: ReasonIn,
    Action.CLOSE: NoteIn,
    Action.CANCEL: ReasonIn,
}


class QuoteLineOut(Schema):
    kind: str
    description: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal


class QuoteOptionOut(Schema):
    position: int
    label: str
    total: Decimal
    lines: list[QuoteLineOut]


class QuoteOut(Schema):
    revision: int
    status: str
    currency: str
    valid_until: dt.date
    findings: str
    cause: str
    options: list[QuoteOptionOut]
    created_at: dt.datetime


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
