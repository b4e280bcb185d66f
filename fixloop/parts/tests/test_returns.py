"""A removed defective part is followed to the warehouse and the supplier until credited or scrapped."""

from decimal import Decimal

import pytest

from fixloop.core.errors import Conflict, Forbidden, ValidationFailed
from fixloop.parts.services import returns
from fixloop.parts.stock_models import DefectiveReturn


def removed(world, stock) -> DefectiveReturn:
    from fixloop.testing.world import new_order

    return DefectiveReturn.objects.create(
        order=new_order(world), part=stock.board, serial="MB-OLD", location=stock.xuhui
    )


def step(world, item, name, role="warehouse", **kwargs):
    return returns.advance_return(actor=world.actor(role), return_id=item.pk, step=name,
                                  expected_version=item.version, **kwargs)  # fmt: skip


def test_return_goes_to_the_warehouse_then_the_supplier_and_is_credited(world, stock):
    item = removed(world, stock)
    item = step(world, item, "to_warehouse")
    assert (item.status, item.location) == ("at_warehouse", stock.warehouse)
    with pytest.raises(ValidationFailed) as caught:
        step(world, item, "to_supplier")
    assert caught.value.details == {"field": "rma_number"}
    item = step(world, item, "to_supplier", rma_number="RMA-2026-0042")
    with pytest.raises(ValidationFailed):
        step(world, item, "credit", credit_amount="abc")
    item = step(world, item, "credit", credit_amount="480.5")
    assert (item.status, item.rma_number, item.credit_amount) == (
        "credited",
        "RMA-2026-0042",
        Decimal("480.50"),
    )
    assert returns.steps_from(item.status) == []  # settled: the end of the road
    with pytest.raises(Conflict):
        step(world, item, "scrap")


def test_stale_version_and_wrong_role_change_nothing(world, stock):
    item = removed(world, stock)
    with pytest.raises(Forbidden):
        step(world, item, "scrap", role="engineer")
    with pytest.raises(Conflict) as caught:
        step(world, item, "scrap")  # not allowed straight from the device
    assert caught.value.details == {"allowed": ["to_warehouse", "to_supplier"]}
    fresh = step(world, item, "to_warehouse")
    with pytest.raises(Conflict) as caught:
        step(world, item, "scrap")  # item still carries version 1
    assert caught.value.code == "stale_version"
    fresh.refresh_from_db()
    assert (fresh.status, fresh.version) == ("at_warehouse", 2)
    assert step(world, fresh, "scrap").status == "scrapped"
