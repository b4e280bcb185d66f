"""Stock plans from the ledger: monthly issue history per part and site -> forecast -> reorder point and
order-up-to level -> purchase and transfer suggestions. Run by the worker (jobs.py)."""

import datetime as dt
import math
from collections import defaultdict

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from fixloop.inventory.policy import PolicySettings, plan_default
from fixloop.inventory.replenishment import StockPosition, suggest_replenishment
from fixloop.inventory.replenishment import StockTarget as CoreTarget
from fixloop.inventory.series import DemandSeries, Frequency, demand_series, next_period, period_start
from fixloop.parts.models import Part
from fixloop.parts.stock_models import (
    Movement,
    PartShortage,
    PurchaseRequest,
    StockBalance,
    StockLocation,
    StockMovement,
    StockTarget,
    Suggestion,
    Transfer,
)

MIN_MONTHS = 12  # below a year of history there is too little to fit a forecast to
DAYS_PER_MONTH = 30


def lead_time_months(days: int) -> int:
    """Whole months an order takes to arrive (at least one review's worth of cover)."""
    return max(1, math.ceil(days / DAYS_PER_MONTH))


def _periods_to(end: dt.date, periods: int, freq: Frequency) -> tuple[dt.date, dt.date]:
    """First day of the first and of the last of `periods` full months or weeks ending with the one holding `end`."""
    last = first = period_start(end, freq)
    for _i in range(periods - 1):
        first = period_start(first - dt.timedelta(days=1), freq)
    return first, last


def issue_history(
    location: StockLocation, parts: list[Part], *, end: dt.date, periods: int, freq: Frequency = "M"
) -> np.ndarray:
    """Units issued to orders per part and month (or week), netting returns, over `periods` periods to `end`."""
    return np.array(
        [s.values for s in issue_series(location, parts, end=end, periods=periods, freq=freq)], dtype=float
    ).reshape(len(parts), -1)


def issue_series(
    location: StockLocation, parts: list[Part], *, end: dt.date, periods: int, freq: Frequency = "M"
) -> list[DemandSeries]:
    """issue_history with the first day of each period, one series per part."""
    first, last = _periods_to(end, periods, freq)
    rows = StockMovement.objects.filter(
        location=location,
        part__in=parts,
        kind__in=(Movement.ISSUE, Movement.RETURN),
        occurred_at__date__gte=first,
        occurred_at__date__lt=next_period(last, freq),
    ).values_list("part_id", "occurred_at", "on_hand_delta")  # fmt: skip
    per_part: dict[int, list] = defaultdict(list)
    for part_id, when, delta in rows:
        per_part[part_id].append((timezone.localtime(when).date(), -delta))
    return [demand_series(per_part[p.pk], freq=freq, start=first, end=last) for p in parts]


def plan_location(
    location: StockLocation, parts: list[Part], history: np.ndarray, service_level: float
) -> dict:
    """StockTarget fields per part id: fixloop's default stocking policy per lead-time group.

    The same `plan_default` that `fixloop bench parts` measures: each candidate method, spread and
    nominal level rehearses the order-up-to policy on the end of the store's own history, and the one
    that reached the target fill rate with least stock sets the levels (a store with too few parts or
    months to rehearse gets the first candidate aimed at the target as is).
    """
    groups: dict[int, list[int]] = defaultdict(list)
    for i, part in enumerate(parts):
        groups[lead_time_months(part.effective_lead_time_days)].append(i)
    out = {}
    for lead, rows in groups.items():
        policy = PolicySettings(lead_time=lead, target_fill_rate=service_level, error_windows=12)
        plan = plan_default(history[rows], policy)
        for j, i in enumerate(rows):
            out[parts[i].pk] = {
                "method": plan.method, "error_model": plan.error_model,
                "nominal_fill_rate": plan.nominal_fill_rate, "rehearsed": bool(plan.calibration),
                "mean_per_month": float(plan.mean_per_period[j]),
                "reorder_point": int(plan.reorder_point[j]), "order_up_to": int(plan.order_up_to[j]),
                "why": f"{plan.why}; lead time {lead} month(s)",
            }  # fmt: skip
    return out


def recompute_targets(now: dt.datetime) -> int:
    """Re-plan every active store (vans are stocked from their point's plan). Returns targets written."""
    service_level = settings.FIXLOOP["PARTS_SERVICE_LEVEL"]
    months = settings.FIXLOOP["PARTS_HISTORY_MONTHS"]
    end = period_start(now.date(), "M") - dt.timedelta(days=1)  # the last full month
    written = 0
    for location in StockLocation.objects.filter(is_active=True).exclude(kind=StockLocation.Kind.VAN):
        parts = _parts_seen_at(location)
        if not parts:
            continue
        history = issue_history(location, parts, end=end, periods=months)
        used = _months_in_use(history)
        if used < MIN_MONTHS:
            continue
        plans = plan_location(location, parts, history[:, -used:], service_level)
        with transaction.atomic():
            for part in parts:
                StockTarget.objects.update_or_create(
                    part=part, location=location,
                    defaults={**plans[part.pk], "service_level": service_level,
                              "lead_time_days": part.effective_lead_time_days, "computed_at": now},
                )  # fmt: skip
                written += 1
    return written


def _parts_seen_at(location: StockLocation) -> list[Part]:
    ids = set(StockBalance.objects.filter(location=location).values_list("part_id", flat=True))
    return list(Part.objects.filter(pk__in=ids, active=True).select_related("supplier").order_by("pk"))


def _months_in_use(history: np.ndarray) -> int:
    """Months since the store's first issue of anything (leading zeros are before it opened)."""
    active = np.flatnonzero(history.sum(axis=0) > 0)
    return 0 if active.size == 0 else history.shape[1] - int(active[0])


def positions_by_part(part_ids: list[int], locations: list[StockLocation]) -> dict[int, list[StockPosition]]:
    """On hand, on order (transfers in transit and open purchases) and owed to repairs, per part and location.

    Four queries for all the parts, whatever their number: the nightly run plans every stocked part.
    """
    on_hand = {
        (part, loc): qty
        for part, loc, qty in StockBalance.objects.filter(part_id__in=part_ids).values_list(
            "part_id", "location_id", "on_hand"
        )
    }
    on_order: dict[tuple[int, int], int] = defaultdict(int)
    for part, loc, qty in Transfer.objects.filter(
        part_id__in=part_ids, status=Transfer.Status.IN_TRANSIT
    ).values_list("part_id", "to_location_id", "quantity"):
        on_order[part, loc] += qty
    for part, loc, qty in _open_quantities(PurchaseRequest, PurchaseRequest.Status.OPEN, part_ids):
        on_order[part, loc] += qty
    owed = {
        (part, loc): qty
        for part, loc, qty in _open_quantities(PartShortage, PartShortage.Status.OPEN, part_ids)
    }
    return {
        part: [
            StockPosition(
                str(part), str(loc.pk), on_hand.get((part, loc.pk), 0), on_order[part, loc.pk],
                owed.get((part, loc.pk), 0),
            )
            for loc in locations
        ]
        for part in part_ids
    }  # fmt: skip


def _open_quantities(model, status: str, part_ids: list[int]):
    """(part, location, summed quantity) of the open rows of a purchase or shortage model."""
    return (
        model.objects.filter(part_id__in=part_ids, status=status)
        .values("part_id", "location_id")
        .annotate(q=Sum("quantity"))
        .values_list("part_id", "location_id", "q")
    )


def is_urgent(reasoning: dict, lead_time_days: int) -> bool:
    """A stock-out is expected before a normal order could arrive: repairs are already owed more than the
    location can count on, or the position is below the reorder point and short of the demand expected
    within the lead time (forecast per month x lead-time months).

    The core rule (position at or below the reorder point) only says it is time to reorder: it flags
    every purchase of a periodic review, and a part forecast at zero with nothing in stock.
    """
    position, reorder_point = reasoning["inventory_position"], reasoning["reorder_point"]
    lead_time_demand = reasoning["mean_per_period"] * lead_time_months(lead_time_days)
    return position < 0 or (position < reorder_point and position < lead_time_demand)


def _policy_facts(target: StockTarget) -> dict:
    """What the page needs to say, in the reader's language, how the target's levels were set."""
    return {
        "error_model": target.error_model, "nominal_fill_rate": target.nominal_fill_rate,
        "service_level": target.service_level, "rehearsed": target.rehearsed,
        "lead_time_months": lead_time_months(target.lead_time_days),
    }  # fmt: skip


def recompute_suggestions(now: dt.datetime) -> int:
    """Replace the suggestion list with transfers of surplus first, then purchases, per planned part."""
    targets_by_part: dict[int, dict[str, CoreTarget]] = defaultdict(dict)
    stored: dict[tuple[int, int], StockTarget] = {}
    for t in StockTarget.objects.select_related("part"):
        stored[(t.part_id, t.location_id)] = t
        targets_by_part[t.part_id][str(t.location_id)] = CoreTarget(
            str(t.part_id),
            str(t.location_id),
            t.reorder_point,
            t.order_up_to,
            t.mean_per_month,
            t.method,
            t.why,
        )
    locations = list(StockLocation.objects.filter(is_active=True).exclude(kind=StockLocation.Kind.VAN))
    rows = []
    parts = list(Part.objects.filter(pk__in=targets_by_part.keys()))
    positions = positions_by_part([p.pk for p in parts], locations)
    for part in parts:
        for s in suggest_replenishment(positions[part.pk], targets_by_part[part.pk]):
            target = stored[(part.pk, int(s.to_location))]
            urgent = is_urgent(s.reasoning, target.lead_time_days)
            rows.append(Suggestion(
                kind=s.kind, part=part, to_location_id=int(s.to_location),
                from_location_id=int(s.from_location) if s.from_location else None, quantity=s.quantity,
                urgent=urgent, reasoning={**s.reasoning, **_policy_facts(target)}, computed_at=now,
            ))  # fmt: skip
    with transaction.atomic():
        Suggestion.objects.all().delete()
        Suggestion.objects.bulk_create(rows)
    return len(rows)
