"""Reserve parts for an approved repair, propose a source for what is missing, issue and release them."""

import math
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.core.errors import Conflict, Forbidden, ValidationFailed
from fixloop.parts import sourcing
from fixloop.parts.models import Part
from fixloop.parts.permissions import may_consume
from fixloop.parts.services.ledger import InsufficientStock, balance_row, post
from fixloop.parts.stock_models import (
    DefectiveReturn,
    Movement,
    PartShortage,
    Reservation,
    StockBalance,
    StockLocation,
)
from fixloop.workorders.selectors import order_get_for

# An urgent repair gets express transfers (same day nearby) instead of the normal courier.
EMERGENCY_PRIORITIES = frozenset({"urgent"})
# Orders may draw parts while on the bench (or back on it after QC failed).
ISSUE_STATES = frozenset({"repairing"})


def point_of(location: StockLocation) -> tuple[float, float] | None:
    if location.latitude is None or location.longitude is None:
        return None
    return float(location.latitude), float(location.longitude)


def store_for(order) -> StockLocation | None:
    """The order's service point's store, else the central warehouse."""
    stores = StockLocation.objects.filter(is_active=True)
    if order.service_point_id:
        store = stores.filter(
            kind=StockLocation.Kind.SERVICE_POINT, service_point_id=order.service_point_id
        ).first()
        if store:
            return store
    return stores.filter(kind=StockLocation.Kind.WAREHOUSE).order_by("id").first()


def reserve_for_order(*, actor: Actor, order, needs: Iterable[tuple[Part, int]]) -> list[PartShortage]:
    """Hold what the order's store has; for the rest record a shortage with the best source proposed.

    Runs inside the caller's transaction (the approval): the holds and the approval commit together.
    Returns the shortages, so the caller can pause the repair.
    """
    location = store_for(order)
    if location is None:
        return []
    shortages = []
    for part, quantity in _merge(needs):
        held = _hold_what_is_there(actor, order, part, location, quantity)
        if held < quantity:
            shortages.append(_record_shortage(order, part, location, quantity - held))
    return shortages


def _merge(needs: Iterable[tuple[Part, int]]) -> list[tuple[Part, int]]:
    merged: dict[int, tuple[Part, int]] = {}
    for part, quantity in needs:
        if quantity > 0:
            merged[part.pk] = (part, merged.get(part.pk, (part, 0))[1] + quantity)
    return list(merged.values())


def _hold_what_is_there(actor: Actor, order, part: Part, location: StockLocation, quantity: int) -> int:
    for _attempt in range(3):  # someone may take units between our read and our conditional update
        take = min(balance_row(part, location).available, quantity)
        if take <= 0:
            return 0
        try:
            reserve(actor=actor, order=order, part=part, location=location, quantity=take)
            return take
        except InsufficientStock:
            continue
    return 0


def reserve(*, actor: Actor, order, part: Part, location: StockLocation, quantity: int) -> Reservation:
    with transaction.atomic():
        post(actor=actor, part=part, location=location, kind=Movement.RESERVE, reserved=quantity, order=order)
        return Reservation.objects.create(order=order, part=part, location=location, quantity=quantity)


def _record_shortage(order, part: Part, location: StockLocation, quantity: int) -> PartShortage:
    donors = [
        sourcing.Donor(b.location_id, b.available, point_of(b.location))
        for b in StockBalance.objects.filter(part=part, location__is_active=True)
        .exclude(location=location)
        .exclude(location__kind=StockLocation.Kind.VAN)
        .select_related("location")
        if b.available > 0
    ]
    emergency = order.priority in EMERGENCY_PRIORITIES
    proposal = sourcing.propose(
        need=quantity, at=point_of(location), donors=donors, today=timezone.localdate(),
        lead_time_days=part.effective_lead_time_days, emergency=emergency,
    )  # fmt: skip
    return PartShortage.objects.create(
        order=order, part=part, location=location, quantity=quantity, source=proposal.source,
        source_location_id=proposal.location_id, distance_km=proposal.distance_km,
        emergency=emergency and proposal.source == PartShortage.Source.TRANSFER, expected_date=proposal.expected_date,
    )  # fmt: skip


def release_for_order(*, actor: Actor, order, reason: str) -> int:
    """Give back every active hold of a cancelled order and drop its open shortages. Returns units released."""
    released = 0
    for r in Reservation.objects.select_for_update().filter(order=order, status=Reservation.Status.ACTIVE):
        post(actor=actor, part=r.part, location=r.location, kind=Movement.RELEASE, reserved=-r.quantity,
             order=order, reason=reason)  # fmt: skip
        Reservation.objects.filter(pk=r.pk).update(
            status=Reservation.Status.RELEASED, closed_at=timezone.now()
        )
        released += r.quantity
    PartShortage.objects.filter(order=order, status=PartShortage.Status.OPEN).update(
        status=PartShortage.Status.CANCELLED
    )
    return released


@transaction.atomic
def issue_to_order(
    *,
    actor: Actor,
    number: str,
    part_id: int,
    quantity: int,
    serials: list[str] | None = None,
    removed_serials: list[str] | None = None,
    defective_quantity: int = 0,
) -> list[DefectiveReturn]:
    """Fit parts to the order's device: from its holds first, then from the store's free stock.

    Guards: the actor may consume for this order (engineers: assigned to them); the order is on the
    bench; serial-tracked parts name one serial per unit. Effects: an issue movement with the
    serials, holds marked issued, and one tracked return per removed defective part.
    """
    order = order_get_for(actor, number)
    if not may_consume(actor, order):
        raise Forbidden("not_your_order", _("You may only issue parts to orders assigned to you."))
    if order.state not in ISSUE_STATES:
        raise Conflict("order_not_in_repair", _("Parts are issued only while the order is being repaired."))
    part = _part(part_id)
    serials = _clean_serials(serials, quantity, part.serial_tracked)
    location = _issue_location(order, part)
    from_holds = _use_holds(order, part, location, quantity)
    post(actor=actor, part=part, location=location, kind=Movement.ISSUE, on_hand=-quantity,
         reserved=-from_holds, order=order, serials=serials)  # fmt: skip
    removed = [s.strip() for s in (removed_serials or []) if s.strip()]
    count = max(len(removed), defective_quantity)
    return [
        DefectiveReturn.objects.create(
            order=order, part=part, location=location, serial=removed[i] if i < len(removed) else ""
        )  # fmt: skip
        for i in range(count)
    ]


def _part(part_id) -> Part:
    part = Part.objects.filter(pk=part_id).first()
    if part is None:
        raise ValidationFailed(
            "part_not_found", _("That part is not in the catalogue."), {"field": "part_id"}
        )
    return part


def _clean_serials(serials: list[str] | None, quantity: int, tracked: bool) -> list[str]:
    if quantity < 1:
        raise ValidationFailed(
            "quantity_invalid", _("The quantity must be at least 1."), {"field": "quantity"}
        )
    cleaned = [s.strip() for s in (serials or []) if s and s.strip()]
    if tracked and (len(cleaned) != quantity or len(set(cleaned)) != quantity):
        raise ValidationFailed(
            "serials_required",
            _("This part is serial-tracked: give one distinct serial number per unit."),
            {"field": "serials"},
        )
    return cleaned


def _issue_location(order, part: Part) -> StockLocation:
    held = Reservation.objects.filter(order=order, part=part, status=Reservation.Status.ACTIVE).first()
    location = held.location if held else store_for(order)
    if location is None:
        raise Conflict("no_store", _("This order's service point has no parts store."))
    return location


def _use_holds(order, part: Part, location: StockLocation, quantity: int) -> int:
    """Mark holds issued (splitting the last one) up to `quantity`; returns the units taken from holds."""
    taken, now = 0, timezone.now()
    holds = Reservation.objects.select_for_update().filter(
        order=order, part=part, location=location, status=Reservation.Status.ACTIVE
    )
    for hold in holds:
        left = quantity - taken
        if left <= 0:
            break
        if hold.quantity > left:
            Reservation.objects.filter(pk=hold.pk).update(quantity=hold.quantity - left)
            Reservation.objects.create(order=order, part=part, location=location, quantity=left,
                                       status=Reservation.Status.ISSUED, closed_at=now)  # fmt: skip
            taken += left
        else:
            Reservation.objects.filter(pk=hold.pk).update(status=Reservation.Status.ISSUED, closed_at=now)
            taken += hold.quantity
    return taken


def needs_from_lines(lines) -> list[tuple[Part, int]]:
    """(part, whole units) of an approved option's catalogue-part lines; fractional quantities round up."""
    return [
        (line.part, math.ceil(line.quantity)) for line in lines if getattr(line, "part", None) is not None
    ]
