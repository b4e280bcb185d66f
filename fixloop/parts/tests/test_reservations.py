"""Approval reserves the quote's parts; shortages pause the repair with a proposed source; cancel releases."""

import datetime as dt

import pytest
from django.utils import timezone

from fixloop.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from fixloop.parts.services import ledger, movements, reservations
from fixloop.parts.stock_models import DefectiveReturn, PartShortage, Reservation, StockMovement, Transfer
from fixloop.parts.tests.orders import approved_order, quoted_order
from fixloop.parts.tests.stock import balance, put
from fixloop.workorders.models import WorkOrderEvent
from fixloop.workorders.tests.helpers import advance


def test_approval_reserves_at_the_orders_service_point(world, stock, django_capture_on_commit_callbacks):
    put(world, stock.xuhui, stock.board, 2)
    put(world, stock.xuhui, stock.battery, 3)
    order = approved_order(world, django_capture_on_commit_callbacks, [(stock.board, 1), (stock.battery, 2)])
    assert order.state == "repairing"
    assert balance(stock.xuhui, stock.board) == (2, 1)
    assert balance(stock.xuhui, stock.battery) == (3, 2)
    held = Reservation.objects.filter(order=order, status="active").values_list("part__number", "quantity")
    assert sorted(held) == [("HX-P60-BAT", 2), ("HX-P60-MB", 1)]
    assert not PartShortage.objects.exists()


def test_missing_part_pauses_the_repair_and_proposes_the_nearest_site(
    world, stock, django_capture_on_commit_callbacks
):
    put(world, stock.xuhui, stock.battery, 1)
    put(world, stock.warehouse, stock.battery, 4)  # ~20 km away
    put(world, stock.haidian, stock.battery, 9)  # ~1,000 km away
    order = approved_order(world, django_capture_on_commit_callbacks, [(stock.battery, 3)])
    assert balance(stock.xuhui, stock.battery) == (1, 1)  # what was there is held
    shortage = PartShortage.objects.get(order=order)
    assert (shortage.quantity, shortage.source, shortage.source_location) == (2, "transfer", stock.warehouse)
    assert 15 < shortage.distance_km < 25
    assert shortage.expected_date == timezone.localdate() + dt.timedelta(days=1)
    assert order.state == "awaiting_parts"
    event = WorkOrderEvent.objects.filter(order=order, action="wait_parts").get()
    assert event.actor_label == "system"
    assert event.payload["expected_date"] == shortage.expected_date.isoformat()
    assert "HX-P60-BAT" in event.payload["parts"]


def test_no_stock_anywhere_proposes_a_purchase_after_the_lead_time(
    world, stock, django_capture_on_commit_callbacks
):
    order = approved_order(world, django_capture_on_commit_callbacks, [(stock.screen, 1)], priority="urgent")
    shortage = PartShortage.objects.get(order=order)
    assert (shortage.source, shortage.source_location, shortage.emergency) == ("purchase", None, False)
    assert shortage.expected_date == timezone.localdate() + dt.timedelta(days=5)  # the part's own lead time
    purchase = movements.act_on_shortage(actor=world.actor("warehouse"), shortage_id=shortage.pk)
    assert (purchase.quantity, purchase.supplier, purchase.location) == (1, stock.supplier, stock.xuhui)
    with pytest.raises(Conflict):
        movements.act_on_shortage(actor=world.actor("warehouse"), shortage_id=shortage.pk)
    movements.receive_purchase(actor=world.actor("warehouse"), purchase_id=purchase.pk)
    assert balance(stock.xuhui, stock.screen) == (1, 1)  # arrived and held for the order
    shortage.refresh_from_db()
    assert shortage.status == "filled"


def test_emergency_transfer_is_shipped_received_and_held(world, stock, django_capture_on_commit_callbacks):
    put(world, stock.warehouse, stock.battery, 4)
    order = approved_order(world, django_capture_on_commit_callbacks, [(stock.battery, 2)], priority="urgent")
    shortage = PartShortage.objects.get(order=order)
    assert shortage.emergency and shortage.expected_date == timezone.localdate()
    transfer = movements.act_on_shortage(actor=world.actor("warehouse"), shortage_id=shortage.pk)
    assert isinstance(transfer, Transfer) and transfer.emergency
    assert balance(stock.warehouse, stock.battery) == (2, 0)
    assert balance(stock.xuhui, stock.battery) == (0, 0)  # in transit
    movements.receive_transfer(actor=world.actor("warehouse"), transfer_id=transfer.pk)
    assert balance(stock.xuhui, stock.battery) == (2, 2)
    with pytest.raises(Conflict):
        movements.receive_transfer(actor=world.actor("warehouse"), transfer_id=transfer.pk)
    assert ledger.ledger_mismatches() == []


def test_cancel_releases_holds_and_drops_shortages(world, stock, django_capture_on_commit_callbacks):
    put(world, stock.xuhui, stock.battery, 1)
    order = approved_order(world, django_capture_on_commit_callbacks, [(stock.battery, 2)])
    order = advance(world, order, "cancel", role="manager", reason="客户不修了")
    assert balance(stock.xuhui, stock.battery) == (1, 0)
    assert list(Reservation.objects.filter(order=order).values_list("status", flat=True)) == ["released"]
    assert PartShortage.objects.get(order=order).status == "cancelled"
    assert StockMovement.objects.filter(order=order, kind="release").get().reserved_delta == -1


def test_refused_approval_reserves_nothing(world, stock):
    put(world, stock.xuhui, stock.battery, 3)
    order = quoted_order(world, [(stock.battery, 1)])
    with pytest.raises(ValidationFailed):
        advance(world, order, "approve", signature="")
    assert balance(stock.xuhui, stock.battery) == (3, 0)
    assert not Reservation.objects.exists()


def issue(world, order, role="engineer", **kwargs):
    return reservations.issue_to_order(actor=world.actor(role), number=order.number, **kwargs)


def test_repair_consumes_holds_with_serials_and_tracks_the_removed_part(
    world, stock, django_capture_on_commit_callbacks
):
    put(world, stock.xuhui, stock.board, 2)
    order = approved_order(world, django_capture_on_commit_callbacks, [(stock.board, 1)])
    with pytest.raises(ValidationFailed) as caught:
        issue(world, order, part_id=stock.board.pk, quantity=1)
    assert caught.value.details == {"field": "serials"}
    with pytest.raises(Forbidden):  # the agent sees the order but fits no parts
        issue(world, order, role="agent", part_id=stock.board.pk, quantity=1, serials=["MB-1"])
    with pytest.raises(NotFound):  # another site's engineer does not even see the order
        issue(world, order, role="other_engineer", part_id=stock.board.pk, quantity=1, serials=["MB-1"])
    returns = issue(
        world, order, part_id=stock.board.pk, quantity=1, serials=["MB-NEW-1"], removed_serials=["MB-OLD"]
    )
    assert balance(stock.xuhui, stock.board) == (1, 0)
    assert list(Reservation.objects.filter(order=order).values_list("status", flat=True)) == ["issued"]
    movement = StockMovement.objects.get(order=order, kind="issue")
    assert (movement.on_hand_delta, movement.reserved_delta, movement.serials) == (-1, -1, ["MB-NEW-1"])
    assert [(r.serial, r.status, r.location) for r in returns] == [("MB-OLD", "removed", stock.xuhui)]


def test_issue_beyond_the_hold_takes_free_stock_but_never_another_orders_hold(
    world, stock, django_capture_on_commit_callbacks
):
    put(world, stock.xuhui, stock.battery, 3)
    mine = approved_order(world, django_capture_on_commit_callbacks, [(stock.battery, 1)], serial="SN-A")
    approved_order(world, django_capture_on_commit_callbacks, [(stock.battery, 1)], serial="SN-B")
    issue(world, mine, part_id=stock.battery.pk, quantity=2)  # its hold + the one free unit
    assert balance(stock.xuhui, stock.battery) == (1, 1)
    with pytest.raises(Conflict) as caught:
        issue(world, mine, part_id=stock.battery.pk, quantity=1)  # the last unit is the other order's
    assert caught.value.code == "insufficient_stock"
    assert balance(stock.xuhui, stock.battery) == (1, 1)


def test_parts_are_issued_only_on_the_bench(world, stock):
    put(world, stock.xuhui, stock.battery, 3)
    order = quoted_order(world, [(stock.battery, 1)])
    with pytest.raises(Conflict) as caught:
        issue(world, order, part_id=stock.battery.pk, quantity=1)
    assert caught.value.code == "order_not_in_repair"
    assert not DefectiveReturn.objects.exists() and balance(stock.xuhui, stock.battery) == (3, 0)


def test_the_job_pauses_a_short_repair_whose_after_commit_step_never_ran(world, stock):
    from fixloop.parts import jobs

    order = quoted_order(world, [(stock.screen, 1)])
    order = advance(world, order, "approve")  # on-commit callbacks are not run here
    assert order.state == "repairing" and PartShortage.objects.filter(order=order, status="open").exists()
    assert jobs.pause_short_repairs(timezone.now()) == 1
    order.refresh_from_db()
    assert order.state == "awaiting_parts"
    assert jobs.pause_short_repairs(timezone.now()) == 0  # idempotent
