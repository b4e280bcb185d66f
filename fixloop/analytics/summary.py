"""Daily order statistics: the dashboard's heavy KPIs read from a small table the worker keeps fresh.

`refresh(now)` rebuilds the rows of every local day touched since the last run (orders updated, events
recorded, rework orders opened), plus today; the first run builds every day. Until a first run the
dashboard reads the live queries. Each count has exactly the definition of its live query in kpis.py;
the 90th percentile stays exact: the histogram finds the bucket, one small live query the value in it.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import TruncDate
from django.db.models.lookups import GreaterThanOrEqual, LessThan
from django.utils import timezone

from fixloop.analytics import kpis
from fixloop.analytics.filters import Filters
from fixloop.analytics.models import HOUR_BUCKETS, DailyOrderStats, SummaryRefresh
from fixloop.workorders.models import WorkOrder, WorkOrderEvent

NAME = "daily_order_stats"
MARGIN = dt.timedelta(minutes=5)  # transactions that committed late still count as touched
# Row dimension -> the WorkOrder field it is read from.
DIMENSIONS = {
    "service_point_id": "service_point_id",
    "category_id": "product_model__category_id",
    "product_model_id": "product_model_id",
    "engineer_id": "assignee_id",
    "channel": "channel",
}
COUNTS = ["resolved", "repairs", "fixed", "repeated", "remote"]
BUCKETS = [f"h{i}" for i in range(len(HOUR_BUCKETS) + 1)]


def ready() -> bool:
    return SummaryRefresh.objects.filter(name=NAME).exists()


# Building -------------------------------------------------------------------------------------------


def _bucket(i: int) -> Q:
    ttr = kpis.TIME_TO_REPAIR
    q = Q()
    if i:
        q &= Q(GreaterThanOrEqual(ttr, dt.timedelta(hours=HOUR_BUCKETS[i - 1])))
    if i < len(HOUR_BUCKETS):
        q &= Q(LessThan(ttr, dt.timedelta(hours=HOUR_BUCKETS[i])))
    return q


def _rows(start: dt.date, end: dt.date) -> list[DailyOrderStats]:
    """The statistics of the local days [start, end), computed from the orders and their events."""
    days = Filters(start=start, end=end)
    dims = {f"d_{name}": F(field) for name, field in DIMENSIONS.items()}
    rows: dict[tuple, DailyOrderStats] = {}

    def row(values: dict) -> DailyOrderStats:
        key = (values["day"], *(values[f"d_{name}"] for name in DIMENSIONS))
        if key not in rows:
            rows[key] = DailyOrderStats(day=key[0], **dict(zip(DIMENSIONS, key[1:], strict=True)))
            rows[key].channel = rows[key].channel or ""
        return rows[key]

    received = (
        WorkOrder.objects.filter(days.period("created_at"))
        .annotate(day=TruncDate("created_at"))
        .values("day", **dims)
        .annotate(n=Count("id"))
        .order_by()
    )
    for values in received:
        row(values).received = values["n"]
    repair = Q(kind="repair") & ~kpis.remote()
    resolved = (
        kpis.resolved(days)
        .annotate(day=TruncDate("resolved_at"))
        .values("day", **dims)
        .annotate(
            resolved=Count("id"),
            repairs=Count("id", filter=repair),
            fixed=Count("id", filter=repair & Q(rework_count=0) & ~kpis.multi_visit()),
            repeated=Count("id", filter=kpis.reworked()),
            remote=Count("id", filter=kpis.remote()),
            repair=Sum(kpis.TIME_TO_REPAIR),
            **{name: Count("id", filter=_bucket(i)) for i, name in enumerate(BUCKETS)},
        )
        .order_by()
    )
    for values in resolved:
        target = row(values)
        for name in COUNTS + BUCKETS:
            setattr(target, name, values[name])
        target.repair_us = _microseconds(values["repair"])
    return list(rows.values())


def _microseconds(value: dt.timedelta | None) -> int:
    if value is None:
        return 0
    return (value.days * 86400 + value.seconds) * 1_000_000 + value.microseconds


def rebuild(start: dt.date, end: dt.date) -> int:
    """Replace the rows of the local days [start, end)."""
    rows = _rows(start, end)
    DailyOrderStats.objects.filter(day__gte=start, day__lt=end).delete()
    DailyOrderStats.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def touched_days(since: dt.datetime) -> set[dt.date]:
    """Local days whose rows may have changed since `since`: both days (created, resolved) of each order
    updated, with a new event, or reopened as a rework order."""
    orders = WorkOrder.objects.filter(
        Q(updated_at__gte=since)
        | Q(pk__in=WorkOrderEvent.objects.filter(created_at__gte=since).values("order_id"))
        | Q(
            pk__in=WorkOrder.objects.filter(created_at__gte=since, rework_of__isnull=False).values(
                "rework_of_id"
            )
        )
    )
    days = set()
    for created, resolved in orders.values_list("created_at", "resolved_at").order_by():
        days.add(timezone.localdate(created))
        if resolved is not None:
            days.add(timezone.localdate(resolved))
    return days


def _runs(days: set[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Contiguous [start, end) ranges covering the days."""
    runs: list[tuple[dt.date, dt.date]] = []
    for day in sorted(days):
        if runs and runs[-1][1] == day:
            runs[-1] = (runs[-1][0], day + dt.timedelta(days=1))
        else:
            runs.append((day, day + dt.timedelta(days=1)))
    return runs


def refresh(now: dt.datetime, *, full: bool = False) -> int:
    """Bring the statistics up to date (a periodic job, idempotent); returns the days rebuilt."""
    started = timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        SummaryRefresh.objects.get_or_create(name=NAME, defaults={"refreshed_at": started})  # first run
        state = SummaryRefresh.objects.select_for_update().get(name=NAME)  # one refresher at a time
        if full or not DailyOrderStats.objects.exists():
            first = WorkOrder.objects.aggregate(first=Min("created_at"))["first"]
            start = timezone.localdate(first) if first else today
            runs = [(start, max(today, start) + dt.timedelta(days=1))]
        else:
            runs = _runs(touched_days(state.refreshed_at - MARGIN) | {today})
        for start, end in runs:
            rebuild(start, end)
        state.refreshed_at = started
        state.save(update_fields=["refreshed_at"])
    return sum((end - start).days for start, end in runs)


# Reading --------------------------------------------------------------------------------------------


def scoped(f: Filters):
    conditions = {
        "service_point_id": f.service_point_id,
        "category_id": f.category_id,
        "product_model_id": f.model_id,
        "engineer_id": f.engineer_id,
        "channel": f.channel or None,
    }
    return DailyOrderStats.objects.filter(
        day__gte=f.start, day__lt=f.end, **{k: v for k, v in conditions.items() if v is not None}
    )


def resolved_stats(f: Filters) -> dict:
    """What kpis.resolved_stats returns, from the rows, plus the repair-time histogram."""
    sums = scoped(f).aggregate(**{name: Sum(name) for name in COUNTS + BUCKETS}, repair_us=Sum("repair_us"))
    total = sums["resolved"] or 0
    stats = {
        "total": total,
        **{name: sums[name] or 0 for name in COUNTS if name != "resolved"},
        "mean": dt.timedelta(microseconds=sums["repair_us"] / total) if total else None,
        "hist": [sums[name] or 0 for name in BUCKETS],
    }
    return stats


def by_day(f: Filters) -> list[dict]:
    """Orders received per day, as kpis.volume's by_day."""
    rows = scoped(f).values("day").annotate(n=Sum("received")).filter(n__gt=0).order_by("day")
    return [{"day": row["day"].isoformat(), "n": row["n"]} for row in rows]


def bucket_bounds(i: int) -> tuple[dt.timedelta | None, dt.timedelta | None]:
    lo = dt.timedelta(hours=HOUR_BUCKETS[i - 1]) if i else None
    hi = dt.timedelta(hours=HOUR_BUCKETS[i]) if i < len(HOUR_BUCKETS) else None
    return lo, hi
