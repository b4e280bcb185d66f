"""Engineer and service-point scorecards over a period: quality, efficiency, satisfaction. GROUP BY in SQL."""

from django.db.models import Avg, Count, Q, Sum

from fixloop.analytics.filters import Filters
from fixloop.analytics.kpis import TIME_TO_REPAIR, hours, multi_visit, ratio, remote, resolved, reworked

COLUMNS = ("resolved", "ftf_rate", "repeat_rate", "reworks", "mean_hours", "csat", "nps")


def _scorecard(f: Filters, key: str, label: str) -> list[dict]:
    repair = Q(kind="repair") & ~remote()
    rows = (
        resolved(f)
        .filter(**{f"{key}__isnull": False})
        .values(key, label)
        .annotate(
            n=Count("id"),
            repairs=Count("id", filter=repair),
            fixed=Count("id", filter=repair & Q(rework_count=0) & ~multi_visit()),
            repeated=Count("id", filter=reworked()),
            reworks=Sum("rework_count"),
            mean=Avg(TIME_TO_REPAIR),
            csat=Avg("survey__csat"),
            answers=Count("survey__nps"),
            promoters=Count("id", filter=Q(survey__nps__gte=9)),
            detractors=Count("id", filter=Q(survey__nps__lte=6)),
        )
        .order_by(label)
    )
    return [
        {
            "id": row[key],
            "name": row[label],
            "resolved": row["n"],
            "ftf_rate": ratio(row["fixed"], row["repairs"]),
            "repeat_rate": ratio(row["repeated"], row["n"]),
            "reworks": row["reworks"] or 0,
            "mean_hours": hours(row["mean"]),
            "csat": round(row["csat"], 2) if row["csat"] is not None else None,
            "nps": round(100 * (row["promoters"] - row["detractors"]) / row["answers"], 1)
            if row["answers"]
            else None,
        }
        for row in rows
    ]


def engineers(f: Filters) -> list[dict]:
    return _scorecard(f, "assignee_id", "assignee__user__username")


def service_points(f: Filters) -> list[dict]:
    return _scorecard(f, "service_point_id", "service_point__name")
