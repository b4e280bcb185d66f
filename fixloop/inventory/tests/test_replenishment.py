"""Purchase and transfer suggestions and their reasoning."""

import numpy as np
import pytest

from fixloop.inventory.policy import PolicySettings, plan_with_method
from fixloop.inventory.replenishment import (
    StockPosition,
    StockTarget,
    suggest_purchase,
    suggest_replenishment,
    suggest_transfers,
    targets_from_plan,
)


def target(location: str, reorder_point: int, order_up_to: int) -> StockTarget:
    return StockTarget("P-1", location, reorder_point, order_up_to, 0.7, "IMAPA", "rehearsed")


def test_purchase_orders_up_to_the_level_counting_orders_and_backorders() -> None:
    position = StockPosition("P-1", "SH", on_hand=1, on_order=1, backordered=1)  # position 1
    suggestion = suggest_purchase(position, target("SH", 2, 4))
    assert suggestion is not None
    assert (suggestion.quantity, suggestion.urgent) == (3, True)
    text = suggestion.explain()
    assert "Buy 3 of P-1 for SH (urgent)" in text and "reorder point 2" in text and "IMAPA" in text


def test_no_purchase_when_the_position_reaches_the_level() -> None:
    assert suggest_purchase(StockPosition("P-1", "SH", on_hand=4), target("SH", 2, 4)) is None


def test_transfer_moves_surplus_to_the_neediest_location_first() -> None:
    positions = [
        StockPosition("P-1", "BJ", on_hand=7),  # 4 above its level of 3
        StockPosition("P-1", "SH", on_hand=0),  # 2 below its reorder point
        StockPosition("P-1", "GZ", on_hand=2),  # above its reorder point, below its level
    ]
    targets = {"BJ": target("BJ", 1, 3), "SH": target("SH", 2, 3), "GZ": target("GZ", 1, 3)}
    moves = suggest_transfers(positions, targets)
    assert [(m.from_location, m.to_location, m.quantity, m.urgent) for m in moves] == [
        ("BJ", "SH", 3, True),
        ("BJ", "GZ", 1, False),
    ]
    assert moves[0].reasoning["donor_order_up_to"] == 3


def test_replenishment_buys_only_what_transfers_could_not_cover() -> None:
    positions = [StockPosition("P-1", "BJ", on_hand=4), StockPosition("P-1", "SH", on_hand=0)]
    targets = {"BJ": target("BJ", 1, 3), "SH": target("SH", 2, 4)}
    kinds = [(s.kind, s.to_location, s.quantity) for s in suggest_replenishment(positions, targets)]
    assert kinds == [("transfer", "SH", 1), ("purchase", "SH", 3)]


@pytest.mark.parametrize("on_hand", [3, 2.5])
def test_fractional_positions_round_the_purchase_up(on_hand: float) -> None:
    suggestion = suggest_purchase(StockPosition("P-1", "SH", on_hand=on_hand), target("SH", 1, 4))
    assert suggestion is not None and suggestion.quantity == (1 if on_hand == 3 else 2)


def test_targets_from_plan_carry_levels_and_reasons() -> None:
    plan = plan_with_method(np.array([[0.0, 2.0] * 10]), "Naive", PolicySettings(error_windows=8))
    (only,) = targets_from_plan(plan, parts=["P-9"], location="SH").values()
    assert (only.part, only.location, only.method) == ("P-9", "SH", "Naive")
    assert only.order_up_to == plan.order_up_to[0] and only.why == plan.why
