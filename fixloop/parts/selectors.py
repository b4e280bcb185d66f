"""Reads of stock for pages and the API; every one checks that the actor is staff."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.core.errors import NotFound
from fixloop.inventory.series import Frequency
from fixloop.parts.models import Part
from fixloop.parts.permissions import require_stock_viewer
from fixloop.parts.services import planning, returns
from fixloop.parts.stock_models import (
    DefectiveReturn,
    PartShortage,
    Reservation,
    StockBalance,
    StockCount,
    StockLocation,
    StockMovement,
    StockTarget,
    Suggestion,
    Transfer,
)

VALUE = ExpressionWrapper(
    F("on_hand") * F("part__unit_cost"), output_field=DecimalField(max_digits=14, decimal_places=2)
)


def location_list(actor: Actor) -> QuerySet[StockLocation]:
    require_stock_viewer(actor)
    return StockLocation.objects.filter(is_active=True).select_related("service_point")


def stock_list(actor: Actor, *, location_id: int | None = None, q: str = "", short_only: bool = False):
    """Balances with part and location; `q` matches part number or name; short: nothing available."""
    require_stock_viewer(actor)
    rows = StockBalance.objects.select_related("part", "location").annotate(
        available_qty=F("on_hand") - F("reserved"), value=VALUE
    )
    if location_id:
        rows = rows.filter(location_id=location_id)
    if q.strip():
        text = q.strip()
        rows = rows.filter(
            Q(part__number__icontains=text) | Q(part__name__icontains=text) | Q(part__name_en__icontains=text)
        )
    if short_only:
        rows = rows.filter(available_qty__lte=0)
    return rows.order_by("location__code", "part__number")


def valuation(actor: Actor) -> list[dict]:
    """Stock value at unit cost per location, and the total."""
    require_stock_viewer(actor)
    rows = list(
        StockBalance.objects.values("location_id", "location__name")
        .annotate(units=Sum("on_hand"), value=Sum(VALUE))
        .order_by("location__name")
    )
    for row in rows:
        # SQLite drops the scale of a product of decimals; money always has two places.
        row["value"] = Decimal(row["value"] or 0).quantize(Decimal("0.01"))
    return rows


def movement_list(
    actor: Actor, *, location_id: int | None = None, part_id: int | None = None, limit: int = 100
):
    require_stock_viewer(actor)
    rows = StockMovement.objects.select_related("part", "location", "order")
    if location_id:
        rows = rows.filter(location_id=location_id)
    if part_id:
        rows = rows.filter(part_id=part_id)
    return rows[:limit]


def reservation_list(actor: Actor, *, location_id: int | None = None):
    require_stock_viewer(actor)
    rows = Reservation.objects.filter(status=Reservation.Status.ACTIVE).select_related(
        "part", "location", "order"
    )
    return rows.filter(location_id=location_id) if location_id else rows


def shortage_list(actor: Actor):
    require_stock_viewer(actor)
    return PartShortage.objects.filter(status=PartShortage.Status.OPEN).select_related(
        "part", "location", "source_location", "order"
    )


def transfers_to_receive(actor: Actor, *, location_id: int | None = None):
    require_stock_viewer(actor)
    rows = Transfer.objects.filter(status=Transfer.Status.IN_TRANSIT).select_related(
        "part", "from_location", "to_location"
    )
    return rows.filter(to_location_id=location_id) if location_id else rows


def return_list(actor: Actor, *, open_only: bool = True):
    require_stock_viewer(actor)
    rows = DefectiveReturn.objects.select_related("part", "location", "order", "part__supplier")
    return rows.filter(status__in=returns.OPEN) if open_only else rows


def count_list(actor: Actor):
    require_stock_viewer(actor)
    return StockCount.objects.select_related("location", "created_by")


def count_get(actor: Actor, count_id: int) -> StockCount | None:
    require_stock_viewer(actor)
    return StockCount.objects.select_related("location").filter(pk=count_id).first()


def suggestion_list(
    actor: Actor, *, location_id: int | None = None, kind: str = "", urgent_only: bool = False
):
    """The worker's reorder suggestions, urgent first; `location_id` matches where the units go or come from."""
    require_stock_viewer(actor)
    rows = Suggestion.objects.select_related("part", "to_location", "from_location")
    if location_id:
        rows = rows.filter(Q(to_location_id=location_id) | Q(from_location_id=location_id))
    if kind:
        rows = rows.filter(kind=kind)
    if urgent_only:
        rows = rows.filter(urgent=True)
    return rows


def order_parts(order) -> dict:
    """What one order holds, used, still waits for and removed (the order page's panel)."""
    return {
        "reservations": list(Reservation.objects.filter(order=order).select_related("part", "location")),
        "issues": list(
            StockMovement.objects.filter(order=order, kind="issue").select_related("part", "location")
        ),
        "shortages": list(PartShortage.objects.filter(order=order).select_related("part", "source_location")),
        "returns": list(DefectiveReturn.objects.filter(order=order).select_related("part", "location")),
    }


# How far back a demand history looks unless asked: two years of months, half a year of weeks.
DEMAND_PERIODS: dict[str, int] = {"M": 24, "W": 26}
DEMAND_PERIODS_MAX = 104  # five years of months or two of weeks at most


@dataclass(frozen=True)
class DemandHistory:
    """A part's units issued per month or week at one location (the last period is the current one, so far)."""

    part: Part
    location: StockLocation
    freq: str
    periods: list[tuple]  # (first day of the period, units)
    target: StockTarget | None


def demand_history(
    actor: Actor, *, part_id: int, location_id: int, freq: Frequency = "M", periods: int | None = None
):
    """The issue history the stock plan is forecast from, with the plan's levels for that part and location."""
    require_stock_viewer(actor)
    part = Part.objects.filter(pk=part_id).first()
    location = StockLocation.objects.filter(pk=location_id).first()
    if part is None or location is None:
        raise NotFound("not_found", _("That part or location does not exist."))
    periods = periods or DEMAND_PERIODS[freq]
    series = planning.issue_series(location, [part], end=timezone.localdate(), periods=periods, freq=freq)[0]
    target = StockTarget.objects.filter(part=part, location=location).first()
    units = [int(round(v)) for v in series.values]
    return DemandHistory(part, location, freq, list(zip(series.periods, units, strict=True)), target)
