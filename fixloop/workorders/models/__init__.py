"""Work order models: the order, its event timeline, its records and intake bookkeeping."""

from fixloop.workorders.models.budget import Budget
from fixloop.workorders.models.intake import IdempotencyRecord, OrderNumberCounter
from fixloop.workorders.models.order import Attachment, WorkOrder, WorkOrderEvent
from fixloop.workorders.models.records import (
    Acceptance,
    DataConsent,
    Diagnosis,
    Handover,
    QcChecklistItem,
    QCRecord,
    Quote,
    QuoteApproval,
    QuoteLine,
    QuoteOption,
    ReplacedPart,
)

__all__ = [
    "Acceptance",
    "Attachment",
    "Budget",
    "DataConsent",
    "Diagnosis",
    "Handover",
    "IdempotencyRecord",
    "OrderNumberCounter",
    "QCRecord",
    "QcChecklistItem",
    "Quote",
    "QuoteApproval",
    "QuoteLine",
    "QuoteOption",
    "ReplacedPart",
    "WorkOrder",
    "WorkOrderEvent",
]
