"""GET /api/sla/orders/{number}: the clocks, with the order's own visibility rules."""

from django.test import Client

from fixloop.accounts.roles import Role
from fixloop.sla.tests.conftest import sh
from fixloop.testing.world import new_order
from fixloop.workorders.tests.apiclient import Api
from fixloop.workorders.tests.helpers import advance


def test_clocks_of_an_order(sla_world, at):
    with at(sh(2026, 11, 23, 17, 0)):
        order = new_order(sla_world)
    with at(sh(2026, 11, 24, 9, 30)):
        advance(sla_world, order, "triage")
    with at(sh(2026, 11, 24, 9, 45)):
        response = Api(sla_world, Role.CUSTOMER).get(f"/sla/orders/{order.number}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["policy"], body["calendar"], body["problem"]) == ("标准", "cn-2026", "")
    clocks = {c["kind"]: c for c in body["clocks"]}
    assert clocks["first_response"]["status"] == "met"
    assert clocks["first_response"]["used_seconds"] == 90 * 60
    assert clocks["first_response"]["stopped_by"] == "triage"
    res = clocks["resolution"]
    assert (res["status"], res["running"], res["urgency"]) == ("running", True, "ok")
    assert res["used_seconds"] == 105 * 60 and res["target_seconds"] == 24 * 3600  # Mon 1 h, Tue 45 min
    assert res["due_at"] == "2026-11-26T17:00:00+08:00"  # Mon 1 h, Tue 8 h, Wed 8 h, Thu 7 h


def test_another_customers_order_is_404_and_anonymous_is_401(sla_world):
    order = new_order(sla_world)
    response = Api(sla_world, "other_customer").get(f"/sla/orders/{order.number}")
    assert response.status_code == 404
    assert response.json()["code"] == "order_not_found"
    assert Client().get(f"/api/sla/orders/{order.number}").status_code == 401


def test_the_order_list_api_filters_by_sla_status_too(sla_world, at):
    with at(sh(2026, 11, 23, 9, 0)):
        late = new_order(sla_world, serial="SN-API-LATE")
    with at(sh(2026, 11, 23, 11, 0)):
        fresh = new_order(sla_world, serial="SN-API-FRESH")
    api = Api(sla_world, Role.MANAGER)
    with at(sh(2026, 11, 23, 11, 30)):  # the first response of `late` was due at 11:00
        breached = api.get("/orders", sla="breached").json()["items"]
        ok = api.get("/orders", sla="ok").json()["items"]
        bad = api.get("/orders", sla="later")
    assert [o["number"] for o in breached] == [late.number]
    assert [o["number"] for o in ok] == [fresh.number]
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_filter"
