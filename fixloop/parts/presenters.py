"""Plain dicts of stock records for the API (the pages render the models directly)."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from fixloop.parts.services.returns import steps_from
from fixloop.parts.stock_models import Transfer

CENT = Decimal("0.01")

# The forecast methods of fixloop.inventory.forecasting by code, as a warehouse clerk reads them.
METHOD_LABELS = {
    "Zero": _("no demand"),
    "Naive": _("last month's demand"),
    "TopDown": _("group trend"),
    "Pooled": _("pooled recent averages"),
    "Boosted": _("learnt from all parts' histories (boosted trees)"),
    "CrostonClassic": _("intermittent demand (Croston)"),
    "CrostonOptimized": _("intermittent demand (Croston, fitted)"),
    "CrostonSBA": _("intermittent demand (Croston, bias-corrected)"),
    "TSB": _("intermittent demand (demand probability)"),
    "ADIDA": _("monthly demand averaged over longer blocks"),
    "IMAPA": _("averages over several block lengths"),
    "SESOpt": _("smoothed recent demand"),
    "WindowAverage12": _("12-month average"),
}


# How lead-time demand was spread around the forecast (fixloop.inventory.policy's error models).
SPREAD_LABELS = {
    "normal": _("a normal spread from its own forecast errors"),
    "shrunk": _("its own forecast errors pooled half-way with the group's"),
    "negbin": _("a negative binomial spread from its own forecast errors"),
    "empirical": _("its own past forecast errors as they were"),
}


def spread_label(code: str) -> str:
    label = SPREAD_LABELS.get(code or "")
    return str(label) if label is not None else (code or "—")


def percent(share: float | None) -> str:
    """0.975 -> "97.5%": fill rates as the warehouse reads them."""
    return "—" if share is None else f"{share * 100:.4g}%"


def method_label(code: str) -> str:
    """A forecast method's label in the active language; an unknown code is shown as stored."""
    label = METHOD_LABELS.get(code or "")
    return str(label) if label is not None else (code or "—")


def balance_dict(b) -> dict:
    return {"part_id": b.part_id, "part_number": b.part.number, "part_name": b.part.name, "location_id": b.location_id,
            "on_hand": b.on_hand, "reserved": b.reserved, "available": b.on_hand - b.reserved, "value": Decimal(b.value or 0).quantize(CENT)}  # fmt: skip


def movement_dict(m) -> dict:
    return {"id": m.pk, "part_id": m.part_id, "location_id": m.location_id, "kind": m.kind,
            "on_hand_delta": m.on_hand_delta, "reserved_delta": m.reserved_delta,
            "order_number": m.order.number if m.order_id else None, "serials": m.serials, "reason": m.reason,
            "actor": m.actor_label, "occurred_at": m.occurred_at}  # fmt: skip


def transfer_dict(t) -> dict:
    return {"id": t.pk, "part_id": t.part_id, "from_location_id": t.from_location_id,
            "to_location_id": t.to_location_id, "quantity": t.quantity, "emergency": t.emergency,
            "status": t.status, "shipped_at": t.shipped_at, "received_at": t.received_at}  # fmt: skip


def shortage_dict(s) -> dict:
    return {"id": s.pk, "order_number": s.order.number, "part_id": s.part_id, "location_id": s.location_id,
            "quantity": s.quantity, "source": s.source, "source_location_id": s.source_location_id,
            "distance_km": s.distance_km, "emergency": s.emergency, "expected_date": s.expected_date,
            "status": s.status}  # fmt: skip


def return_dict(r) -> dict:
    return {"id": r.pk, "order_number": r.order.number, "part_id": r.part_id, "serial": r.serial,
            "location_id": r.location_id, "status": r.status, "rma_number": r.rma_number,
            "credit_amount": r.credit_amount, "version": r.version, "next_steps": steps_from(r.status)}  # fmt: skip


def reservation_dict(r) -> dict:
    return {"id": r.pk, "part_id": r.part_id, "part_number": r.part.number, "location_id": r.location_id,
            "quantity": r.quantity, "status": r.status}  # fmt: skip


def count_dict(c) -> dict:
    lines = [
        {"part_id": line.part_id, "expected": line.expected, "counted": line.counted}
        for line in c.lines.all()
    ]
    return {"id": c.pk, "location_id": c.location_id, "status": c.status, "lines": lines}


def sourced_dict(made) -> dict:
    """A transfer shipped or a purchase raised (with its due date), as the API reports either."""
    if isinstance(made, Transfer):
        return {"kind": "transfer", "id": made.pk}
    return {"kind": "purchase", "id": made.pk, "expected_date": made.expected_date}


def demand_dict(history) -> dict:
    # The target is the StockTarget row itself: StockTargetOut reads the fields it lists off it.
    return {"part_id": history.part.pk, "part_number": history.part.number, "location_id": history.location.pk,
            "freq": history.freq, "periods": [{"start": d, "units": u} for d, u in history.periods],
            "target": history.target}  # fmt: skip


def suggestion_dict(s) -> dict:
    return {"id": s.pk, "kind": s.kind, "part_id": s.part_id, "part_number": s.part.number,
            "to_location_id": s.to_location_id, "from_location_id": s.from_location_id, "quantity": s.quantity,
            "urgent": s.urgent, "reasoning": s.reasoning}  # fmt: skip
