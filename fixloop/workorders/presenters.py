"""Turn orders and events into the plain dicts the API and pages show (no queries beyond what's loaded)."""

from fixloop.catalog.warranty import REASONS, WarrantyStatus, explain
from fixloop.privacy.masking import masked_contact_fields
from fixloop.workorders.models import WorkOrder, WorkOrderEvent
from fixloop.workorders.states import PROGRESS_STEPS, STATE_PROGRESS, State


def _ref(obj, name: str) -> dict | None:
    return {"id": obj.pk, "name": name} if obj is not None else None


def order_dict(order: WorkOrder) -> dict:
    device = order.device
    assignee = order.assignee
    return {
        **{f: getattr(order, f) for f in SCALAR_FIELDS},
        "state_label": str(State(order.state).label),
        "customer": {"id": order.customer_id, "name": order.customer.name},
        "device": {"serial": device.serial, "model_id": device.model_id, "model": str(order.product_model)}
        if device
        else None,
        "warranty": {
            "status": order.warranty_status,
            "label": str(WarrantyStatus(order.warranty_status).label),
            "reason": order.warranty_reason,
            "explanation": explain(order.warranty_reason, order.warranty_until)
            if order.warranty_reason in REASONS
            else "",
            "until": order.warranty_until,
        },
        "service_point": _ref(order.service_point, order.service_point.name if order.service_point else ""),
        "assignee": _ref(assignee, str(assignee) if assignee else ""),
    }


def order_dict_for(actor, order: WorkOrder) -> dict:
    """order_dict as `actor` may see it: the contact phone and service address masked for roles without
    need (see fixloop.privacy.masking)."""
    return masked_contact_fields(actor, order_dict(order), order)


SCALAR_FIELDS = (
    "number", "kind", "channel", "service_mode", "state", "priority", "version", "contact_name",
    "contact_phone", "service_address", "symptoms", "error_codes", "fault_frequency", "fault_since",
    "external_causes", "external_cause_note", "tried_steps", "fault_category", "appointment_start",
    "appointment_end", "rework_of_id", "rework_count", "cancel_reason", "created_at", "updated_at",
    "resolved_at", "closed_at",
)  # fmt: skip


def event_dict(event: WorkOrderEvent) -> dict:
    return {
        "version": event.version,
        "action": event.action,
        "action_label": str(event.action_label),
        "from_state": event.from_state,
        "to_state": event.to_state,
        "actor_role": event.actor_role,
        "actor_label": event.actor_label,
        "payload": event.payload,
        "created_at": event.created_at,
    }


def progress(state: str) -> list[dict]:
    """The customer's progress bar: steps done, the current one, and those still ahead."""
    current = STATE_PROGRESS[State(state)]
    finished = state in (State.RESOLVED, State.CLOSED)
    return [
        {
            "key": key,
            "label": str(label),
            "done": i < current or finished,
            "current": i == current and not finished,
        }
        for i, (key, label) in enumerate(PROGRESS_STEPS)
    ]


def tracking_dict(order: WorkOrder, events: list[WorkOrderEvent]) -> dict:
    """What the public tracking page shows: state and steps, never names, phones or addresses."""
    return {
        "number": order.number,
        "state": order.state,
        "state_label": str(State(order.state).label),
        "steps": progress(order.state),
        "timeline": [
            {
                "at": e.created_at,
                "action_label": str(e.action_label),
                "state": e.to_state,
                "state_label": str(State(e.to_state).label),
            }
            for e in events
            if e.version is not None
        ],
    }


DIAGNOSIS_FIELDS = (
    "findings", "cause", "fault_point", "damage_extent", "feasibility", "parts_needed", "labour_hours",
    "touches_data", "data_safety_note",
)  # fmt: skip
OPTION_FIELDS = ("position", "label", "subtotal", "tax", "total", "covered", "declined_at", "decline_reason")
LINE_FIELDS = (
    "kind", "description", "part_id", "skill_id", "quantity", "unit_price", "amount", "payer", "customer_amount",
)  # fmt: skip


def quote_dict(quote) -> dict:
    """A quote with its diagnosis, options and lines (loaded by selectors.quote_latest)."""
    diagnosis = quote.diagnosis
    return {
        **{f: getattr(quote, f) for f in ("revision", "status", "currency", "tax_rate", "valid_until")},
        "findings": diagnosis.findings,
        "cause": diagnosis.cause,
        "diagnosis": {f: getattr(diagnosis, f) for f in DIAGNOSIS_FIELDS},
        "warranty_note": quote.warranty_note,
        "internal_reasons": quote.internal_reasons,
        "options": [
            {
                **{f: getattr(o, f) for f in OPTION_FIELDS},
                "lines": [{f: getattr(li, f) for f in LINE_FIELDS} for li in o.lines.all()],
            }
            for o in quote.options.all()
        ],
        "created_at": quote.created_at,
    }
