"""Engineer and service-point scorecards over a period: quality, efficiency, satisfaction. GROUP BY in SQL."""

from django.db.models import Avg, Count, Q, Sum

from fixloop.accounts.names import person_name
from fixloop.analytics.filters import Filters
from fixloop.analytics.kpis import TIME_TO_REPAIR, hours, multi_visit, ratio, remote, resolved, reworked

# repeats / repeat_rate: resolved orders whose device came back as a rework order (kpis.repeat_repair);
# reworks: loops back to repair inside an order (failed QC, disputes; the orders' rework_count).
COLUMNS = ("resolved", "ftf_rate", "repeats", "repeat_rate", "reworks", "mean_hours", "csat", "nps")


def _scorecard(f: Filters, key: str, labels: tuple[str, ...], name) -> list[dict]:
    """One row per `key`; `name` turns a row's `labels` values into the name shown (sorted by it)."""
    repair = Q(kind="repair") & ~remote()
    rows = (
        resolved(f)
        .filter(**{f"{key}__isnull": False})
        .values(key, *labels)
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
        .order_by(key)
    )
    out = [
        {
            "id": row[key],
            "name": name(*(row[field] for field in labels)),
            "resolved": row["n"],
            "ftf_rate": ratio(row["fixed"], row["repairs"]),
            "repeats": row["repeated"],
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
    return sorted(out, key=lambda row: (row["name"], row["id"]))


def engineers(f: Filters) -> list[dict]:
    """Per engineer, named by display name (the username only when the person has no name)."""
    user = ("assignee__user__first_name", "assignee__user__last_name", "assignee__user__username")
    return _scorecard(f, "assignee_id", user, display_name)


def service_points(f: Filters) -> list[dict]:
    return _scorecard(f, "service_point_id", ("service_point__name",), lambda name: name)


def display_name(first_name: str, last_name: str, username: str) -> str:
    """How analytics shows a person: their full name, as every other page writes it, else the username."""
    return person_name(first_name, last_name) or username
