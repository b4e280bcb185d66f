"""Ledger arithmetic: balances are the sums of movements, and nothing takes stock below zero or below holds."""

import pytest

from fixloop.core.errors import Forbidden, ValidationFailed
from fixloop.parts.services import counts, ledger, movements
from fixloop.parts.services.ledger import InsufficientStock
from fixloop.parts.stock_models import StockMovement
from fixloop.parts.tests.stock import balance, put


def test_receipts_issues_and_adjustments_sum_to_the_balance(world, stock):
    put(world, stock.xuhui, stock.battery, 5)
    actor = world.actor("warehouse")
    movements.adjust_stock(actor=actor, location_id=stock.xuhui.pk, part_id=stock.battery.pk, delta=-2,
                           reason="损坏")  # fmt: skip
    movements.scrap_stock(actor=actor, location_id=stock.xuhui.pk, part_id=stock.battery.pk, quantity=1,
                          reason="鼓包")  # fmt: skip
    assert balance(stock.xuhui, stock.battery) == (2, 0)
    kinds = list(StockMovement.objects.order_by("id").values_list("kind", "on_hand_delta"))
    assert kinds == [("receipt", 5), ("adjust", -2), ("scrap", -1)]
    assert ledger.ledger_mismatches() == []


def test_nothing_goes_below_zero_or_below_the_holds(world, stock):
    put(world, stock.xuhui, stock.battery, 2)
    with pytest.raises(InsufficientStock) as caught:
        ledger.post(actor=world.actor("warehouse"), part=stock.battery, location=stock.xuhui, kind="reserve",
                    reserved=3)  # fmt: skip
    assert caught.value.details["available"] == 2
    ledger.post(
        actor=world.actor("warehouse"), part=stock.battery, location=stock.xuhui, kind="reserve", reserved=2
    )
    with pytest.raises(InsufficientStock):
        movements.scrap_stock(actor=world.actor("warehouse"), location_id=stock.xuhui.pk,
                              part_id=stock.battery.pk, quantity=1, reason="x")  # fmt: skip
    assert balance(stock.xuhui, stock.battery) == (2, 2)
    assert StockMovement.objects.count() == 2  # the refused ones left no line


def test_the_check_command_finds_a_tampered_balance(world, stock):
    put(world, stock.xuhui, stock.battery, 3)
    from fixloop.parts.stock_models import StockBalance

    StockBalance.objects.filter(part=stock.battery).update(on_hand=4)
    assert ledger.ledger_mismatches() == [
        {"part_id": stock.battery.pk, "location_id": stock.xuhui.pk, "balance": (4, 0), "ledger": (3, 0)}
    ]


@pytest.mark.parametrize("role", ["engineer", "agent", "customer"])
def test_only_warehouse_and_managers_change_stock(world, stock, role):
    with pytest.raises(Forbidden):
        movements.receive_stock(actor=world.actor(role), location_id=stock.xuhui.pk, part_id=stock.battery.pk,
                                quantity=1)  # fmt: skip
    assert StockMovement.objects.count() == 0


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"quantity": 0}, "quantity_invalid"),
        ({"quantity": 1, "part_id": 0}, "part_not_found"),
        ({"quantity": 1, "location_id": 0}, "location_not_found"),
    ],
)
def test_bad_receipts_are_refused_with_a_field(world, stock, kwargs, code):
    args = {"location_id": stock.xuhui.pk, "part_id": stock.battery.pk, **kwargs}
    with pytest.raises(ValidationFailed) as caught:
        movements.receive_stock(actor=world.actor("manager"), **args)
    assert caught.value.code == code
    assert StockMovement.objects.count() == 0


def test_adjustment_needs_a_reason(world, stock):
    with pytest.raises(ValidationFailed) as caught:
        movements.adjust_stock(actor=world.actor("warehouse"), location_id=stock.xuhui.pk,
                               part_id=stock.battery.pk, delta=2, reason=" ")  # fmt: skip
    assert caught.value.details == {"field": "reason"}


def test_cycle_count_books_the_variance_against_the_snapshot(world, stock):
    actor = world.actor("warehouse")
    put(world, stock.xuhui, stock.battery, 5)
    put(world, stock.xuhui, stock.screen, 2)
    count = counts.start_count(actor=actor, location_id=stock.xuhui.pk)
    # An issue while counting is not a variance: the count compares with the snapshot of 5.
    movements.scrap_stock(
        actor=actor, location_id=stock.xuhui.pk, part_id=stock.battery.pk, quantity=1, reason="x"
    )
    with pytest.raises(ValidationFailed):
        counts.close_count(actor=actor, count_id=count.pk)
    counts.record_counts(actor=actor, count_id=count.pk, counted={stock.battery.pk: 4, stock.screen.pk: 2})
    booked = counts.close_count(actor=actor, count_id=count.pk)
    assert [(m.part_id, m.kind, m.on_hand_delta) for m in booked] == [(stock.battery.pk, "adjust", -1)]
    assert balance(stock.xuhui, stock.battery) == (3, 0)
    assert ledger.ledger_mismatches() == []


def test_verify_stock_command(world, stock):
    from django.core.management import CommandError, call_command

    from fixloop.parts.stock_models import StockBalance

    put(world, stock.xuhui, stock.battery, 3)
    call_command("verify_stock")
    StockBalance.objects.filter(part=stock.battery).update(on_hand=1)
    with pytest.raises(CommandError, match="1 balance"):
        call_command("verify_stock")
