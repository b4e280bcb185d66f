"""WorkOrderFilter's `unassigned` filter, through the API list and the console queue's saved view."""

import pytest

from fixloop.accounts.roles import Role
from fixloop.testing.world import new_order
from fixloop.workorders.tests.apiclient import Api
from fixloop.workorders.tests.helpers import run

pytestmark = pytest.mark.django_db


@pytest.fixture
def orders(world):
    waiting = new_order(world, serial="SN-UN-1")
    assigned = run(world, new_order(world, serial="SN-UN-2"), ["triage", "assign"])
    assert (waiting.assignee_id, assigned.assignee_id) == (None, world.engineer.pk)
    return waiting, assigned


@pytest.mark.parametrize(("value", "expected"), [("true", 0), ("false", 1)])
def test_api_list_filters_unassigned_orders(world, orders, value, expected):
    response = Api(world, Role.MANAGER).get("/orders", unassigned=value)
    assert response.status_code == 200
    assert [o["number"] for o in response.json()["items"]] == [orders[expected].number]


def test_console_unassigned_saved_view(client, world, orders):
    waiting, assigned = orders
    client.force_login(world.users[Role.DISPATCHER])
    views = client.get("/console/", HTTP_ACCEPT_LANGUAGE="en").context["views"]
    assert {v["label"]: v["query"] for v in views}["Unassigned"] == "unassigned=true"
    response = client.get("/console/?unassigned=true", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert waiting.number in response.text and assigned.number not in response.text
    assert [v["label"] for v in response.context["views"] if v["current"]] == ["Unassigned"]
