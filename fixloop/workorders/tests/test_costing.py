"""Cost accounting per order: exact Decimal figures for quoted, free and rejected repairs."""

from decimal import Decimal

from fixloop.testing.world import new_order
from fixloop.workorders.costing import order_costs
from fixloop.workorders.states import Action
from fixloop.workorders.tests import factories
from fixloop.workorders.tests.helpers import advance, run

A = Action
D = Decimal


def test_a_quoted_repair_costs_parts_labour_and_transport_against_revenue(world):
    part, skill = factories.part(), factories.skill()
    options = [
        {
            "label": "换电池",
            "lines": [
                {"kind": "part", "part_id": part.pk, "quantity": "2"},
                {"kind": "labour", "skill_id": skill.pk, "quantity": "1.5"},
                {"kind": "transport", "description": "上门费", "unit_price": "30"},
            ],
        }
    ]
    order = run(world, new_order(world, in_warranty=False), [A.TRIAGE, A.ASSIGN, A.RECEIVE_DEVICE])
    order = advance(world, advance(world, order, A.QUOTE, options=options, tax_rate="0.13"), A.APPROVE)
    costs = order_costs(order)
    # parts 2 × 60, labour 1.5 h × 70, transport 30; revenue 300 + 180 + 30 before tax.
    assert costs == {
        "currency": "CNY", "parts": D("120.00"), "labour": D("105.00"), "transport": D("30.00"),
        "cost": D("255.00"), "revenue": D("510.00"), "warranty_cost": D("0.00"), "margin": D("255.00"),
        "labour_hours": D("1.50"),
    }  # fmt: skip


def test_a_warranty_repair_is_the_companys_cost(world, settings):
    settings.FIXLOOP = {**settings.FIXLOOP, "LABOUR_COST_RATE": "50.00"}
    part = factories.part()
    order = run(world, new_order(world), [A.TRIAGE, A.ASSIGN, A.RECEIVE_DEVICE])
    order = advance(world, order, A.START_REPAIR, labour_hours="0.5")
    order = advance(world, order, A.SUBMIT_QC, parts_replaced=[{"part_id": part.pk, "serial": "S9"}])
    costs = order_costs(order)
    assert (costs["parts"], costs["labour"], costs["cost"]) == (D("60.00"), D("25.00"), D("85.00"))
    assert (costs["revenue"], costs["warranty_cost"], costs["margin"]) == (D("0.00"), D("85.00"), D("-85.00"))


def test_a_rejected_quote_earns_the_inspection_fee(world, settings):
    settings.FIXLOOP = {**settings.FIXLOOP, "REJECT_INSPECTION_FEE": "50.00", "LABOUR_COST_RATE": "40.00"}
    order = run(world, new_order(world, in_warranty=False), [A.TRIAGE, A.ASSIGN, A.RECEIVE_DEVICE])
    order = advance(world, advance(world, order, A.QUOTE, labour_hours="0.25"), A.REJECT)
    costs = order_costs(order)
    assert (costs["revenue"], costs["labour"], costs["margin"]) == (D("50.00"), D("10.00"), D("40.00"))
