"""Warranty at intake: from the purchase date, the model's warranty and any repair warranty. Pure."""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class WarrantyStatus(models.TextChoices):
    IN_WARRANTY = "in_warranty", _("In warranty")
    REPAIR_WARRANTY = "repair_warranty", _("Under repair warranty")
    OUT_OF_WARRANTY = "out_of_warranty", _("Out of warranty")
    UNKNOWN = "unknown", _("Unknown (no proof of purchase)")


@dataclass(frozen=True)
class WarrantyDecision:
    status: str
    reason: str  # a stable code; `explain()` turns it into words
    until: dt.date | None

    @property
    def covered(self) -> bool:
        return self.status in (WarrantyStatus.IN_WARRANTY, WarrantyStatus.REPAIR_WARRANTY)


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def determine(
    *,
    purchase_date: dt.date | None,
    warranty_months: int,
    repair_warranty_until: dt.date | None,
    today: dt.date,
) -> WarrantyDecision:
    """Factory warranty first (it is broader); then the repair warranty of earlier replaced parts."""
    factory_end = add_months(purchase_date, warranty_months) if purchase_date else None
    if factory_end and purchase_date <= today <= factory_end:
        return WarrantyDecision(WarrantyStatus.IN_WARRANTY, "factory_warranty", factory_end)
    if repair_warranty_until and today <= repair_warranty_until:
        return WarrantyDecision(WarrantyStatus.REPAIR_WARRANTY, "repair_warranty", repair_warranty_until)
    if factory_end is None:
        return WarrantyDecision(WarrantyStatus.UNKNOWN, "no_purchase_date", None)
    if today < purchase_date:
        return WarrantyDecision(WarrantyStatus.UNKNOWN, "purchase_date_in_future", None)
    return WarrantyDecision(WarrantyStatus.OUT_OF_WARRANTY, "factory_warranty_expired", factory_end)


REASONS = {
    "factory_warranty": _("Factory warranty until {until}."),
    "repair_warranty": _("Repair warranty from an earlier order until {until}."),
    "no_purchase_date": _("No purchase date recorded: warranty cannot be confirmed."),
    "purchase_date_in_future": _("The purchase date is in the future: please check the proof of purchase."),
    "factory_warranty_expired": _("Factory warranty ended on {until}."),
}


def explain(reason: str, until: dt.date | None) -> str:
    return str(REASONS[reason]).format(until=until.isoformat() if until else "")


def for_device(device, *, today: dt.date) -> WarrantyDecision:
    """The warranty of a device (with its model loaded) on a given day."""
    return determine(
        purchase_date=device.purchase_date,
        warranty_months=device.model.warranty_months,
        repair_warranty_until=device.repair_warranty_until,
        today=today,
    )
