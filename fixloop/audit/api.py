"""Audit log API, mounted at /api/audit: a read-only list for managers."""

import datetime as dt

from ninja import Field, Query, Router, Schema

from fixloop.audit import selectors

router = Router(tags=["audit"])


class AuditParams(Schema):
    actor: str = Field("", max_length=150)
    kind: str = Field("", max_length=20)
    since: dt.date | None = None
    until: dt.date | None = None
    target_type: str = Field("", max_length=60)
    target_id: str = Field("", max_length=64)
    before: int | None = Field(None, ge=1, description="Return entries with a smaller id (the next page).")
    limit: int = Field(50, ge=1, le=200)


class AuditEntryOut(Schema):
    id: int
    kind: str
    created_at: dt.datetime
    actor_id: int | None
    actor_label: str
    ip: str | None
    target_type: str
    target_id: str
    target_label: str
    details: dict


class AuditPageOut(Schema):
    results: list[AuditEntryOut]
    next_before: int | None


@router.get("/entries", response=AuditPageOut, summary="Audit entries, newest first (managers only)")
def list_entries(request, params: Query[AuditParams]):
    filters = selectors.AuditFilters(
        actor=params.actor,
        kind=params.kind,
        since=params.since,
        until=params.until,
        target_type=params.target_type,
        target_id=params.target_id,
    )
    rows = selectors.audit_list(request.auth, filters).order_by("-id")
    if params.before:
        rows = rows.filter(id__lt=params.before)
    page = list(rows[: params.limit + 1])
    more = len(page) > params.limit
    page = page[: params.limit]
    return {"results": page, "next_before": page[-1].id if more else None}
