"""Budgets per service point and month: what was spent, whether a new quote would go over, and the
month's repeat repairs per engineer and model (the manager's cost page)."""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.accounts.names import person_name
from fixloop.accounts.roles import Role
from fixloop.core.errors import Forbidden, ValidationFailed
from fixloop.organisation.models import ServicePoint
from fixloop.workorders.models import Budget, Quote, QuoteApproval, QuoteLine, WorkOrder
from fixloop.workorders.services.pricing import CENT, PricedOption, money

ZERO = Decimal("0.00")
LINE_COST = ExpressionWrapper(
    F("quantity") * F("unit_cost"), output_field=DecimalField(max_digits=20, decimal_places=4)
)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_range(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The month as aware datetimes in the company's time zone: [first day 00:00, next first day 00:00)."""
    start = month_start(month)
    following = (start + dt.timedelta(days=32)).replace(day=1)
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(dt.datetime.combine(start, dt.time.min), zone),
        timezone.make_aware(dt.datetime.combine(following, dt.time.min), zone),
    )


def month_spending(service_point_id: int, month: dt.date) -> Decimal:
    """The company's cost of the options customers approved this month at this point (parts at cost,
    labour at the internal rate, transport), warranty and goodwill lines included."""
    start, end = month_range(month)
    approved = QuoteApproval.objects.filter(
        decision=QuoteApproval.Decision.APPROVED,
        created_at__gte=start,
        created_at__lt=end,
        quote__order__service_point_id=service_point_id,
    ).values("option_id")
    total = QuoteLine.objects.filter(option_id__in=approved).aggregate(s=Sum(LINE_COST))["s"]
    return Decimal(str(total or 0)).quantize(CENT)


def option_cost(option: PricedOption) -> Decimal:
    return sum(((li.quantity * li.unit_cost).quantize(CENT) for li in option.lines), ZERO)


def over_budget(order: WorkOrder, options: list[PricedOption]) -> bool:
    """Would approving the dearest option take the service point over this month's budget?"""
    if order.service_point_id is None:
        return False
    month = month_start(timezone.localdate())
    budget = Budget.objects.filter(service_point_id=order.service_point_id, month=month).first()
    if budget is None:
        return False
    dearest = max((option_cost(o) for o in options), default=ZERO)
    return month_spending(order.service_point_id, month) + dearest > budget.amount


def set_budget(*, actor: Actor, service_point_id: int, month: dt.date, amount) -> Budget:
    """A manager sets a service point's budget for a month (the month's first day is kept)."""
    if actor.role != Role.MANAGER:
        raise Forbidden("manager_only", _("Only a manager may set budgets."))
    if not ServicePoint.objects.filter(pk=service_point_id).exists():
        raise ValidationFailed(
            "service_point_not_found", _("The service point was not found."), {"field": "service_point_id"}
        )
    budget, _created = Budget.objects.update_or_create(
        service_point_id=service_point_id,
        month=month_start(month),
        defaults={"amount": money(amount), "updated_by": actor.user},
    )
    return budget


def budget_overview(month: dt.date) -> dict:
    """The manager's page: budget against spending per service point, and the over-budget approvals."""
    month = month_start(month)
    budgets = {b.service_point_id: b.amount for b in Budget.objects.filter(month=month)}
    rows = []
    for point in ServicePoint.objects.filter(is_active=True).order_by("name", "id"):
        spent = month_spending(point.pk, month)
        budget = budgets.get(point.pk)
        rows.append({
            "point": point, "budget": budget, "spent": spent,
            "remaining": None if budget is None else budget - spent,
            "over": budget is not None and spent > budget,
        })  # fmt: skip
    return {"month": month, "rows": rows, **_over_budget_quotes(month)}


def _over_budget_quotes(month: dt.date) -> dict:
    start, end = month_range(month)
    # internal_reasons is a short JSON list; `contains` on JSON is not portable to SQLite, so filter here.
    held = Quote.objects.filter(status=Quote.Status.INTERNAL).select_related("order", "order__service_point")
    released = Quote.objects.filter(
        internal_approved_at__gte=start, internal_approved_at__lt=end
    ).select_related("order", "order__service_point", "internal_approved_by")
    return {
        "waiting": [q for q in held.order_by("created_at", "id") if "over_budget" in q.internal_reasons],
        "approved": [
            q for q in released.order_by("internal_approved_at", "id") if "over_budget" in q.internal_reasons
        ],
    }


def _engineer_name(row: dict) -> str:
    user = "rework_of__assignee__user__"
    name = person_name(row[user + "first_name"], row[user + "last_name"])
    return name or row[user + "username"]


def repeat_repairs(month: dt.date) -> dict:
    """Repeat repairs (返修) opened in the month, counted against the first repair's engineer and model."""
    start, end = month_range(month)
    repeats = WorkOrder.objects.filter(rework_of__isnull=False, created_at__gte=start, created_at__lt=end)
    engineers = (
        repeats.filter(rework_of__assignee__isnull=False)
        .values(
            "rework_of__assignee__user__username",
            "rework_of__assignee__user__first_name",
            "rework_of__assignee__user__last_name",
        )
        .annotate(n=Count("id"))
        .order_by("-n", "rework_of__assignee__user__username")
    )
    models = (
        repeats.filter(rework_of__product_model__isnull=False)
        .values("rework_of__product_model__brand", "rework_of__product_model__code")
        .annotate(n=Count("id"))
        .order_by("-n", "rework_of__product_model__brand", "rework_of__product_model__code")
    )
    return {
        "engineers": [{"name": _engineer_name(r), "count": r["n"]} for r in engineers],
        "models": [
            {
                "name": f"{r['rework_of__product_model__brand']} {r['rework_of__product_model__code']}",
                "count": r["n"],
            }
            for r in models
        ],
    }
