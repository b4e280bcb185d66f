"""Analytics API, mounted at /api/analytics: the dashboard's numbers for managers."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from fixloop.accounts.roles import Role
from fixloop.analytics import kpis, quality, scorecards
from fixloop.analytics.filters import Filters, default_period
from fixloop.core.errors import Forbidden, ValidationFailed

router = Router(tags=["analytics"])


class FilterParams(Schema):
    start: dt.date | None = None
    end: dt.date | None = None  # inclusive
    service_point: int | None = None
    category: int | None = None
    model: int | None = None
    engineer: int | None = None
    channel: str = ""


def _filters(request, params: FilterParams) -> Filters:
    if request.auth.role != Role.MANAGER:
        raise Forbidden("managers_only", _("Only managers may see analytics."))
    start, end = default_period(timezone.localdate())
    start = params.start or start
    end = params.end + dt.timedelta(days=1) if params.end else end
    if end <= start:
        raise ValidationFailed("end", _("The end must not be before the start."), {"field": "end"})
    return Filters(start=start, end=end, service_point_id=params.service_point, category_id=params.category,
                   model_id=params.model, engineer_id=params.engineer, channel=params.channel)  # fmt: skip


@router.get("/kpis", summary="Every dashboard KPI for a period and filters")
def get_kpis(request, params: Query[FilterParams]):
    return kpis.dashboard(_filters(request, params), timezone.now())


@router.get("/scorecards", summary="Engineer and service-point scorecards")
def get_scorecards(request, params: Query[FilterParams]):
    f = _filters(request, params)
    return {"engineers": scorecards.engineers(f), "service_points": scorecards.service_points(f)}


@router.get("/quality", summary="Fault Pareto, failures by months in service, emerging issues")
def get_quality(request, params: Query[FilterParams]):
    f = _filters(request, params)
    return {"pareto": quality.pareto(f), "failure_rate": quality.failure_rate(f),
            "emerging": quality.emerging(f, timezone.localdate())}  # fmt: skip
