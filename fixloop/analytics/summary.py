"""Daily order statistics: the dashboard's heavy KPIs read from a small table the worker keeps fresh.

`refresh(now)` rebuilds the rows of every local day touched since the last run (orders updated, events
recorded, rework orders opened), plus today; the first run builds every day. Until a first run the
dashboard reads the live queries. Each count has exactly the definition of its live query in kpis.py;
the 90th percentile stays exact: the histogram finds the bucket, one small live query the value in it.
"""

import datetime as dt

from django.db import connection, transaction
from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import TruncDate
from django.db.models.lookups import GreaterThanOrEqual, LessThan
from django.utils import timezone

from fixloop.analytics import kpis, quality
from fixloop.analytics.filters import Filters
from fixloop.analytics.models import (
    HOUR_BUCKETS,
    DailyOrderCounts,
    DailyOrderStats,
    DailySurveyStats,
    SummaryRefresh,
)
from fixloop.catalog.models import ProductModel
from fixloop.sla.models import Escalation, Snapshot
from fixloop.surveys.models import Survey
from fixloop.workorders.models import WorkOrder, WorkOrderEvent
from fixloop.workorders.states import TERMINAL

NAME = "daily_order_stats"
# Up to this many days rebuilt, the order sets (remote, reworked, multi-visit) are built for them only.
FEW_DAYS = 31
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
SLA = ["total", "onsite", "response_ok", "arrival_ok", "resolution_ok", "met"]  # kpis.sla_counts()
MEASURES = ["state", "fault"]  # DailyOrderCounts' daily measures; + MONTHLY: their month totals
MONTHLY = ":m"
SURVEY = ["answered", "csat_sum", "csat_n", "satisfied", "promoters", "detractors"]
SCORES = [f"c{score}" for score in range(1, 6)]


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


def _dims(prefix: str = "") -> dict:
    return {f"d_{name}": F(prefix + field) for name, field in DIMENSIONS.items()}


def _dim_values(values: dict) -> dict:
    out = {name: values[f"d_{name}"] for name in DIMENSIONS}
    out["channel"] = out["channel"] or ""
    return out


def _row_maker(model):
    """A function returning the row of (day, dimensions) of a values() row, one object per key."""
    rows: dict[tuple, object] = {}

    def row(values: dict):
        key = (values["day"], *(values[f"d_{name}"] for name in DIMENSIONS))
        if key not in rows:
            rows[key] = model(day=key[0], **_dim_values(values))
        return rows[key]

    return row, rows


Runs = list[tuple[dt.date, dt.date]]  # half-open ranges of local days


def _period(field: str, runs: Runs) -> Q:
    """The moments of `field` falling on the days of the runs (one index range each)."""
    q = Q()
    for start, end in runs:
        q |= Filters(start=start, end=end).period(field)
    return q


def _on_days(runs: Runs, field: str = "day") -> Q:
    q = Q()
    for start, end in runs:
        q |= Q(**{f"{field}__gte": start, f"{field}__lt": end})
    return q


def _rows(runs: Runs) -> list[DailyOrderStats]:
    """The statistics of the local days of the runs, computed from the orders and their events."""
    dims = _dims()
    row, rows = _row_maker(DailyOrderStats)

    received = (
        WorkOrder.objects.filter(_period("created_at", runs))
        .annotate(day=TruncDate("created_at"))
        .values("day", **dims)
        .annotate(n=Count("id"))
        .order_by()
    )
    for values in received:
        row(values).received = values["n"]
    resolved_in_runs = WorkOrder.objects.filter(_period("resolved_at", runs), state__in=kpis.RESOLVED_STATES)
    # A few days: the order sets are built for these orders only, not for the whole history.
    few = resolved_in_runs if sum((end - start).days for start, end in runs) <= FEW_DAYS else None
    repair = Q(kind="repair") & ~kpis.remote(few)
    resolved = (
        resolved_in_runs.annotate(day=TruncDate("resolved_at"))
        .values("day", **dims)
        .annotate(
            resolved=Count("id"),
            repairs=Count("id", filter=repair),
            fixed=Count("id", filter=repair & Q(rework_count=0) & ~kpis.multi_visit(few)),
            repeated=Count("id", filter=kpis.reworked(few)),
            remote=Count("id", filter=kpis.remote(few)),
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
    closed = (
        WorkOrder.objects.filter(_period("closed_at", runs))
        .annotate(day=TruncDate("closed_at"))
        .values("day", **dims)
        .annotate(n=Count("id"))
        .order_by()
    )
    for values in closed:
        row(values).closed = values["n"]
    sla = (
        kpis.with_sla(resolved_in_runs)
        .annotate(day=TruncDate("resolved_at"))
        .values("day", **dims)
        .annotate(**kpis.sla_counts())
        .order_by()
    )
    for values in sla:
        target = row(values)
        for name in SLA:
            setattr(target, f"sla_{'orders' if name == 'total' else name}", values[name])
    return list(rows.values())


def _count_rows(runs: Runs) -> list[DailyOrderCounts]:
    """Orders created on the local days of the runs by current state, and the fault Pareto's counts."""
    created = _period("created_at", runs)
    out = []
    for measure, orders, key in (
        ("state", WorkOrder.objects.filter(created), "state"),
        ("fault", quality.FAULTS.filter(created, product_model__isnull=False), "fault_category"),
    ):
        rows = (
            orders.annotate(day=TruncDate("created_at"))
            .values("day", key, **_dims())
            .annotate(n=Count("id"))
            .order_by()
        )
        for values in rows:
            out.append(
                DailyOrderCounts(
                    day=values["day"], measure=measure, key=values[key], n=values["n"], **_dim_values(values)
                )
            )
    return out


def _survey_rows(runs: Runs) -> list[DailySurveyStats]:
    """Surveys sent (created) and answered on the local days of the runs, by their order's dimensions."""
    dims = _dims("order__")
    row, rows = _row_maker(DailySurveyStats)
    sent = (
        Survey.objects.filter(_period("created_at", runs))
        .annotate(day=TruncDate("created_at"))
        .values("day", **dims)
        .annotate(n=Count("id"))
        .order_by()
    )
    for values in sent:
        row(values).sent = values["n"]
    answered = (
        Survey.objects.filter(_period("answered_at", runs))
        .annotate(day=TruncDate("answered_at"))
        .values("day", **dims)
        .annotate(
            answered=Count("id"),
            csat_sum=Sum("csat"),
            csat_n=Count("csat"),
            satisfied=Count("id", filter=Q(csat__gte=4)),
            promoters=Count("id", filter=Q(nps__gte=9)),
            detractors=Count("id", filter=Q(nps__lte=6)),
            **{f"c{score}": Count("id", filter=Q(csat=score)) for score in range(1, 6)},
        )
        .order_by()
    )
    for values in answered:
        target = row(values)
        for name in SURVEY + SCORES:
            setattr(target, name, values[name] or 0)
    return list(rows.values())


def _microseconds(value: dt.timedelta | None) -> int:
    if value is None:
        return 0
    return (value.days * 86400 + value.seconds) * 1_000_000 + value.microseconds


def rebuild(runs: Runs) -> int:
    """Replace the rows of the local days of the runs in every summary table, then the month totals."""
    if not runs:
        return 0
    written = 0
    for model, build in (
        (DailyOrderStats, _rows),
        (DailyOrderCounts, _count_rows),
        (DailySurveyStats, _survey_rows),
    ):
        rows = build(runs)
        model.objects.filter(_on_days(runs)).delete()
        model.objects.bulk_create(rows, batch_size=5000)
        written += len(rows)
    _rebuild_months(runs)
    return written


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def _rebuild_months(runs: Runs) -> None:
    """DailyOrderCounts' month totals ("state:m", "fault:m" on the month's first day) of the months the
    runs touch, summed from the daily rows: a long period reads a dozen months instead of 365 days."""
    months = set()
    for start, end in runs:
        month = _month(start)
        while month < end:
            months.add(month)
            month = _next_month(month)
    month_runs = [(month, _next_month(month)) for month in sorted(months)]
    DailyOrderCounts.objects.filter(
        _on_days(month_runs), measure__in=[m + MONTHLY for m in MEASURES]
    ).delete()
    dims = list(DIMENSIONS)
    for month, end in month_runs:
        rows = (
            DailyOrderCounts.objects.filter(day__gte=month, day__lt=end, measure__in=MEASURES)
            .values("measure", "key", *dims)
            .annotate(total=Sum("n"))
            .order_by()
        )
        DailyOrderCounts.objects.bulk_create(
            [
                DailyOrderCounts(
                    day=month,
                    measure=row["measure"] + MONTHLY,
                    key=row["key"],
                    n=row["total"],
                    **{name: row[name] for name in dims},
                )  # fmt: skip
                for row in rows
            ],
            batch_size=5000,
        )


def touched_days(since: dt.datetime) -> set[dt.date]:
    """Local days whose rows may have changed since `since`: every day (created, resolved, closed, its
    survey sent and answered) of each order updated, with a new event, reopened as a rework order, with
    its SLA snapshot recomputed or an escalation fired, or with a survey sent or answered.

    One query per source, each on its own index (an OR of them would scan the orders)."""
    ids = lambda qs, field="order_id": qs.values(field)  # noqa: E731
    sources = [
        WorkOrder.objects.filter(updated_at__gte=since),
        WorkOrder.objects.filter(pk__in=ids(WorkOrderEvent.objects.filter(created_at__gte=since))),
        WorkOrder.objects.filter(
            pk__in=ids(
                WorkOrder.objects.filter(created_at__gte=since, rework_of__isnull=False), "rework_of_id"
            )
        ),
        WorkOrder.objects.filter(pk__in=ids(Snapshot.objects.filter(computed_at__gte=since))),
        WorkOrder.objects.filter(pk__in=ids(Escalation.objects.filter(fired_at__gte=since))),
        WorkOrder.objects.filter(
            pk__in=ids(Survey.objects.filter(Q(created_at__gte=since) | Q(answered_at__gte=since)))
        ),
    ]
    days, ids = set(), set()
    fields = ("pk", "created_at", "resolved_at", "closed_at", "survey__created_at", "survey__answered_at")
    for orders in sources:
        for pk, *moments in orders.values_list(*fields).order_by():
            ids.add(pk)
            days.update(timezone.localdate(moment) for moment in moments if moment is not None)
    # A resolution or closing undone (dispute, reopening) moved or cleared resolved_at / closed_at: the
    # days of the earlier ones, recorded as events, lose the order.
    earlier = WorkOrderEvent.objects.filter(order_id__in=ids, to_state__in=kpis.RESOLVED_STATES)
    days.update(timezone.localdate(moment) for moment in earlier.values_list("created_at", flat=True))
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
        rebuild(runs)  # every touched day at once: one query per statistic, whatever the days
        if len(runs) == 1 and (runs[0][1] - runs[0][0]).days > FEW_DAYS and connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # fresh planner statistics after a bulk rebuild
                for model in (DailyOrderStats, DailyOrderCounts, DailySurveyStats):
                    cursor.execute(f'ANALYZE "{model._meta.db_table}"')
        state.refreshed_at = started
        state.save(update_fields=["refreshed_at"])
    return sum((end - start).days for start, end in runs)


# Reading --------------------------------------------------------------------------------------------


def _dimension_filter(f: Filters) -> dict:
    conditions = {
        "service_point_id": f.service_point_id,
        "category_id": f.category_id,
        "product_model_id": f.model_id,
        "engineer_id": f.engineer_id,
        "channel": f.channel or None,
    }
    return {k: v for k, v in conditions.items() if v is not None}


def scoped(f: Filters, model=DailyOrderStats):
    return model.objects.filter(day__gte=f.start, day__lt=f.end, **_dimension_filter(f))


def counts(f: Filters, measure: str):
    """DailyOrderCounts rows of the measure covering the period: month totals for its whole months,
    daily rows for the days before the first and after the last whole month."""
    months, month = [], _month(f.start) if f.start.day == 1 else _next_month(f.start)
    while _next_month(month) <= f.end:
        months.append((month, _next_month(month)))
        month = _next_month(month)
    if not months:
        return scoped(f, DailyOrderCounts).filter(measure=measure)
    return DailyOrderCounts.objects.filter(
        Q(measure=measure, day__gte=f.start, day__lt=months[0][0])
        | Q(measure=measure, day__gte=months[-1][1], day__lt=f.end)
        | Q(measure=measure + MONTHLY, day__gte=months[0][0], day__lt=months[-1][1]),
        **_dimension_filter(f),
    )


def received_by_state(f: Filters) -> dict[str, int]:
    """Orders created in the period by current state, as kpis.volume's by_state."""
    rows = counts(f, "state").values_list("key").annotate(n=Sum("n"))
    return {state: n for state, n in rows.order_by() if n}


def open_by_day(f: Filters, *, skip: set[dt.date]) -> list[tuple[dt.date, str, int]]:
    """Open orders by creation day and state, the days in `skip` left out (kpis.backlog ages those live).

    Months wholly before the month of the earliest skipped day come as one row each, dated the 1st:
    all their orders are older than every age boundary."""
    first_daily = _month(min(skip))
    rows = (
        DailyOrderCounts.objects.filter(
            Q(measure="state", day__gte=first_daily) | Q(measure="state" + MONTHLY, day__lt=first_daily),
            **_dimension_filter(f),
        )
        .exclude(key__in=TERMINAL)
        .exclude(day__in=skip)
        .values_list("day", "key")
        .annotate(n=Sum("n"))
        .order_by()
    )
    return [(day, state, n) for day, state, n in rows if n]


def sla_counts(f: Filters) -> dict:
    """What kpis.sla_counts() aggregates live, summed from the rows."""
    sums = scoped(f).aggregate(**{name: Sum(f"sla_{'orders' if name == 'total' else name}") for name in SLA})
    return {name: sums[name] or 0 for name in SLA}


def closed_orders(f: Filters) -> int:
    return scoped(f).aggregate(n=Sum("closed"))["n"] or 0


def survey_stats(f: Filters) -> tuple[int, dict, dict]:
    """kpis.satisfaction's inputs: surveys sent, the answers' aggregates, answers by CSAT score."""
    sums = scoped(f, DailySurveyStats).aggregate(
        sent=Sum("sent"), **{name: Sum(name) for name in SURVEY + SCORES}
    )
    sums = {name: value or 0 for name, value in sums.items()}
    stats = {
        "n": sums["answered"],
        "mean": sums["csat_sum"] / sums["csat_n"] if sums["csat_n"] else None,
        **{name: sums[name] for name in ("satisfied", "promoters", "detractors")},
    }
    return sums["sent"], stats, {score: sums[f"c{score}"] for score in range(1, 6)}


def fault_counts(f: Filters, limit: int) -> tuple[list[dict], int]:
    """quality.pareto's rows (model brand and code, fault, count) in its order, and their total.

    The (model, fault) sums are few; they are ranked here with the database's own collation order of
    brands, codes and faults, so ties sort exactly as the live query's ORDER BY.
    """
    groups = list(
        counts(f, "fault").values_list("product_model_id", "key").annotate(n=Sum("n")).order_by("key")
    )
    key_rank: dict[str, int] = {}
    for _model, key, _n in groups:
        key_rank.setdefault(key, len(key_rank))
    models = ProductModel.objects.filter(pk__in={model for model, _key, _n in groups}).order_by(
        "brand", "code"
    )
    model_rank = {
        pk: (i, brand, code) for i, (pk, brand, code) in enumerate(models.values_list("pk", "brand", "code"))
    }
    groups.sort(key=lambda g: (-g[2], model_rank[g[0]][0], key_rank[g[1]]))
    rows = [
        {"product_model__brand": model_rank[model][1], "product_model__code": model_rank[model][2],
         "fault_category": key, "n": n}
        for model, key, n in groups[:limit]
    ]  # fmt: skip
    return rows, sum(n for _model, _key, n in groups)


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
