"""KPI definitions, each one aggregation in SQL (works on SQLite and PostgreSQL), cut by `Filters`.

Periods: volume counts orders created in the period; quality and speed count orders resolved in it;
satisfaction counts surveys answered in it; complaints count complaints registered (or closed) in it.
"""

import datetime as dt
import math
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Avg,
    Case,
    Count,
    DecimalField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncDate
from django.utils import timezone

from fixloop.analytics.filters import Filters
from fixloop.complaints.models import Complaint
from fixloop.complaints.states import Kind as ComplaintKind
from fixloop.parts.stock_models import Movement, StockMovement
from fixloop.sla.models import Escalation
from fixloop.surveys.models import Survey
from fixloop.workorders.models import QuoteApproval, QuoteLine, WorkOrder, WorkOrderEvent
from fixloop.workorders.states import TERMINAL, Action, State

TIME_TO_REPAIR = ExpressionWrapper(F("resolved_at") - F("created_at"), output_field=DurationField())
RESOLVED_STATES = [State.RESOLVED, State.CLOSED]
AGE_BUCKETS = [(2, "0–2"), (7, "3–7"), (14, "8–14"), (30, "15–30")]  # days; older ones are ">30"


def ratio(part: int | None, whole: int | None) -> float | None:
    return round(part / whole, 4) if whole else None


def hours(value: dt.timedelta | None) -> float | None:
    return round(value.total_seconds() / 3600, 2) if value is not None else None


def resolved(f: Filters) -> QuerySet[WorkOrder]:
    """Orders resolved in the period (remotely or after repair), whatever happened to them after."""
    return WorkOrder.objects.filter(f.orders(), f.period("resolved_at"), state__in=RESOLVED_STATES)


def volume(f: Filters, *, from_summary: bool = False) -> dict:
    """Orders received in the period, in total, by current state and by day (read from the daily
    statistics when `from_summary`)."""
    created = WorkOrder.objects.filter(f.orders(), f.period("created_at"))
    if from_summary:
        from fixloop.analytics import summary

        by_state = summary.received_by_state(f)
        by_day = summary.by_day(f)
    else:
        by_state = dict(created.values_list("state").annotate(n=Count("id")).order_by())
        rows = created.annotate(day=TruncDate("created_at")).values("day").annotate(n=Count("id"))
        by_day = [{"day": row["day"].isoformat(), "n": row["n"]} for row in rows.order_by("day")]
    return {"received": sum(by_state.values()), "by_state": by_state, "by_day": by_day}


def backlog(f: Filters, now: dt.datetime, *, from_summary: bool = False) -> dict:
    """Open orders now, by state and by age in days (the period does not apply: backlog is a snapshot).

    With `from_summary`, open orders are counted per creation day from the daily statistics, except on
    the local days holding an age boundary (now − 2, 7, 14, 30 days), whose orders are aged live: every
    other day lies wholly inside one age bucket.
    """
    open_orders = WorkOrder.objects.filter(f.orders()).exclude(state__in=TERMINAL)
    by_state: dict[str, int] = {}
    by_age: dict[str, int] = {}
    if from_summary:
        from fixloop.analytics import summary

        boundaries = {timezone.localdate(now - dt.timedelta(days=days)) for days, _label in AGE_BUCKETS}
        for day, state, n in summary.open_by_day(f, skip=boundaries):
            by_state[state] = by_state.get(state, 0) + n
            label = _age(Filters(start=day, end=day).start_at, now)
            by_age[label] = by_age.get(label, 0) + n
        on_boundaries = Q()
        for day in boundaries:
            on_boundaries |= Filters(start=day, end=day + dt.timedelta(days=1)).period("created_at")
        open_orders = open_orders.filter(on_boundaries)
    whens = [
        When(created_at__gt=now - dt.timedelta(days=days), then=Value(label)) for days, label in AGE_BUCKETS
    ]
    rows = (
        open_orders.annotate(age=Case(*whens, default=Value(">30")))
        .values_list("state", "age")
        .annotate(n=Count("id"))
        .order_by()
    )
    for state, age, n in rows:
        by_state[state] = by_state.get(state, 0) + n
        by_age[age] = by_age.get(age, 0) + n
    ages = [label for _days, label in AGE_BUCKETS] + [">30"]
    return {
        "open": sum(by_state.values()),
        "by_state": by_state,
        "by_age": {a: by_age.get(a, 0) for a in ages},
    }


def _age(created: dt.datetime, now: dt.datetime) -> str:
    """The age bucket of an order created at `created`, as backlog's CASE puts it."""
    for days, label in AGE_BUCKETS:
        if created > now - dt.timedelta(days=days):
            return label
    return ">30"


# Sets of order ids, each computed once per query (PostgreSQL: a hashed subplan), never a subquery per row.
# `within` (the orders being counted) limits a set to those orders: what a few days of orders (the
# statistics' incremental refresh) need, where building each whole set would cost seconds.
VISITS = [Action.CHECK_IN, Action.RECEIVE_DEVICE]


def _limit(rows: QuerySet, within: QuerySet | None, field: str = "order_id") -> QuerySet:
    return rows if within is None else rows.filter(**{f"{field}__in": within.values("pk")})


def multi_visit(within: QuerySet | None = None) -> Q:
    """Orders with more than one visit or intake (check-ins, devices received)."""
    ids = (
        _limit(WorkOrderEvent.objects.filter(action__in=VISITS), within)
        .values("order_id")
        .annotate(c=Count("id"))
        .filter(c__gt=1)
        .values("order_id")
    )
    return Q(pk__in=ids)


def remote(within: QuerySet | None = None) -> Q:
    """Orders resolved remotely."""
    events = _limit(WorkOrderEvent.objects.filter(action=Action.RESOLVE_REMOTELY), within)
    return Q(pk__in=events.values("order_id"))


def reworked(within: QuerySet | None = None) -> Q:
    """Orders that came back as a rework order."""
    reworks = _limit(WorkOrder.objects.filter(rework_of__isnull=False), within, "rework_of_id")
    return Q(pk__in=reworks.values("rework_of_id"))


def resolved_stats(f: Filters) -> dict:
    """One scan of the orders resolved in the period for every count the quality and speed KPIs need."""
    repair = Q(kind="repair") & ~remote()
    return resolved(f).aggregate(
        total=Count("id"),
        repairs=Count("id", filter=repair),
        fixed=Count("id", filter=repair & Q(rework_count=0) & ~multi_visit()),
        repeated=Count("id", filter=reworked()),
        remote=Count("id", filter=remote()),
        mean=Avg(TIME_TO_REPAIR),
    )


def first_time_fix(f: Filters, stats: dict | None = None) -> dict:
    """Repairs fixed at the first visit: no rework (failed QC, dispute) and at most one visit or intake.

    Counted among repair orders resolved in the period, remote resolutions excluded (self-service).
    """
    s = stats or resolved_stats(f)
    return {"repairs": s["repairs"], "fixed": s["fixed"], "rate": ratio(s["fixed"], s["repairs"])}


def time_to_repair(f: Filters, stats: dict | None = None) -> dict:
    """Mean and 90th percentile (nearest rank) of created → resolved, over orders resolved in the period."""
    s = stats or resolved_stats(f)
    p90 = _p90(f, s) if s["total"] else None
    return {"resolved": s["total"], "mean_hours": hours(s["mean"]), "p90_hours": hours(p90)}


def _p90(f: Filters, s: dict) -> dt.timedelta | None:
    """Nearest rank; with the daily statistics' histogram ("hist"), only the bucket holding it is sorted."""
    rank = math.ceil(0.9 * s["total"]) - 1
    ranked = resolved(f).annotate(ttr=TIME_TO_REPAIR)
    if s.get("hist"):
        from fixloop.analytics.summary import bucket_bounds

        below = 0
        for i, n in enumerate(s["hist"]):
            if rank < below + n:
                lo, hi = bucket_bounds(i)
                bucket = ranked.filter(
                    **{k: v for k, v in (("ttr__gte", lo), ("ttr__lt", hi)) if v is not None}
                )
                found = bucket.order_by("ttr", "id").values_list("ttr", flat=True)[
                    rank - below : rank - below + 1
                ]
                if found:  # else the statistics are behind the orders: rank them all
                    return found[0]
                break
            below += n
    found = ranked.order_by("ttr", "id").values_list("ttr", flat=True)[rank : rank + 1]
    return found[0] if found else None  # None only while the statistics count orders no longer resolved


def repeat_repair(f: Filters, stats: dict | None = None) -> dict:
    """Resolved orders whose device came back with the same fault within the repair warranty (a rework order)."""
    s = stats or resolved_stats(f)
    return {"resolved": s["total"], "repeated": s["repeated"], "rate": ratio(s["repeated"], s["total"])}


def self_service(f: Filters, stats: dict | None = None) -> dict:
    """Orders resolved remotely (knowledge base, phone guidance) among all orders resolved."""
    s = stats or resolved_stats(f)
    return {"resolved": s["total"], "remote": s["remote"], "rate": ratio(s["remote"], s["total"])}


def sla_attainment(f: Filters, *, from_summary: bool = False) -> dict:
    """Per clock: orders resolved in the period with an SLA and no breach escalation of that clock.

    Read from the sla module's snapshots (status other than "none") and its breach escalations.
    The arrival clock counts on-site orders only.
    """
    if from_summary:
        from fixloop.analytics import summary

        return sla_ratios(summary.sla_counts(f))
    return sla_ratios(with_sla(resolved(f)).aggregate(**sla_counts()))


def with_sla(orders: QuerySet[WorkOrder]) -> QuerySet[WorkOrder]:
    return orders.filter(sla_snapshot__isnull=False).exclude(sla_snapshot__status="none")


def sla_counts() -> dict:
    """The counts of SLA attainment over orders with an SLA (the daily statistics keep them per day)."""

    def breached(clock: str) -> Exists:
        return Exists(Escalation.objects.filter(order=OuterRef("pk"), clock=clock, level="breach"))

    return {
        "total": Count("id"),
        "onsite": Count("id", filter=Q(service_mode="on_site")),
        "response_ok": Count("id", filter=~Q(breached("first_response"))),
        "arrival_ok": Count("id", filter=Q(service_mode="on_site") & ~Q(breached("arrival"))),
        "resolution_ok": Count("id", filter=~Q(breached("resolution"))),
        "met": Count("id", filter=Q(sla_snapshot__status="met")),
    }


def sla_ratios(counts: dict) -> dict:
    return {
        "orders": counts["total"],
        "response": ratio(counts["response_ok"], counts["total"]),
        "arrival": ratio(counts["arrival_ok"], counts["onsite"]),
        "resolution": ratio(counts["resolution_ok"], counts["total"]),
        "overall": ratio(counts["met"], counts["total"]),
    }


def satisfaction(f: Filters, *, from_summary: bool = False) -> dict:
    """CSAT (mean 1–5 and share of 4–5) and NPS (promoters 9–10 minus detractors 0–6, in points)."""
    if from_summary:
        from fixloop.analytics import summary

        sent, stats, by_score = summary.survey_stats(f)
    else:
        sent = Survey.objects.filter(f.orders("order__"), f.period("created_at")).count()
        answers = Survey.objects.filter(f.orders("order__"), f.period("answered_at"))
        stats = answers.aggregate(
            n=Count("id"),
            mean=Avg("csat"),
            satisfied=Count("id", filter=Q(csat__gte=4)),
            promoters=Count("id", filter=Q(nps__gte=9)),
            detractors=Count("id", filter=Q(nps__lte=6)),
        )
        by_score = dict(answers.values_list("csat").annotate(c=Count("id")).order_by())
    n = stats["n"]
    return {
        "sent": sent,
        "answered": n,
        # float: PostgreSQL's AVG is a Decimal, SQLite's and the daily statistics' a float.
        "csat": round(float(stats["mean"]), 2) if stats["mean"] is not None else None,
        "csat_satisfied": ratio(stats["satisfied"], n),
        "nps": round(100 * (stats["promoters"] - stats["detractors"]) / n, 1) if n else None,
        "csat_by_score": {score: by_score.get(score, 0) for score in range(1, 6)},
    }


def complaints(f: Filters, *, from_summary: bool = False) -> dict:
    """Complaints per 100 orders closed in the period, and mean days from registration to closing.

    The complaints themselves are always counted live (few rows, indexed dates; a complaint may name
    orders in several slices, so per-slice counts could not be summed); the orders closed come from the
    daily statistics when `from_summary`.
    """
    scoped = Complaint.objects.filter(kind=ComplaintKind.COMPLAINT)
    if f.has_dimensions:  # a complaint counts for a slice if one of its orders is in it
        scoped = scoped.filter(Exists(WorkOrder.objects.filter(f.orders(), complaints=OuterRef("pk"))))
    registered = scoped.filter(f.period("created_at")).count()
    if from_summary:
        from fixloop.analytics import summary

        closed_orders = summary.closed_orders(f)
    else:
        closed_orders = WorkOrder.objects.filter(f.orders(), f.period("closed_at")).count()
    closing = scoped.filter(f.period("closed_at")).aggregate(
        n=Count("id"),
        mean=Avg(ExpressionWrapper(F("closed_at") - F("created_at"), output_field=DurationField())),
    )
    return {
        "registered": registered,
        "orders_closed": closed_orders,
        "per_100_orders": round(100 * registered / closed_orders, 2) if closed_orders else None,
        "closed": closing["n"],
        "mean_closure_hours": hours(closing["mean"]),
    }


def costs(f: Filters, repairs: int | None = None) -> dict:
    """Parts (issued from stock, net of returns, at cost) and labour (approved quote lines) per repair."""
    orders = resolved(f).values("pk")
    parts = StockMovement.objects.filter(
        order__in=orders, kind__in=[Movement.ISSUE, Movement.RETURN]
    ).aggregate(
        total=Sum(
            F("on_hand_delta") * F("unit_cost") * -1,
            output_field=DecimalField(max_digits=14, decimal_places=2),
        )
    )["total"] or Decimal("0")
    approved = QuoteApproval.objects.filter(decision="approved", quote__order__in=orders).values("option_id")
    labour = QuoteLine.objects.filter(option_id__in=approved, kind=QuoteLine.Kind.LABOUR).aggregate(
        total=Sum("amount")
    )["total"] or Decimal("0")
    repairs = resolved(f).count() if repairs is None else repairs
    budget = Decimal(str(settings.FIXLOOP_ANALYTICS["BUDGET_PER_REPAIR"]))
    per_repair = ((parts + labour) / repairs).quantize(Decimal("0.01")) if repairs else None
    return {
        "parts": str(parts.quantize(Decimal("0.01"))),
        "labour": str(labour.quantize(Decimal("0.01"))),
        "repairs": repairs,
        "per_repair": str(per_repair) if per_repair is not None else None,
        "budget_per_repair": str(budget),
        "over_budget": per_repair is not None and per_repair > budget,
    }


def dashboard(f: Filters, now: dt.datetime, *, from_summary: bool | None = None) -> dict:
    """Every KPI for the filters: what the dashboard page, the API and the weekly summary show.

    Volume by day and the resolved-order counts come from the daily statistics once the worker has built
    them (`from_summary` None), else from the live queries; both give the same numbers.
    """
    from fixloop.analytics import summary

    if from_summary is None:
        from_summary = summary.ready()
    stats = summary.resolved_stats(f) if from_summary else resolved_stats(f)
    return {
        "volume": volume(f, from_summary=from_summary),
        "backlog": backlog(f, now, from_summary=from_summary),
        "sla": sla_attainment(f, from_summary=from_summary),
        "first_time_fix": first_time_fix(f, stats),
        "time_to_repair": time_to_repair(f, stats),
        "repeat_repair": repeat_repair(f, stats),
        "satisfaction": satisfaction(f, from_summary=from_summary),
        "complaints": complaints(f, from_summary=from_summary),
        "self_service": self_service(f, stats),
        "costs": costs(f, stats["total"]),
    }
