"""The parts API: who may do what, JSON errors for bad input, and an order's parts from approval to RMA."""

import pytest

from fixloop.parts.stock_models import StockMovement
from fixloop.parts.tests.orders import approved_order
from fixloop.parts.tests.stock import balance, put
from fixloop.workorders.tests.apiclient import Api


def test_warehouse_receives_and_everyone_on_staff_sees_stock(world, stock):
    body = {"location_id": stock.xuhui.pk, "part_id": stock.battery.pk, "quantity": 4, "reason": "到货"}
    response = Api(world, "warehouse").post("/parts/receipts", body)
    assert response.status_code == 201, response.content
    assert response.json()["on_hand_delta"] == 4
    rows = Api(world, "engineer").get("/parts/stock", location=stock.xuhui.pk).json()
    assert [(r["part_number"], r["on_hand"], r["available"], r["value"]) for r in rows] == [
        ("HX-P60-BAT", 4, 4, "240.00")
    ]
    valuation = Api(world, "manager").get("/parts/valuation").json()
    assert valuation == [
        {"location_id": stock.xuhui.pk, "location__name": "徐汇门店库", "units": 4, "value": "240.00"}
    ]


@pytest.mark.parametrize("role", ["engineer", "agent"])
def test_other_staff_may_not_change_stock(world, stock, role):
    body = {"location_id": stock.xuhui.pk, "part_id": stock.battery.pk, "quantity": 4}
    response = Api(world, role).post("/parts/receipts", body)
    assert response.status_code == 403
    assert response.json()["code"] == "stock_managers_only"
    assert not StockMovement.objects.exists()


def test_customers_see_no_stock(world, stock):
    response = Api(world, "customer").get("/parts/stock")
    assert (response.status_code, response.json()["code"]) == (403, "staff_only")


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"quantity": 0}, 422, "invalid_input"),
        ({"quantity": "many"}, 422, "invalid_input"),
        ({"part_id": 999999}, 422, "part_not_found"),
        ({"location_id": 999999}, 422, "location_not_found"),
        ({"reason": "x" * 301}, 422, "invalid_input"),
    ],
)
def test_bad_input_is_a_json_error_and_changes_nothing(world, stock, body, status, code):
    payload = {"location_id": stock.xuhui.pk, "part_id": stock.battery.pk, "quantity": 1, **body}
    response = Api(world, "warehouse").post("/parts/receipts", payload)
    assert response.status_code == status
    assert response.json()["code"] == code and response.json()["message"]
    assert not StockMovement.objects.exists()


def test_scrap_beyond_stock_is_a_conflict(world, stock):
    put(world, stock.xuhui, stock.battery, 1)
    response = Api(world, "warehouse").post(
        "/parts/scrap",
        {"location_id": stock.xuhui.pk, "part_id": stock.battery.pk, "quantity": 2, "reason": "坏"},
    )
    assert (response.status_code, response.json()["code"]) == (409, "insufficient_stock")
    assert response.json()["details"]["available"] == 1


def test_order_parts_from_approval_to_credit(world, stock, django_capture_on_commit_callbacks):
    put(world, stock.xuhui, stock.board, 1)
    order = approved_order(world, django_capture_on_commit_callbacks, [(stock.board, 1)])
    engineer = Api(world, "engineer")
    response = engineer.post(f"/parts/orders/{order.number}/issue",
                             {"part_id": stock.board.pk, "quantity": 1, "serials": []})  # fmt: skip
    assert (response.status_code, response.json()["details"]) == (422, {"field": "serials"})
    response = engineer.post(f"/parts/orders/{order.number}/issue",
                             {"part_id": stock.board.pk, "quantity": 1, "serials": ["MB-9"],
                              "removed_serials": ["MB-OLD-1"]})  # fmt: skip
    assert response.status_code == 201, response.content
    (rma,) = response.json()
    assert (rma["serial"], rma["status"], rma["next_steps"]) == (
        "MB-OLD-1",
        "removed",
        ["to_warehouse", "to_supplier"],
    )
    assert balance(stock.xuhui, stock.board) == (0, 0)
    parts = engineer.get(f"/parts/orders/{order.number}").json()
    assert [(r["part_number"], r["status"]) for r in parts["reservations"]] == [("HX-P60-MB", "issued")]
    assert parts["issues"][0]["serials"] == ["MB-9"]
    warehouse = Api(world, "warehouse")
    step = warehouse.post(
        f"/parts/returns/{rma['id']}/steps", {"step": "to_supplier", "version": 1, "rma_number": "R-1"}
    )
    assert step.status_code == 200 and step.json()["status"] == "at_supplier"
    stale = warehouse.post(
        f"/parts/returns/{rma['id']}/steps", {"step": "credit", "version": 1, "credit_amount": "5"}
    )
    assert (stale.status_code, stale.json()["code"]) == (409, "stale_version")
    done = warehouse.post(
        f"/parts/returns/{rma['id']}/steps", {"step": "credit", "version": 2, "credit_amount": "500"}
    )
    assert done.json()["status"] == "credited"
    assert warehouse.get("/parts/returns").json() == []
    assert Api(world, "other_engineer").get(f"/parts/orders/{order.number}").status_code == 404


def test_count_through_the_api(world, stock):
    put(world, stock.xuhui, stock.battery, 3)
    api = Api(world, "warehouse")
    count = api.post("/parts/counts", {"location_id": stock.xuhui.pk}).json()
    bad = api.post(f"/parts/counts/{count['id']}/lines", {"counted": {str(stock.battery.pk): -1}})
    assert (bad.status_code, bad.json()["code"]) == (422, "count_invalid")
    api.post(f"/parts/counts/{count['id']}/lines", {"counted": {str(stock.battery.pk): 5}})
    closed = api.post(f"/parts/counts/{count['id']}/close").json()
    assert closed["status"] == "closed" and closed["lines"] == [
        {"part_id": stock.battery.pk, "expected": 3, "counted": 5}
    ]
    assert balance(stock.xuhui, stock.battery) == (5, 0)


def test_transfer_through_the_api(world, stock):
    put(world, stock.warehouse, stock.battery, 5)
    api = Api(world, "warehouse")
    same = api.post("/parts/transfers", {"part_id": stock.battery.pk, "from_location_id": stock.warehouse.pk,
                                         "to_location_id": stock.warehouse.pk, "quantity": 1})  # fmt: skip
    assert (same.status_code, same.json()["details"]) == (422, {"field": "to_location_id"})
    made = api.post("/parts/transfers", {"part_id": stock.battery.pk, "from_location_id": stock.warehouse.pk,
                                         "to_location_id": stock.haidian.pk, "quantity": 3, "emergency": True})  # fmt: skip
    assert made.status_code == 201 and made.json()["status"] == "in_transit"
    listed = Api(world, "engineer").get("/parts/transfers", location=stock.haidian.pk).json()
    assert [t["quantity"] for t in listed] == [3]
    got = api.post(f"/parts/transfers/{made.json()['id']}/receive")
    assert got.json()["status"] == "received"
    assert balance(stock.warehouse, stock.battery) == (2, 0) and balance(stock.haidian, stock.battery) == (
        3,
        0,
    )
    again = api.post(f"/parts/transfers/{made.json()['id']}/receive")
    assert (again.status_code, again.json()["code"]) == (409, "already_received")
