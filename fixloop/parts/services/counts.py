"""Cycle counts: snapshot the ledger, record what is on the shelf, book the variances as adjustments."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.core.errors import Conflict, NotFound, ValidationFailed
from fixloop.parts.permissions import require_stock_manager
from fixloop.parts.services.ledger import post
from fixloop.parts.stock_models import CountLine, Movement, StockBalance, StockCount, StockLocation


@transaction.atomic
def start_count(*, actor: Actor, location_id: int, part_ids: list[int] | None = None) -> StockCount:
    """Open a count of some parts (default: every part the location has had) with the ledger's figures now."""
    require_stock_manager(actor)
    location = StockLocation.objects.filter(pk=location_id, is_active=True).first()
    if location is None:
        raise ValidationFailed(
            "location_not_found", _("That stock location does not exist."), {"field": "location_id"}
        )
    balances = StockBalance.objects.filter(location=location)
    if part_ids:
        balances = balances.filter(part_id__in=part_ids)
    rows = list(balances)
    if not rows:
        raise ValidationFailed(
            "nothing_to_count", _("There is no stock here to count."), {"field": "location_id"}
        )
    count = StockCount.objects.create(location=location, created_by=actor.user)
    CountLine.objects.bulk_create(CountLine(count=count, part_id=b.part_id, expected=b.on_hand) for b in rows)
    return count


def _open_count(count_id: int) -> StockCount:
    count = StockCount.objects.select_for_update().filter(pk=count_id).first()
    if count is None:
        raise NotFound("count_not_found", _("That stock count does not exist."))
    if count.status != StockCount.Status.OPEN:
        raise Conflict("count_closed", _("This count is already closed."))
    return count


@transaction.atomic
def record_counts(*, actor: Actor, count_id: int, counted: dict[int, int]) -> StockCount:
    """Write what was found per part. Guards: the count is open; whole non-negative numbers of its own parts."""
    require_stock_manager(actor)
    count = _open_count(count_id)
    lines = {line.part_id: line for line in count.lines.all()}
    for part_id, quantity in counted.items():
        if int(part_id) not in lines:
            raise ValidationFailed(
                "part_not_in_count", _("That part is not in this count."), {"field": f"part_{part_id}"}
            )
        if not isinstance(quantity, int) or quantity < 0:
            raise ValidationFailed(
                "count_invalid", _("Enter a whole number of 0 or more."), {"field": f"part_{part_id}"}
            )
        CountLine.objects.filter(pk=lines[int(part_id)].pk).update(counted=quantity)
    return count


@transaction.atomic
def close_count(*, actor: Actor, count_id: int) -> list:
    """Book each counted line's variance (found minus the snapshot) as an adjustment, then close.

    Using the snapshot, not today's balance, keeps issues made while counting out of the variance.
    Guard: every line is counted; an adjustment below the held units is refused and nothing is booked.
    """
    require_stock_manager(actor)
    count = _open_count(count_id)
    lines = list(count.lines.select_related("part"))
    if any(line.counted is None for line in lines):
        raise ValidationFailed("count_incomplete", _("Count every part before closing."))
    movements = [
        post(
            actor=actor,
            part=line.part,
            location=count.location,
            kind=Movement.ADJUST,
            on_hand=line.variance,
            reason=_("Cycle count #{id}").format(id=count.pk),
        )  # fmt: skip
        for line in lines
        if line.variance
    ]
    StockCount.objects.filter(pk=count.pk).update(status=StockCount.Status.CLOSED, closed_at=timezone.now())
    return movements
