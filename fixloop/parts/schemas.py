"""API schemas for stock: inputs are validated here, rules live in the services."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field


class LocationOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    service_point_id: int | None


class BalanceOut(Schema):
    part_id: int
    part_number: str
    part_name: str
    location_id: int
    on_hand: int
    reserved: int
    available: int
    value: Decimal


class MovementOut(Schema):
    id: int
    part_id: int
    location_id: int
    kind: str
    on_hand_delta: int
    reserved_delta: int
    order_number: str | None
    serials: list[str]
    reason: str
    actor: str
    occurred_at: datetime


class StockChangeIn(Schema):
    location_id: int
    part_id: int
    quantity: int = Field(ge=1, le=100000)
    reason: str = Field("", max_length=300)


class AdjustIn(Schema):
    location_id: int
    part_id: int
    delta: int = Field(ge=-100000, le=100000)
    reason: str = Field(max_length=300)


class TransferIn(Schema):
    part_id: int
    from_location_id: int
    to_location_id: int
    quantity: int = Field(ge=1, le=100000)
    emergency: bool = False


class TransferOut(Schema):
    id: int
    part_id: int
    from_location_id: int
    to_location_id: int
    quantity: int
    emergency: bool
    status: str
    shipped_at: datetime
    received_at: datetime | None


class ShortageOut(Schema):
    id: int
    order_number: str
    part_id: int
    location_id: int
    quantity: int
    source: str
    source_location_id: int | None
    distance_km: float | None
    emergency: bool
    expected_date: date
    status: str


class SourceIn(Schema):
    source: str | None = Field(None, pattern="^(transfer|purchase)$")


class SourcedOut(Schema):
    kind: str
    id: int
    expected_date: date | None = None


class IssueIn(Schema):
    part_id: int
    quantity: int = Field(ge=1, le=1000)
    serials: list[str] = Field(default_factory=list, max_length=1000)
    removed_serials: list[str] = Field(default_factory=list, max_length=1000)
    defective_quantity: int = Field(0, ge=0, le=1000)


class ReturnOut(Schema):
    id: int
    order_number: str
    part_id: int
    serial: str
    location_id: int
    status: str
    rma_number: str
    credit_amount: Decimal | None
    version: int
    next_steps: list[str]


class ReturnStepIn(Schema):
    step: str = Field(max_length=20)
    version: int
    rma_number: str = Field("", max_length=60)
    credit_amount: Decimal | None = None
    note: str = Field("", max_length=300)


class OrderPartsOut(Schema):
    reservations: list[dict]
    issues: list[dict]
    shortages: list[ShortageOut]
    returns: list[ReturnOut]


class CountIn(Schema):
    location_id: int
    part_ids: list[int] | None = None


class CountLinesIn(Schema):
    counted: dict[int, int]


class CountOut(Schema):
    id: int
    location_id: int
    status: str
    lines: list[dict]


class ReplenishmentSuggestionOut(Schema):
    id: int
    kind: str
    part_id: int
    part_number: str
    to_location_id: int
    from_location_id: int | None
    quantity: int
    urgent: bool
    reasoning: dict


class DemandPeriodOut(Schema):
    start: date
    units: int


class StockTargetOut(Schema):
    method: str
    mean_per_month: float
    reorder_point: int
    order_up_to: int
    service_level: float
    lead_time_days: int
    computed_at: datetime


class DemandOut(Schema):
    part_id: int
    part_number: str
    location_id: int
    freq: str
    periods: list[DemandPeriodOut]
    target: StockTargetOut | None
