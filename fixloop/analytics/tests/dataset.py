"""A small hand-made data set with known KPI answers (see test_kpis.py for the arithmetic)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from fixloop.accounts.roles import Role
from fixloop.catalog.models import Device
from fixloop.complaints.models import Complaint
from fixloop.demo.journeys import PATHS
from fixloop.parts.models import Part
from fixloop.parts.stock_models import StockLocation, StockMovement
from fixloop.sla.models import Escalation, Snapshot
from fixloop.surveys import services as surveys
from fixloop.testing.world import new_order
from fixloop.workorders import services
from fixloop.workorders.models import WorkOrder
from fixloop.workorders.tests.helpers import run

JAN = dt.date(2026, 1, 1)


def at(day: int, hour: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2026, 1, day, hour))


def _set(order, **fields):
    WorkOrder.objects.filter(pk=order.pk).update(**fields)
    order.refresh_from_db()
    return order


def build(world) -> dict:
    """Orders A–D resolved and closed in January 2026, E open since January, F a rework of B (open now)."""
    a = run(world, new_order(world, mode="remote", serial="SN-A"), PATHS["remote_resolved"])
    b = run(world, new_order(world, mode="carry_in", serial="SN-B"), PATHS["carry_in_warranty"])
    c = run(world, new_order(world, mode="carry_in", serial="SN-C"), PATHS["carry_in_rework"])
    d = run(
        world, new_order(world, mode="on_site", serial="SN-D", in_warranty=False), PATHS["on_site_quoted"]
    )
    e = run(world, new_order(world, serial="SN-E"), ["triage"])
    f = services.create_rework_order(
        actor=world.actor(Role.AGENT), number=b.number, symptoms="同样的问题又出现了"
    )
    a = _set(a, created_at=at(5, 10), resolved_at=at(5, 12), closed_at=at(5, 13), fault_category="")
    b = _set(b, created_at=at(10), resolved_at=at(12), closed_at=at(12, 1), fault_category="battery")
    c = _set(c, created_at=at(3), resolved_at=at(8), closed_at=at(8, 1), fault_category="battery")
    d = _set(d, created_at=at(20), resolved_at=at(21), closed_at=at(21, 1), fault_category="screen")
    e = _set(e, created_at=at(15), fault_category="battery")
    # Bought in July 2025 (six months before January), D's in January 2024 (24 months).
    Device.objects.filter(serial__in=["SN-A", "SN-B", "SN-C", "SN-E"]).update(
        purchase_date=dt.date(2025, 7, 15)
    )
    Device.objects.filter(serial="SN-D").update(purchase_date=dt.date(2024, 1, 10))
    # Surveys answered in January: CSAT 5, 4, 2, 5 and NPS 10, 9, 3, 6.
    for order, csat, nps in ((a, 5, 10), (b, 4, 9), (c, 2, 3), (d, 5, 6)):
        survey, _token = surveys.invite(order=order, now=at(order.closed_at.day, 2))
        surveys.submit_answer(survey=survey, csat=csat, nps=nps, now=at(order.closed_at.day, 3))
    # The low score opened one complaint; a second one was filed and closed 48 hours later.
    Complaint.objects.update(created_at=at(9))
    other = Complaint.objects.create(
        number="CP-T-2", channel="phone", customer=world.customer, subject="迟到", description="上门迟到",
        respond_by=at(23), created_at=at(22), state="closed", closed_at=at(24),
    )  # fmt: skip
    other.orders.add(d)
    # Parts: two batteries at 35.00 issued to B, one returned unused -> 35.00; labour on D's quote: 1.5 × 80.
    part = Part.objects.create(number="BAT-1", name="电池", unit_cost=Decimal("35"), price=Decimal("60"))
    site = StockLocation.objects.create(code="sh-main", name="上海仓", kind="warehouse")
    for kind, delta in (("issue", -2), ("return", 1)):
        StockMovement.objects.create(
            part=part, location=site, kind=kind, on_hand_delta=delta, unit_cost=Decimal("35"), order=b,
            actor_label="warehouse", occurred_at=at(11),
        )  # fmt: skip
    # SLA: B and D met, C breached its resolution clock; A has no SLA.
    # (The sla module keeps its own snapshots; these fix the outcome the test expects.)
    now = timezone.now()
    Escalation.objects.all().delete()
    for order, status in ((a, "none"), (b, "met"), (c, "breached"), (d, "met")):
        Snapshot.objects.update_or_create(order=order, defaults={"status": status, "computed_at": now})
    Snapshot.objects.filter(order__in=[e, f]).delete()
    Escalation.objects.create(order=c, clock="resolution", level="breach", due_at=at(7), fired_at=at(7))
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f}
