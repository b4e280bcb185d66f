"""The diagnosis record and the customer's data consent, shared by the quote and the free repair."""

from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.core.errors import ValidationFailed
from fixloop.workorders.choices import DamageExtent, FaultCause, Feasibility
from fixloop.workorders.models import DataConsent, Diagnosis, WorkOrder
from fixloop.workorders.services.guards import require_text
from fixloop.workorders.services.pricing import money


def write_diagnosis(
    actor: Actor,
    order: WorkOrder,
    *,
    findings: str,
    cause: str,
    fault_point: str = "",
    damage_extent: str = "",
    feasibility: str = Feasibility.REPAIRABLE,
    parts_needed: str = "",
    labour_hours=0,
    touches_data: bool = False,
    data_safety_note: str = "",
) -> Diagnosis:
    """What the engineer found. Guard: findings written; work on customer data says how it is kept safe."""
    if touches_data and not (data_safety_note or "").strip():
        raise ValidationFailed(
            "data_safety_note_required",
            _("Say how the customer's data is kept safe when the work touches it."),
            {"field": "data_safety_note"},
        )
    return Diagnosis.objects.create(
        order=order,
        engineer=actor.user,
        findings=require_text(findings, "findings"),
        cause=FaultCause(cause),
        fault_point=(fault_point or "").strip()[:200],
        damage_extent=DamageExtent(damage_extent) if damage_extent else "",
        feasibility=Feasibility(feasibility or Feasibility.REPAIRABLE),
        parts_needed=(parts_needed or "").strip(),
        labour_hours=money(labour_hours or 0),
        touches_data=touches_data,
        data_safety_note=(data_safety_note or "").strip(),
    )


def record_consent(
    actor: Actor,
    order: WorkOrder,
    diagnosis: Diagnosis,
    *,
    data_consent: bool | None,
    backup_made: bool,
    ip: str | None,
) -> DataConsent | None:
    """Before work that touches the customer's data: their consent and whether a backup was made.

    Guard: consent is given when the diagnosis says the work touches data.
    """
    if diagnosis.touches_data and not data_consent:
        raise ValidationFailed(
            "data_consent_required",
            _("This repair touches the customer's data: their consent is needed first."),
            {"field": "data_consent"},
        )
    if data_consent is None:
        return None
    return DataConsent.objects.create(
        order=order, given=bool(data_consent), backup_made=backup_made, recorded_by=actor.user, ip_address=ip
    )
