"""Budgets per service point and month: spending from approved quotes, over-budget quotes held for a
manager, and the manager's budget page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from fixloop.accounts.roles import Role
from fixloop.core.errors import Forbidden
from fixloop.testing.world import new_order
from fixloop.workorders.models import Budget, Quote
from fixloop.workorders.services.budgets import budget_overview, month_spending, set_budget
from fixloop.workorders.services.quotes import approve_internally
from fixloop.workorders.states import Action, State
from fixloop.workorders.tests.helpers import advance, run

A = Action
THIS_MONTH = timezone.localdate().replace(day=1)
# Cost to the company: 2 × 120 part + 1.5 h × 50 internal rate + 30 transport = 345.00
OPTIONS = [
    {
        "label": "更换电池",
        "lines": [
            {"kind": "part", "description": "电池", "quantity": "2", "unit_price": "120"},
            {"kind": "labour", "description": "人工", "quantity": "1.5", "unit_price": "80"},
            {"kind": "transport", "description": "上门费", "unit_price": "30"},
            {"kind": "inspection", "description": "检测费", "unit_price": "50"},
        ],
    }
]


def quoted(world, serial: str):
    order = run(
        world, new_order(world, in_warranty=False, serial=serial), [A.TRIAGE, A.ASSIGN, A.RECEIVE_DEVICE]
    )
    return advance(world, order, A.QUOTE, options=OPTIONS, tax_rate="0")


def test_set_budget_is_for_managers_and_keeps_the_first_of_the_month(world):
    with pytest.raises(Forbidden):
        set_budget(
            actor=world.actor(Role.ENGINEER), service_point_id=world.centre.pk, month=THIS_MONTH, amount=1
        )
    assert not Budget.objects.exists()
    manager = world.actor(Role.MANAGER)
    set_budget(actor=manager, service_point_id=world.centre.pk, month=dt.date(2026, 3, 17), amount="1000")
    budget = set_budget(
        actor=manager, service_point_id=world.centre.pk, month=dt.date(2026, 3, 2), amount="1200.5"
    )
    assert (budget.month, budget.amount, Budget.objects.count()) == (
        dt.date(2026, 3, 1),
        Decimal("1200.50"),
        1,
    )


def test_spending_is_the_cost_of_approved_options_at_the_point_this_month(world, settings):
    settings.FIXLOOP = {**settings.FIXLOOP, "LABOUR_COST_RATE": "50.00"}
    order = quoted(world, "SN-B-1")
    assert month_spending(world.centre.pk, THIS_MONTH) == Decimal("0.00")  # quoted, not approved
    advance(world, order, A.APPROVE)
    assert month_spending(world.centre.pk, THIS_MONTH) == Decimal("345.00")
    assert month_spending(world.other_centre.pk, THIS_MONTH) == Decimal("0.00")
    last_month = (THIS_MONTH - dt.timedelta(days=1)).replace(day=1)
    assert month_spending(world.centre.pk, last_month) == Decimal("0.00")


def test_a_quote_over_the_months_budget_waits_for_a_manager_and_shows_on_the_budget_page(world, settings):
    settings.FIXLOOP = {**settings.FIXLOOP, "LABOUR_COST_RATE": "50.00"}
    manager = world.actor(Role.MANAGER)
    set_budget(actor=manager, service_point_id=world.centre.pk, month=THIS_MONTH, amount="500")
    first = quoted(world, "SN-B-2")
    assert Quote.objects.get(order=first).status == "pending"  # 0 + 345 ≤ 500
    advance(world, first, A.APPROVE)

    second = quoted(world, "SN-B-3")  # 345 + 345 > 500
    held = Quote.objects.get(order=second)
    assert (held.status, held.internal_reasons) == ("internal", ["over_budget"])
    overview = budget_overview(THIS_MONTH)
    row = next(r for r in overview["rows"] if r["point"] == world.centre)
    assert (row["budget"], row["spent"], row["remaining"], row["over"]) == (
        Decimal("500.00"), Decimal("345.00"), Decimal("155.00"), False,
    )  # fmt: skip
    assert [q.pk for q in overview["waiting"]] == [held.pk] and overview["approved"] == []

    approve_internally(actor=manager, number=second.number, quote_revision=1)
    second.refresh_from_db()
    assert advance(world, second, A.APPROVE).state == State.REPAIRING
    overview = budget_overview(THIS_MONTH)
    row = next(r for r in overview["rows"] if r["point"] == world.centre)
    assert (row["spent"], row["over"]) == (Decimal("690.00"), True)
    assert overview["waiting"] == [] and [q.pk for q in overview["approved"]] == [held.pk]


def test_no_budget_means_no_budget_hold(world):
    order = quoted(world, "SN-B-4")
    assert Quote.objects.get(order=order).internal_reasons == []


def test_manager_budget_page(client, world, settings):
    settings.FIXLOOP = {**settings.FIXLOOP, "LABOUR_COST_RATE": "50.00"}
    set_budget(
        actor=world.actor(Role.MANAGER), service_point_id=world.centre.pk, month=THIS_MONTH, amount="100"
    )
    held = quoted(world, "SN-B-5")
    client.force_login(world.users[Role.ENGINEER])
    assert client.get("/costs/budgets/").status_code in (302, 403)

    client.force_login(world.users[Role.MANAGER])
    page = client.get("/costs/budgets/")
    assert page.status_code == 200
    assert 'href="/costs/budgets/"' in page.text  # the manager's menu links it
    assert 'id="repeat-repairs"' in page.text
    assert "¥100.00" in page.text and f'href="/console/orders/{held.number}/"' in page.text
    order_page = client.get(f"/console/orders/{held.number}/")
    assert 'id="release-quote"' in order_page.text

    month = THIS_MONTH.strftime("%Y-%m")
    saved = client.post(
        "/costs/budgets/", {"service_point_id": world.other_centre.pk, "month": month, "amount": "2500"}
    )
    assert saved.status_code == 302 and saved["Location"].endswith(f"?month={month}")
    assert Budget.objects.get(service_point=world.other_centre).amount == Decimal("2500.00")
    refused = client.post(
        "/costs/budgets/", {"service_point_id": world.centre.pk, "month": month, "amount": "-1"}
    )
    assert refused.status_code == 200 and Budget.objects.get(service_point=world.centre).amount == Decimal(
        "100.00"
    )


def test_repeat_repairs_name_the_first_repairs_engineer_family_name_first(world):
    from fixloop.workorders.models import WorkOrder
    from fixloop.workorders.services.budgets import repeat_repairs

    user = world.engineer.user
    user.first_name, user.last_name = "师傅", "李"
    user.save(update_fields=["first_name", "last_name"])
    first = new_order(world, serial="SN-REPEAT-1")
    WorkOrder.objects.filter(pk=first.pk).update(assignee=world.engineer)
    again = new_order(world, serial="SN-REPEAT-2")
    WorkOrder.objects.filter(pk=again.pk).update(rework_of=first)
    rows = repeat_repairs(timezone.localdate())["engineers"]
    assert rows == [{"name": "李师傅", "count": 1}]
