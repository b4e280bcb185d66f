"""WorkOrderFilter's `unassigned` filter and `q` search, through the API list and the console queue."""

import pytest

from fixloop.accounts.roles import Role
from fixloop.customers.models import Customer
from fixloop.testing.world import new_order
from fixloop.workorders.models import WorkOrder
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


@pytest.fixture
def named_orders(world):
    """张伟's order (the world's customer) and Alex Chen's: the two ways names are written."""
    zhang = new_order(world, serial="SN-NAME-1")
    alex = Customer.objects.create(name="Alex Chen", phone="13600003333")
    chen = new_order(world, serial="SN-NAME-2")
    WorkOrder.objects.filter(pk=chen.pk).update(
        customer=alex, contact_name=alex.name, contact_phone=alex.phone
    )
    return zhang, chen


NAME_SEARCHES = [
    ("张", "zhang"),  # the family name
    ("张伟", "zhang"),  # the full name, family name first as stored
    ("张 伟", "zhang"),
    ("alex chen", "chen"),  # Western "First Last", any case
    ("Chen", "chen"),
    ("Chen, Alex", "chen"),  # family name first, as a form might ask for it
    ("李娜", None),  # another customer's name finds nothing
]


@pytest.mark.parametrize(("q", "who"), NAME_SEARCHES)
def test_console_queue_finds_orders_by_customer_name(client, world, named_orders, q, who):
    zhang, chen = named_orders
    client.force_login(world.users[Role.AGENT])
    page = client.get("/console/", {"q": q}).context["page"]
    expected = {"zhang": [zhang.number], "chen": [chen.number], None: []}[who]
    assert [o.number for o in page.items] == expected


@pytest.mark.parametrize(("q", "who"), NAME_SEARCHES)
def test_api_list_q_finds_orders_by_customer_name(world, named_orders, q, who):
    zhang, chen = named_orders
    response = Api(world, Role.MANAGER).get("/orders", q=q)
    assert response.status_code == 200
    expected = {"zhang": [zhang.number], "chen": [chen.number], None: []}[who]
    assert [o["number"] for o in response.json()["items"]] == expected


def test_search_of_only_separators_finds_no_name(client, world, named_orders):
    client.force_login(world.users[Role.AGENT])
    assert client.get("/console/", {"q": " , "}).context["page"].items == []
