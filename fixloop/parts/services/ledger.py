"""The one way stock changes: a conditional update of the cached balance plus an append to the ledger."""

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.core.errors import Conflict, ValidationFailed
from fixloop.parts.models import Part
from fixloop.parts.stock_models import StockBalance, StockLocation, StockMovement


class InsufficientStock(Conflict):
    """The movement would take on-hand below zero or below what is reserved."""


def balance_row(part: Part, location: StockLocation) -> StockBalance:
    """The balance row of (part, location), created empty on first use (safe when two create it at once)."""
    try:
        with transaction.atomic():
            row, _created = StockBalance.objects.get_or_create(part=part, location=location)
    except IntegrityError:
        row = StockBalance.objects.get(part=part, location=location)
    return row


def post(
    *,
    actor: Actor,
    part: Part,
    location: StockLocation,
    kind: str,
    on_hand: int = 0,
    reserved: int = 0,
    order=None,
    transfer=None,
    serials: list[str] | None = None,
    reason: str = "",
    when=None,
) -> StockMovement:
    """Apply (on_hand, reserved) deltas if the result keeps 0 <= reserved <= on_hand, and log the movement.

    The check and the change are one UPDATE … WHERE, so of two concurrent issues of the last unit
    exactly one matches a row; the loser gets InsufficientStock and nothing is written. The table's
    CHECK constraints back this up. Callers run inside their own transaction.
    """
    if on_hand == 0 and reserved == 0:
        raise ValidationFailed("empty_movement", _("A stock movement must change something."))
    row = balance_row(part, location)
    with transaction.atomic():
        updated = (
            StockBalance.objects.filter(pk=row.pk, reserved__gte=-reserved)
            .filter(on_hand__gte=F("reserved") + (reserved - on_hand))
            .update(on_hand=F("on_hand") + on_hand, reserved=F("reserved") + reserved)
        )
        if updated != 1:
            current = StockBalance.objects.get(pk=row.pk)
            raise InsufficientStock(
                "insufficient_stock",
                _("Not enough {part} at {location}: {available} available.").format(
                    part=part.number, location=location.name, available=current.available
                ),
                {"part_id": part.pk, "location_id": location.pk, "on_hand": current.on_hand,
                 "reserved": current.reserved, "available": current.available},
            )  # fmt: skip
        return StockMovement.objects.create(
            part=part, location=location, kind=kind, on_hand_delta=on_hand, reserved_delta=reserved,
            unit_cost=part.unit_cost, order=order, transfer=transfer, serials=serials or [], reason=reason[:300],
            actor=actor.user, actor_label=actor.label, occurred_at=when or timezone.now(),
        )  # fmt: skip


def ledger_mismatches() -> list[dict]:
    """(part, location) pairs whose cached balance differs from the sums of the ledger; empty when sound."""
    sums = {
        (r["part_id"], r["location_id"]): (r["h"], r["r"])
        for r in StockMovement.objects.values("part_id", "location_id").annotate(
            h=Sum("on_hand_delta"), r=Sum("reserved_delta")
        )
    }
    out = []
    for b in StockBalance.objects.values("part_id", "location_id", "on_hand", "reserved"):
        key = (b["part_id"], b["location_id"])
        ledger = sums.pop(key, (0, 0))
        if ledger != (b["on_hand"], b["reserved"]):
            out.append({"part_id": key[0], "location_id": key[1], "balance": (b["on_hand"], b["reserved"]),
                        "ledger": ledger})  # fmt: skip
    out.extend(
        {"part_id": k[0], "location_id": k[1], "balance": None, "ledger": v}
        for k, v in sums.items()
        if v != (0, 0)
    )
    return out
