"""Warehouse operations: receipts, adjustments, scrap, transfers between sites, purchase requests, shortages,
reorder suggestions carried out."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.core.errors import Conflict, NotFound, ValidationFailed
from fixloop.parts.models import Part
from fixloop.parts.permissions import require_stock_manager
from fixloop.parts.services.ledger import InsufficientStock, post
from fixloop.parts.services.reservations import reserve
from fixloop.parts.stock_models import (
    Movement,
    PartShortage,
    PurchaseRequest,
    StockLocation,
    Suggestion,
    Transfer,
)

CLOSED_ORDER_STATES = frozenset({"cancelled", "closed", "resolved"})


def _part(part_id) -> Part:
    part = Part.objects.filter(pk=part_id).first()
    if part is None:
        raise ValidationFailed(
            "part_not_found", _("That part is not in the catalogue."), {"field": "part_id"}
        )
    return part


def _location(location_id, field: str = "location_id") -> StockLocation:
    location = StockLocation.objects.filter(pk=location_id, is_active=True).first()
    if location is None:
        raise ValidationFailed(
            "location_not_found", _("That stock location does not exist."), {"field": field}
        )
    return location


def _positive(quantity: int, field: str = "quantity") -> int:
    if not isinstance(quantity, int) or quantity < 1:
        raise ValidationFailed("quantity_invalid", _("The quantity must be at least 1."), {"field": field})
    return quantity


def _reason(reason: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise ValidationFailed("reason_required", _("Give a reason."), {"field": "reason"})
    return text


@transaction.atomic
def receive_stock(*, actor: Actor, location_id: int, part_id: int, quantity: int, reason: str = ""):
    """Goods received without a purchase request (opening stock, a delivery). Guard: stock managers."""
    require_stock_manager(actor)
    return post(actor=actor, part=_part(part_id), location=_location(location_id), kind=Movement.RECEIPT,
                on_hand=_positive(quantity), reason=reason)  # fmt: skip


@transaction.atomic
def adjust_stock(*, actor: Actor, location_id: int, part_id: int, delta: int, reason: str):
    """Correct the on-hand quantity with a written reason. Guards: stock managers; never below what is held."""
    require_stock_manager(actor)
    if not isinstance(delta, int) or delta == 0:
        raise ValidationFailed("delta_invalid", _("The adjustment must not be zero."), {"field": "delta"})
    return post(actor=actor, part=_part(part_id), location=_location(location_id), kind=Movement.ADJUST,
                on_hand=delta, reason=_reason(reason))  # fmt: skip


@transaction.atomic
def scrap_stock(*, actor: Actor, location_id: int, part_id: int, quantity: int, reason: str):
    """Write off damaged or obsolete units. Guards: stock managers; a reason; free (unreserved) units only."""
    require_stock_manager(actor)
    return post(actor=actor, part=_part(part_id), location=_location(location_id), kind=Movement.SCRAP,
                on_hand=-_positive(quantity), reason=_reason(reason))  # fmt: skip


@transaction.atomic
def ship_transfer(
    *,
    actor: Actor,
    part_id: int,
    from_location_id: int,
    to_location_id: int,
    quantity: int,
    emergency: bool = False,
    shortage: PartShortage | None = None,
) -> Transfer:
    """Send free units to another site; they leave the source now and arrive when received.

    Guards: stock managers; two different sites; the source has the units free.
    """
    require_stock_manager(actor)
    part, source = _part(part_id), _location(from_location_id, "from_location_id")
    dest = _location(to_location_id, "to_location_id")
    if source.pk == dest.pk:
        raise ValidationFailed("same_location", _("Choose two different sites."), {"field": "to_location_id"})
    transfer = Transfer.objects.create(part=part, from_location=source, to_location=dest, quantity=_positive(quantity),
                                       emergency=emergency, shortage=shortage, shipped_at=timezone.now())  # fmt: skip
    post(actor=actor, part=part, location=source, kind=Movement.TRANSFER_OUT, on_hand=-quantity, transfer=transfer,
         reason=dest.name)  # fmt: skip
    return transfer


@transaction.atomic
def receive_transfer(*, actor: Actor, transfer_id: int) -> Transfer:
    """Book a transfer in at its destination; if it was for a repair, hold the units for that order.

    Guards: stock managers; the transfer is still in transit (a second receipt is a conflict).
    """
    require_stock_manager(actor)
    transfer = (
        Transfer.objects.select_related("part", "to_location", "shortage").filter(pk=transfer_id).first()
    )
    if transfer is None:
        raise NotFound("transfer_not_found", _("That transfer does not exist."))
    done = Transfer.objects.filter(pk=transfer.pk, status=Transfer.Status.IN_TRANSIT).update(
        status=Transfer.Status.RECEIVED, received_at=timezone.now()
    )
    if done != 1:
        raise Conflict("already_received", _("This transfer was already received."))
    post(actor=actor, part=transfer.part, location=transfer.to_location, kind=Movement.TRANSFER_IN,
         on_hand=transfer.quantity, transfer=transfer)  # fmt: skip
    if transfer.shortage_id:
        fill_shortage(actor=actor, shortage=transfer.shortage)
    transfer.status = Transfer.Status.RECEIVED
    return transfer


@transaction.atomic
def request_purchase(
    *, actor: Actor, part_id: int, location_id: int, quantity: int, shortage: PartShortage | None = None
) -> PurchaseRequest:
    """Ask the part's supplier for units delivered to a location, due after the part's lead time."""
    require_stock_manager(actor)
    part = _part(part_id)
    return PurchaseRequest.objects.create(
        part=part, location=_location(location_id), supplier=part.supplier, quantity=_positive(quantity),
        expected_date=timezone.localdate() + dt.timedelta(days=part.effective_lead_time_days), shortage=shortage,
    )  # fmt: skip


@transaction.atomic
def receive_purchase(*, actor: Actor, purchase_id: int) -> PurchaseRequest:
    """Book the delivery of a purchase request in; fill its shortage. Guard: still open."""
    require_stock_manager(actor)
    purchase = (
        PurchaseRequest.objects.select_related("part", "location", "shortage").filter(pk=purchase_id).first()
    )
    if purchase is None:
        raise NotFound("purchase_not_found", _("That purchase request does not exist."))
    if (
        PurchaseRequest.objects.filter(pk=purchase.pk, status=PurchaseRequest.Status.OPEN).update(
            status=PurchaseRequest.Status.RECEIVED
        )
        != 1
    ):
        raise Conflict("already_received", _("This purchase request is no longer open."))
    post(actor=actor, part=purchase.part, location=purchase.location, kind=Movement.RECEIPT,
         on_hand=purchase.quantity, reason=_("Purchase request #{id}").format(id=purchase.pk))  # fmt: skip
    if purchase.shortage_id:
        fill_shortage(actor=actor, shortage=purchase.shortage)
    purchase.status = PurchaseRequest.Status.RECEIVED
    return purchase


@transaction.atomic
def act_on_shortage(
    *, actor: Actor, shortage_id: int, source: str | None = None
) -> Transfer | PurchaseRequest:
    """Carry out a shortage's proposal (or the source the warehouse picks): ship the transfer or raise the purchase.

    A transfer whose donor no longer has the units falls back to a purchase, and says so by what it returns.
    """
    require_stock_manager(actor)
    shortage = PartShortage.objects.select_related("part", "location").filter(pk=shortage_id).first()
    if shortage is None or shortage.status != PartShortage.Status.OPEN:
        raise Conflict("shortage_not_open", _("This shortage is no longer open."))
    if _already_sourced(shortage):
        raise Conflict(
            "shortage_sourced", _("A transfer or purchase is already on its way for this shortage.")
        )
    source = source or shortage.source
    if source == PartShortage.Source.TRANSFER and shortage.source_location_id:
        try:
            with transaction.atomic():
                return ship_transfer(actor=actor, part_id=shortage.part_id, from_location_id=shortage.source_location_id,
                                     to_location_id=shortage.location_id, quantity=shortage.quantity,
                                     emergency=shortage.emergency, shortage=shortage)  # fmt: skip
        except InsufficientStock:
            pass
    return request_purchase(actor=actor, part_id=shortage.part_id, location_id=shortage.location_id,
                            quantity=shortage.quantity, shortage=shortage)  # fmt: skip


@transaction.atomic
def act_on_suggestion(*, actor: Actor, suggestion_id: int) -> Transfer | PurchaseRequest:
    """Carry out a reorder suggestion: raise its purchase or ship its transfer, and take it off the list.

    Guards: stock managers; the suggestion is still listed (the nightly plan replaces the list, and two
    clerks may act on one at once: the delete lets only one through); a transfer's source still has the
    units free, else nothing changes and the suggestion stays.
    """
    require_stock_manager(actor)
    suggestion = Suggestion.objects.filter(pk=suggestion_id).first()
    if suggestion is None or Suggestion.objects.filter(pk=suggestion.pk).delete()[0] != 1:
        raise Conflict(
            "suggestion_gone", _("This suggestion was already carried out or replaced by a newer plan.")
        )
    if suggestion.kind == Suggestion.Kind.TRANSFER:
        return ship_transfer(actor=actor, part_id=suggestion.part_id, from_location_id=suggestion.from_location_id,
                             to_location_id=suggestion.to_location_id, quantity=suggestion.quantity,
                             emergency=suggestion.urgent)  # fmt: skip
    return request_purchase(actor=actor, part_id=suggestion.part_id, location_id=suggestion.to_location_id,
                            quantity=suggestion.quantity)  # fmt: skip


def _already_sourced(shortage: PartShortage) -> bool:
    return (
        Transfer.objects.filter(shortage=shortage, status=Transfer.Status.IN_TRANSIT).exists()
        or PurchaseRequest.objects.filter(shortage=shortage, status=PurchaseRequest.Status.OPEN).exists()
    )


def fill_shortage(*, actor: Actor, shortage: PartShortage) -> bool:
    """Hold the arrived units for the order that waited for them (unless it was cancelled meanwhile)."""
    if shortage.order.state in CLOSED_ORDER_STATES:
        return False
    if (
        PartShortage.objects.filter(pk=shortage.pk, status=PartShortage.Status.OPEN).update(
            status=PartShortage.Status.FILLED
        )
        != 1
    ):
        return False
    reserve(
        actor=actor,
        order=shortage.order,
        part=shortage.part,
        location=shortage.location,
        quantity=shortage.quantity,
    )
    return True
