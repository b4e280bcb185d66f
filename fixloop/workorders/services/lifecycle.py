"""Lifecycle services for routing, field work, repair, hand-back and closing: one function per action."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.catalog.models import Device
from fixloop.core.errors import ValidationFailed
from fixloop.organisation.models import Engineer, ServicePoint
from fixloop.workorders.choices import FaultCause, Kind, Priority, ServiceMode
from fixloop.workorders.models import Acceptance, Handover, WorkOrder
from fixloop.workorders.services.bench import (
    checked_list,
    record_handover,
    record_replaced_parts,
    repair_warranty_days,
    save_qc,
)
from fixloop.workorders.services.diagnosis import record_consent, write_diagnosis
from fixloop.workorders.services.guards import require_text
from fixloop.workorders.services.pricing import coverage
from fixloop.workorders.services.transition import begin, commit
from fixloop.workorders.states import Action

atomic = transaction.atomic(durable=True)


@atomic
def triage(
    *,
    actor: Actor,
    number: str,
    expected_version: int,
    priority: str,
    kind: str | None = None,
    fault_category: str = "",
    service_point_id: int | None = None,
) -> WorkOrder:
    """Confirm kind, priority and fault category and route to a service point. Guard: the point exists."""
    order, to_state = begin(actor, number, Action.TRIAGE, expected_version)
    changes: dict = {"priority": Priority(priority), "fault_category": fault_category.strip()}
    if kind:
        changes["kind"] = Kind(kind)
    if service_point_id is not None:
        changes["service_point"] = _active_point(service_point_id)
    return commit(actor, order, Action.TRIAGE, to_state, changes=changes, payload=_jsonable(changes))


@atomic
def resolve_remotely(*, actor: Actor, number: str, expected_version: int, resolution: str) -> WorkOrder:
    """Solved on the phone or with the knowledge base. Guard: the resolution is written down."""
    order, to_state = begin(actor, number, Action.RESOLVE_REMOTELY, expected_version)
    text = require_text(resolution, "resolution")
    return commit(
        actor,
        order,
        Action.RESOLVE_REMOTELY,
        to_state,
        changes={"resolved_at": timezone.now()},
        payload={"resolution": text},
    )


@atomic
def assign(
    *, actor: Actor, number: str, expected_version: int, engineer_id: int, service_point_id: int | None = None
) -> WorkOrder:
    """Give the order to an engineer (reassigning drops any appointment). Guard: an active engineer."""
    order, to_state = begin(actor, number, Action.ASSIGN, expected_version)
    engineer = Engineer.objects.filter(pk=engineer_id, is_active=True).first()
    if engineer is None:
        raise ValidationFailed(
            "engineer_not_found", _("The engineer was not found or is inactive."), {"field": "engineer_id"}
        )
    point_id = _active_point(service_point_id).pk if service_point_id else engineer.home_service_point_id
    changes = {
        "assignee": engineer,
        "service_point_id": point_id,
        "appointment_start": None,
        "appointment_end": None,
    }
    return commit(
        actor,
        order,
        Action.ASSIGN,
        to_state,
        changes=changes,
        payload={"engineer_id": engineer.pk, "service_point_id": point_id},
    )


@atomic
def schedule(
    *, actor: Actor, number: str, expected_version: int, start: dt.datetime, end: dt.datetime
) -> WorkOrder:
    """Book the appointment window. Guards: a mode that needs one; the window ends after it starts."""
    order, to_state = begin(actor, number, Action.SCHEDULE, expected_version)
    if order.service_mode == ServiceMode.CARRY_IN:
        raise ValidationFailed(
            "no_appointment_for_carry_in", _("Carry-in orders start when the device is received.")
        )
    if end <= start:
        raise ValidationFailed(
            "window_invalid", _("The appointment must end after it starts."), {"field": "end"}
        )
    changes = {"appointment_start": start, "appointment_end": end}
    return commit(
        actor,
        order,
        Action.SCHEDULE,
        to_state,
        changes=changes,
        payload={"start": start.isoformat(), "end": end.isoformat()},
    )


@atomic
def check_in(*, actor: Actor, number: str, expected_version: int, note: str = "") -> WorkOrder:
    """The engineer arrived (on-site), the pickup reached the bench, or the remote session began."""
    order, to_state = begin(actor, number, Action.CHECK_IN, expected_version)
    return commit(actor, order, Action.CHECK_IN, to_state, payload={"note": note})


@atomic
def receive_device(
    *, actor: Actor, number: str, expected_version: int, accessories: str = "", condition: str = "", **signed
) -> WorkOrder:
    """A carried-in or mailed-in device is on the bench. Guard: the mode brings the device to us.

    Effect: the receipt hand-over (accessories, condition, photos, both signatures).
    """
    order, to_state = begin(actor, number, Action.RECEIVE_DEVICE, expected_version)
    if order.service_mode not in (ServiceMode.CARRY_IN, ServiceMode.PICKUP):
        raise ValidationFailed("not_a_bench_order", _("Only carry-in and pickup orders receive a device."))
    handover = record_handover(
        actor, order, Handover.Kind.RECEIPT, accessories=accessories, condition=condition, **signed
    )
    return commit(
        actor,
        order,
        Action.RECEIVE_DEVICE,
        to_state,
        payload={"accessories": accessories, "condition": condition, "handover_id": handover.pk},
    )


@atomic
def start_repair(
    *,
    actor: Actor,
    number: str,
    expected_version: int,
    findings: str,
    cause: str,
    plan: str,
    data_consent: bool | None = None,
    backup_made: bool = False,
    **details,
) -> WorkOrder:
    """Repair at no charge with one plan. Guards: the warranty covers it (external damage voids it),
    else a quote; consent first when the work touches the customer's data."""
    order, to_state = begin(actor, number, Action.START_REPAIR, expected_version)
    if not coverage(order, FaultCause(cause)).covered:
        raise ValidationFailed(
            "quote_required", _("This repair is chargeable: send the customer a quote for approval first.")
        )
    diagnosis = write_diagnosis(actor, order, findings=findings, cause=cause, **details)
    record_consent(actor, order, diagnosis, data_consent=data_consent, backup_made=backup_made, ip=None)
    return commit(
        actor,
        order,
        Action.START_REPAIR,
        to_state,
        payload={"diagnosis_id": diagnosis.pk, "plan": require_text(plan, "plan")},
    )


@atomic
def wait_parts(
    *, actor: Actor, number: str, expected_version: int, parts: str, expected_date: dt.date | None = None
) -> WorkOrder:
    """Pause the repair until parts arrive. Guard: say which parts."""
    order, to_state = begin(actor, number, Action.WAIT_PARTS, expected_version)
    payload = {
        "parts": require_text(parts, "parts"),
        "expected_date": expected_date.isoformat() if expected_date else None,
    }
    return commit(actor, order, Action.WAIT_PARTS, to_state, payload=payload)


@atomic
def resume_repair(*, actor: Actor, number: str, expected_version: int, note: str = "") -> WorkOrder:
    """Parts arrived; back on the bench."""
    order, to_state = begin(actor, number, Action.RESUME_REPAIR, expected_version)
    return commit(actor, order, Action.RESUME_REPAIR, to_state, payload={"note": note})


@atomic
def submit_qc(
    *,
    actor: Actor,
    number: str,
    expected_version: int,
    work_done: str,
    parts_replaced: list[dict] | None = None,
) -> WorkOrder:
    """The repair is finished and goes to quality check. Guard: the work done is described.

    Effect: the replaced parts with their serials (by default the approved option's part lines).
    """
    order, to_state = begin(actor, number, Action.SUBMIT_QC, expected_version)
    text = require_text(work_done, "work_done")
    fitted = record_replaced_parts(order, parts_replaced or [])
    payload = {"work_done": text, "parts_replaced": [p.pk for p in fitted]}
    return commit(actor, order, Action.SUBMIT_QC, to_state, payload=payload)


@atomic
def pass_qc(
    *,
    actor: Actor,
    number: str,
    expected_version: int,
    checklist: list[dict],
    notes: str = "",
    photo_ids: list[int] | None = None,
) -> WorkOrder:
    """Ready for hand-back. Guard: the category's checks all present, passed and measured in range."""
    order, to_state = begin(actor, number, Action.PASS_QC, expected_version)
    items = checked_list(order, checklist)
    failed = [i["item"] for i in items if not i["passed"]]
    if failed:
        raise ValidationFailed(
            "qc_items_failed",
            _("Some checklist items failed: the order cannot pass QC."),
            {"failed": failed, "field": "checklist"},
        )
    record = save_qc(actor, order, items, notes, photo_ids, passed=True)
    return commit(actor, order, Action.PASS_QC, to_state, payload={"qc_record_id": record.pk})


@atomic
def fail_qc(
    *,
    actor: Actor,
    number: str,
    expected_version: int,
    checklist: list[dict],
    notes: str,
    photo_ids: list[int] | None = None,
) -> WorkOrder:
    """Back to repair, counted as rework. Guard: at least one failed item and a note on what to fix."""
    order, to_state = begin(actor, number, Action.FAIL_QC, expected_version)
    items = checked_list(order, checklist)
    if all(i["passed"] for i in items):
        raise ValidationFailed(
            "qc_nothing_failed", _("Every checklist item passed: use “Pass QC”."), {"field": "checklist"}
        )
    record = save_qc(actor, order, items, require_text(notes, "notes"), photo_ids, passed=False)
    return commit(actor, order, Action.FAIL_QC, to_state, payload={"qc_record_id": record.pk})


@atomic
def prepare_return(*, actor: Actor, number: str, expected_version: int, note: str = "") -> WorkOrder:
    """After a rejected quote the device is reassembled and made ready to go back unrepaired."""
    order, to_state = begin(actor, number, Action.PREPARE_RETURN, expected_version)
    return commit(actor, order, Action.PREPARE_RETURN, to_state, payload={"note": note})


@atomic
def hand_back(
    *,
    actor: Actor,
    number: str,
    expected_version: int,
    note: str = "",
    accessories: str = "",
    condition: str = "",
    **signed,
) -> WorkOrder:
    """The device is handed over (or shipped); the customer now accepts or disputes.

    Effect: the return hand-over receipt (accessories given back, condition, photos, signatures).
    """
    order, to_state = begin(actor, number, Action.HAND_BACK, expected_version)
    handover = record_handover(
        actor, order, Handover.Kind.RETURN, accessories=accessories, condition=condition, **signed
    )
    return commit(
        actor, order, Action.HAND_BACK, to_state, payload={"note": note, "handover_id": handover.pk}
    )


@atomic
def accept(
    *,
    actor: Actor,
    number: str,
    expected_version: int,
    signer_name: str,
    signature: str = "",
    comment: str = "",
    ip: str | None = None,
) -> WorkOrder:
    """The customer accepts the device. Effects: a signed acceptance; a repair starts the repair warranty."""
    order, to_state = begin(actor, number, Action.ACCEPT, expected_version)
    acceptance = Acceptance.objects.create(
        order=order,
        accepted=True,
        signer_name=require_text(signer_name, "signer_name"),
        signature=signature,
        comment=comment,
        ip_address=ip,
    )
    if order.device_id and order.qc_records.filter(passed=True).exists():
        until = timezone.localdate() + dt.timedelta(days=repair_warranty_days(order))
        Device.objects.filter(pk=order.device_id).update(
            repair_warranty_until=until, repair_warranty_order=order
        )
    return commit(
        actor,
        order,
        Action.ACCEPT,
        to_state,
        changes={"resolved_at": timezone.now()},
        payload={"acceptance_id": acceptance.pk},
    )


@atomic
def dispute(
    *, actor: Actor, number: str, expected_version: int, reason: str, ip: str | None = None
) -> WorkOrder:
    """The customer refuses the result; back to repair, counted as rework. Guard: a reason."""
    order, to_state = begin(actor, number, Action.DISPUTE, expected_version)
    text = require_text(reason, "reason")
    acceptance = Acceptance.objects.create(order=order, accepted=False, comment=text, ip_address=ip)
    return commit(
        actor, order, Action.DISPUTE, to_state, payload={"acceptance_id": acceptance.pk, "reason": text}
    )


@atomic
def close(*, actor: Actor, number: str, expected_version: int, note: str = "") -> WorkOrder:
    """Close a resolved order."""
    order, to_state = begin(actor, number, Action.CLOSE, expected_version)
    return commit(
        actor, order, Action.CLOSE, to_state, changes={"closed_at": timezone.now()}, payload={"note": note}
    )


@atomic
def cancel(*, actor: Actor, number: str, expected_version: int, reason: str) -> WorkOrder:
    """Cancel an open order. Guard: a reason (customers only before work starts: see permissions)."""
    order, to_state = begin(actor, number, Action.CANCEL, expected_version)
    text = require_text(reason, "reason")
    return commit(
        actor, order, Action.CANCEL, to_state, changes={"cancel_reason": text[:300]}, payload={"reason": text}
    )


def _active_point(point_id: int) -> ServicePoint:
    point = ServicePoint.objects.filter(pk=point_id, is_active=True).first()
    if point is None:
        raise ValidationFailed(
            "service_point_not_found", _("The service point was not found."), {"field": "service_point_id"}
        )
    return point


def _jsonable(changes: dict) -> dict:
    return {k if not hasattr(v, "pk") else f"{k}_id": getattr(v, "pk", v) for k, v in changes.items()}
