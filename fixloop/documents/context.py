"""What each document shows, read from the order's records (quote, hand-overs, QC, replaced parts)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from fixloop.core.errors import NotFound
from fixloop.workorders import presenters, selectors
from fixloop.workorders.models import Handover, Quote, WorkOrder
from fixloop.workorders.services.bench import approved_option, repair_warranty_days
from fixloop.workorders.services.quotes import quote_for_customer

TITLES = {
    "quote": _("Repair quote"),
    "receipt": _("Hand-over receipt: device received"),
    "return": _("Hand-over receipt: device returned"),
    "report": _("Service report"),
}
CUSTOMER_SIDE = {"customer", "partner"}


def _missing(message) -> NotFound:
    return NotFound("document_not_available", message)


def _signature(value: str) -> str:
    """Only our own PNG data URLs go into a document: nothing is fetched from elsewhere."""
    return value if value.startswith("data:image/png;base64,") else ""


def _quote(actor, order: WorkOrder) -> dict:
    latest = selectors.quote_latest(order)
    if actor.role in CUSTOMER_SIDE:
        latest = quote_for_customer(order, latest)
    if latest is None:
        raise _missing(_("This order has no quote yet."))
    decision = latest.approvals.select_related("option").first()
    return {
        "quote": latest,
        "diagnosis": latest.diagnosis,
        "decision": decision,
        "signature": _signature(decision.signature) if decision else "",
    }


def _handover(kind: str):
    def build(actor, order: WorkOrder) -> dict:
        handover = order.handovers.filter(kind=kind).prefetch_related("photos").order_by("-id").first()
        if handover is None:
            raise _missing(_("No hand-over has been recorded for this step yet."))
        return {
            "handover": handover,
            "staff_name": handover.staff.get_full_name() or handover.staff.get_username()
            if handover.staff
            else "",
            "staff_signature": _signature(handover.staff_signature),
            "customer_signature": _signature(handover.customer_signature),
            "photos": list(handover.photos.all())[:6],
        }

    return build


def _report(actor, order: WorkOrder) -> dict:
    qc = order.qc_records.filter(passed=True).order_by("-id").first()
    if qc is None:
        raise _missing(_("The service report is available once the repair passed QC."))
    submitted = order.events.filter(action="submit_qc").order_by("-id").first()
    acceptance = order.acceptances.filter(accepted=True).order_by("-id").first()
    approval = approved_option(order)
    return {
        "diagnosis": order.diagnoses.order_by("-id").first(),
        "work_done": (submitted.payload or {}).get("work_done", "") if submitted else "",
        "parts": list(order.replaced_parts.select_related("part")),
        "qc": qc,
        "approval": approval,
        "acceptance": acceptance,
        "signature": _signature(acceptance.signature) if acceptance else "",
        "warranty_days": repair_warranty_days(order),
        "warranty_until": order.device.repair_warranty_until if order.device_id and acceptance else None,
    }


BUILDERS = {
    "quote": _quote,
    "receipt": _handover(Handover.Kind.RECEIPT),
    "return": _handover(Handover.Kind.RETURN),
    "report": _report,
}


def document_context(actor, order: WorkOrder, kind: str, track_url: str) -> dict:
    """The template context of one document; NotFound when the order has not reached it."""
    if kind not in BUILDERS:
        raise _missing(_("There is no such document."))
    return {
        "kind": kind,
        "title": TITLES[kind],
        "company": settings.FIXLOOP["COMPANY_NAME"],
        # The customer's own copy is in full; a staff copy shows what the staff member's role may see.
        "order": presenters.order_dict_for(actor, order),
        "obj": order,
        "track_url": track_url,
        **BUILDERS[kind](actor, order),
    }


__all__ = ["BUILDERS", "Quote", "document_context"]
