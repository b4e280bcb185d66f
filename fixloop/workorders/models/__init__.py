"""Work order models: the order, its event timeline, its records and intake bookkeeping."""

from fixloop.workorders.models.intake import IdempotencyRecord, OrderNumberCounter
from fixloop.workorders.models.order import Attachment, WorkOrder, WorkOrderEvent
from fixloop.workorders.models.records import (
    Acceptance,
    Diagnosis,
    QCRecord,
    Quote,
    QuoteApproval,
    QuoteLine,
    QuoteOption,
)

__all__ = [
    "Acceptance",
    "Attachment",
    "Diagnosis",
    "IdempotencyRecord",
    "OrderNumberCounter",
    "QCRecord",
    "Quote",
    "QuoteApproval",
    "QuoteLine",
    "QuoteOption",
    "WorkOrder",
    "WorkOrderEvent",
]
