"""Quality feedback for R&D: fault Pareto per model, failures by months in service, emerging issues."""

import datetime as dt

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractMonth, ExtractYear

from fixloop.analytics.filters import Filters
from fixloop.catalog.models import Device
from fixloop.workorders.models import WorkOrder

FAULTS = WorkOrder.objects.filter(kind="repair").exclude(state="cancelled")
MODEL = ("product_model__brand", "product_model__code")


def pareto(f: Filters, limit: int = 30, *, from_summary: bool | None = None) -> list[dict]:
    """Repair orders received in the period per (model, fault component), biggest first, with cumulative share.

    Read from the daily statistics once the worker has built them (`from_summary` None), else live.
    """
    from fixloop.analytics import summary

    if from_summary is None:
        from_summary = summary.ready()
    if from_summary:
        rows, total = summary.fault_counts(f, limit)
    else:
        rows = list(
            FAULTS.filter(f.orders(), f.period("created_at"), product_model__isnull=False)
            .values(*MODEL, "fault_category")
            .annotate(n=Count("id"))
            .order_by("-n", *MODEL, "fault_category")[:limit]
        )
        total = FAULTS.filter(f.orders(), f.period("created_at"), product_model__isnull=False).count()
    out, running = [], 0
    for row in rows:
        running += row["n"]
        out.append({
            "model": f"{row['product_model__brand']} {row['product_model__code']}",
            "component": row["fault_category"] or "—",
            "failures": row["n"],
            "share": round(row["n"] / total, 4),
            "cumulative": round(running / total, 4),
        })  # fmt: skip
    return out


def months_in_service() -> F:
    """Whole calendar months from the device's purchase to the order (integer arithmetic in SQL)."""
    return (ExtractYear("created_at") - ExtractYear("device__purchase_date")) * 12 + (
        ExtractMonth("created_at") - ExtractMonth("device__purchase_date")
    )


def failure_rate(f: Filters, max_months: int = 36) -> list[dict]:
    """Failures per model and month in service, over the model's installed base (devices on record)."""
    rows = (
        FAULTS.filter(f.orders(), f.period("created_at"), device__purchase_date__isnull=False)
        .annotate(months=months_in_service())
        .filter(months__gte=0, months__lte=max_months)
        .values("product_model_id", *MODEL, "months")
        .annotate(n=Count("id"))
        .order_by(*MODEL, "months")
    )
    rows = list(rows)
    base = dict(
        Device.objects.filter(model_id__in={r["product_model_id"] for r in rows})
        .values_list("model_id")
        .annotate(c=Count("id"))
        .order_by()
    )
    return [
        {
            "model": f"{r['product_model__brand']} {r['product_model__code']}",
            "months": r["months"],
            "failures": r["n"],
            "devices": base.get(r["product_model_id"], 0),
            "rate": round(r["n"] / base[r["product_model_id"]], 4)
            if base.get(r["product_model_id"])
            else None,
        }
        for r in rows
    ]


def month_start(day: dt.date, back: int = 0) -> dt.date:
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def emerging(
    f: Filters, today: dt.date, *, baseline_months: int = 3, min_count: int = 3, factor: float = 2.0
):
    """Faults rising this month: at least `min_count` and `factor` × the mean of the previous months."""
    this = month_start(today)
    base_start = month_start(today, baseline_months)
    aware = lambda d: Filters(start=d, end=d).start_at  # noqa: E731
    rows = (
        FAULTS.filter(f.orders(), created_at__gte=aware(base_start), product_model__isnull=False)
        .values(*MODEL, "fault_category")
        .annotate(
            current=Count("id", filter=Q(created_at__gte=aware(this))),
            baseline=Count("id", filter=Q(created_at__lt=aware(this))),
        )
        .filter(current__gte=min_count)
        .order_by("-current", *MODEL, "fault_category")
    )
    out = []
    for row in rows:
        mean = row["baseline"] / baseline_months
        if row["current"] >= factor * mean:
            out.append({
                "model": f"{row['product_model__brand']} {row['product_model__code']}",
                "component": row["fault_category"] or "—",
                "this_month": row["current"],
                "baseline_mean": round(mean, 2),
            })  # fmt: skip
    return out
