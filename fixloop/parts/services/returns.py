"""Defective parts removed from devices, followed to the warehouse or the supplier until credited or scrapped."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.core.errors import Conflict, NotFound, ValidationFailed
from fixloop.parts.permissions import require_stock_manager
from fixloop.parts.stock_models import DefectiveReturn, StockLocation

S = DefectiveReturn.Status
# (from status, step) -> to status: the return's whole life.
STEPS: dict[tuple[str, str], str] = {
    (S.REMOVED, "to_warehouse"): S.AT_WAREHOUSE,
    (S.REMOVED, "to_supplier"): S.AT_SUPPLIER,
    (S.AT_WAREHOUSE, "to_supplier"): S.AT_SUPPLIER,
    (S.AT_WAREHOUSE, "scrap"): S.SCRAPPED,
    (S.AT_SUPPLIER, "credit"): S.CREDITED,
    (S.AT_SUPPLIER, "scrap"): S.SCRAPPED,
}
OPEN = frozenset({S.REMOVED, S.AT_WAREHOUSE, S.AT_SUPPLIER})


def steps_from(status: str) -> list[str]:
    return [step for (source, step) in STEPS if source == status]


@transaction.atomic
def advance_return(
    *,
    actor: Actor,
    return_id: int,
    step: str,
    expected_version: int,
    rma_number: str = "",
    credit_amount: str | Decimal | None = None,
    note: str = "",
) -> DefectiveReturn:
    """Move a defective part one step. Guards: stock managers; the step is allowed now; the version is current;
    sending to the supplier names the RMA number; a credit states its amount."""
    require_stock_manager(actor)
    item = DefectiveReturn.objects.filter(pk=return_id).first()
    if item is None:
        raise NotFound("return_not_found", _("That defective-part return does not exist."))
    to_status = STEPS.get((item.status, step))
    if to_status is None:
        raise Conflict(
            "step_not_allowed", _("That step is not possible now."), {"allowed": steps_from(item.status)}
        )
    changes: dict = {"status": to_status, "note": (note or item.note)[:300]}
    if step == "to_warehouse":
        warehouse = (
            StockLocation.objects.filter(kind=StockLocation.Kind.WAREHOUSE, is_active=True)
            .order_by("id")
            .first()
        )
        if warehouse is None:
            raise Conflict("no_warehouse", _("There is no central warehouse to send it to."))
        changes["location"] = warehouse
    if step == "to_supplier":
        if not rma_number.strip():
            raise ValidationFailed(
                "rma_required", _("Give the supplier's RMA number."), {"field": "rma_number"}
            )
        changes["rma_number"] = rma_number.strip()[:60]
    if step == "credit":
        changes["credit_amount"] = _amount(credit_amount)
    updated = DefectiveReturn.objects.filter(pk=item.pk, version=expected_version, status=item.status).update(
        version=F("version") + 1, **changes
    )
    if updated != 1:
        raise Conflict("stale_version", _("Someone else changed this return meanwhile; reload it."))
    item.refresh_from_db()
    return item


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        amount = Decimal(-1)
    if amount < 0 or not amount.is_finite():
        raise ValidationFailed("credit_invalid", _("Give the credited amount."), {"field": "credit_amount"})
    return amount.quantize(Decimal("0.01"))
