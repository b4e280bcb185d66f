"""Maintenance and follow-up API, mounted at /api/aftercare."""

import datetime as dt

from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import Field

from fixloop.aftercare import followups, maintenance
from fixloop.privacy.masking import masked_phone_for
from fixloop.workorders.choices import ServiceMode

router = Router(tags=["aftercare"])


class FollowUpOut(Schema):
    id: int
    order: str
    customer: str
    phone: str
    due_date: dt.date
    assignee: str | None
    outcome: str
    note: str
    rework_order: str | None
    call_attempts: int
    version: int


def _task_out(actor, task) -> dict:
    return {
        "id": task.pk,
        "order": task.order.number,
        "customer": task.order.customer.name,
        "phone": masked_phone_for(actor, task.order.contact_phone or task.order.customer.phone, task.order),
        "due_date": task.due_date,
        "assignee": task.assignee.username if task.assignee_id else None,
        "outcome": task.outcome,
        "note": task.note,
        "rework_order": task.rework_order.number if task.rework_order_id else None,
        "call_attempts": task.call_attempts,
        "version": task.version,
    }


class FollowUpIn(Schema):
    version: int
    outcome: str = Field(max_length=20)
    note: str = Field("", max_length=2000)


@router.get("/followups", response=list[FollowUpOut], summary="Follow-up calls: mine, due today by default")
def list_followups(request, due: str = "today", who: str = "mine"):
    today = timezone.localdate()
    tasks = followups.task_list(request.auth, due_by=today if due == "today" else None, mine=who == "mine")
    return [_task_out(request.auth, task) for task in tasks.select_related("rework_order")[:200]]


@router.post("/followups/{task_id}/complete", response=FollowUpOut, summary="Record a follow-up call")
def complete_followup(request, task_id: int, body: FollowUpIn):
    task = followups.complete_follow_up(
        actor=request.auth,
        task_id=task_id,
        expected_version=body.version,
        outcome=body.outcome,
        note=body.note,
    )
    return _task_out(request.auth, followups.task_get_for(request.auth, task.pk))


class MaintenancePlanIn(Schema):
    serial: str = Field(min_length=1, max_length=64)
    interval_months: int = Field(ge=1, le=60)
    next_due: dt.date
    lead_days: int | None = Field(None, ge=0, le=90)
    service_mode: ServiceMode = ServiceMode.ON_SITE
    service_point_id: int | None = None
    contract_number: str = Field("", max_length=60)
    notes: str = Field("", max_length=500)


class MaintenancePlanOut(Schema):
    id: int
    serial: str
    customer_id: int
    interval_months: int
    next_due: dt.date
    lead_days: int | None
    service_mode: str
    contract_number: str
    active: bool
    version: int


def _plan_out(plan) -> dict:
    return {**{f: getattr(plan, f) for f in MaintenancePlanOut.model_fields if f != "serial"}, "id": plan.pk,
            "serial": plan.device.serial}  # fmt: skip


@router.get("/plans", response=list[MaintenancePlanOut], summary="Maintenance plans")
def list_plans(request, serial: str = ""):
    return [_plan_out(plan) for plan in maintenance.plan_list(request.auth, serial=serial)[:200]]


@router.post("/plans", response={201: MaintenancePlanOut}, summary="Create a maintenance plan for a device")
def create_plan(request, body: MaintenancePlanIn):
    plan = maintenance.create_plan(actor=request.auth, **body.dict())
    return Status(201, _plan_out(plan))
