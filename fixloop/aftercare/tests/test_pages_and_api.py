"""Console pages and API of aftercare: roles, form errors next to their field, JSON errors."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from fixloop.accounts.roles import Role
from fixloop.aftercare import followups
from fixloop.aftercare.models import FollowUpTask, MaintenancePlan
from fixloop.aftercare.tests.conftest import close_message
from fixloop.testing.world import PASSWORD, existing_device
from fixloop.workorders.tests.apiclient import Api


def login(world, role) -> Client:
    client = Client()
    assert client.login(username=world.users[role].username, password=PASSWORD)
    return client


@pytest.fixture
def task(world, closed):
    task = followups.on_order_closed(close_message(closed))
    FollowUpTask.objects.filter(pk=task.pk).update(due_date=timezone.localdate())
    task.refresh_from_db()
    return task


def test_agent_sees_todays_calls_and_the_script(world, task):
    client = login(world, Role.AGENT)
    listing = client.get("/aftercare/followups/").content.decode()
    assert task.order.number in listing and "张伟" in listing
    page = client.get(f"/aftercare/followups/{task.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "张伟" in html and task.order.number in html and 'name="outcome"' in html
    response = client.post(
        f"/aftercare/followups/{task.pk}/", {"outcome": "satisfied", "note": "满意", "version": 1}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.outcome == "satisfied"
    assert task.order.number not in client.get("/aftercare/followups/").content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"outcome": "happy", "version": 1}, "outcome"),
        ({"outcome": "complaint_requested", "note": "", "version": 1}, "note"),
        ({"outcome": "satisfied"}, "version"),
    ],
)
def test_form_errors_are_shown_next_to_the_field(world, task, data, field):
    response = login(world, Role.AGENT).post(f"/aftercare/followups/{task.pk}/", data)
    assert response.status_code == 422
    assert response.context["form"].errors[field]
    task.refresh_from_db()
    assert (task.outcome, task.version) == ("", 1)


def test_refusal_from_the_service_is_a_form_error(world, task):
    response = login(world, Role.AGENT).post(
        f"/aftercare/followups/{task.pk}/", {"outcome": "problem_persists", "note": "又坏了", "version": 1}
    )
    assert response.status_code == 422
    assert response.context["form"].non_field_errors()
    task.refresh_from_db()
    assert task.outcome == ""


def test_stale_form_reloads_with_a_warning(world, task):
    FollowUpTask.objects.filter(pk=task.pk).update(version=2)
    response = login(world, Role.AGENT).post(
        f"/aftercare/followups/{task.pk}/", {"outcome": "satisfied", "version": 1}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.outcome == ""


def test_pages_are_closed_to_other_roles_and_other_agents(world, task):
    for role in (Role.ENGINEER, Role.CUSTOMER, Role.WAREHOUSE):
        client = login(world, role)
        assert client.get(f"/aftercare/followups/{task.pk}/").status_code == 302
        assert (
            client.post(
                f"/aftercare/followups/{task.pk}/", {"outcome": "satisfied", "version": 1}
            ).status_code
            == 302
        )
    assert login(world, "other_agent").get(f"/aftercare/followups/{task.pk}/").status_code == 404
    assert login(world, Role.AGENT).get("/aftercare/followups/999999/").status_code == 404
    task.refresh_from_db()
    assert task.outcome == ""


def test_plan_pages(world):
    existing_device(world, "HX-P60-777")
    client = login(world, Role.DISPATCHER)
    due = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    form = {"serial": "HX-P60-777", "interval_months": 3, "next_due": due, "service_mode": "on_site",
            "contract_number": "HT-2026-001", "notes": "季度保养"}  # fmt: skip
    assert client.get("/aftercare/plans/new/?serial=HX-P60-777").status_code == 200
    response = client.post("/aftercare/plans/new/", form)
    assert response.status_code == 302
    plan = MaintenancePlan.objects.get()
    assert (plan.interval_months, plan.contract_number, plan.lead_days) == (3, "HT-2026-001", None)
    listing = client.get("/aftercare/plans/?serial=HX-P60-777").content.decode()
    assert "HT-2026-001" in listing
    assert (
        client.post(f"/aftercare/plans/{plan.pk}/active/", {"version": 1, "active": "0"}).status_code == 302
    )
    plan.refresh_from_db()
    assert (plan.active, plan.version) == (False, 2)
    client.post(f"/aftercare/plans/{plan.pk}/active/", {"version": 1, "active": "1"})  # stale
    client.post(f"/aftercare/plans/{plan.pk}/active/", {"version": "x", "active": "1"})  # garbage
    plan.refresh_from_db()
    assert (plan.active, plan.version) == (False, 2)


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"serial": "NOPE"}, "serial"), ({"next_due": "2020-01-01"}, "next_due"), ({"interval_months": 0}, "interval_months"),
     ({"next_due": "not a date"}, "next_due")],
)  # fmt: skip
def test_plan_form_errors(world, changes, field):
    existing_device(world, "HX-P60-777")
    due = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    form = {
        "serial": "HX-P60-777",
        "interval_months": 3,
        "next_due": due,
        "service_mode": "on_site",
        **changes,
    }
    response = login(world, Role.AGENT).post("/aftercare/plans/new/", form)
    assert response.status_code == 422
    assert response.context["form"].errors[field]
    assert not MaintenancePlan.objects.exists()


def test_plan_pages_are_closed_to_engineers_and_customers(world):
    for role in (Role.ENGINEER, Role.CUSTOMER):
        client = login(world, role)
        assert client.get("/aftercare/plans/").status_code == 302
        assert client.post("/aftercare/plans/new/", {"serial": "x"}).status_code == 302


def test_api_followups(world, task):
    api = Api(world, Role.AGENT)
    listed = api.get("/aftercare/followups").json()
    assert [row["order"] for row in listed] == [task.order.number]
    bad = api.post(
        f"/aftercare/followups/{task.pk}/complete", {"version": 1, "outcome": "complaint_requested"}
    )
    assert bad.status_code == 422
    assert (bad.json()["code"], bad.json()["details"]["field"]) == ("note_required", "note")
    stale = api.post(f"/aftercare/followups/{task.pk}/complete", {"version": 7, "outcome": "satisfied"})
    assert (stale.status_code, stale.json()["code"]) == (409, "stale_version")
    done = api.post(
        f"/aftercare/followups/{task.pk}/complete", {"version": 1, "outcome": "satisfied", "note": "好"}
    )
    assert done.status_code == 200
    assert (done.json()["outcome"], done.json()["version"]) == ("satisfied", 2)
    assert (
        Api(world, "other_agent")
        .post(f"/aftercare/followups/{task.pk}/complete", {"version": 2, "outcome": "satisfied"})
        .status_code
        == 404
    )
    assert Api(world, Role.ENGINEER).get("/aftercare/followups").status_code == 403
    assert (
        Api(world, Role.AGENT).post(f"/aftercare/followups/{task.pk}/complete", {"version": "x"}).status_code
        == 422
    )


def test_api_plans(world):
    existing_device(world, "HX-P60-888")
    api = Api(world, Role.MANAGER)
    due = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    created = api.post("/aftercare/plans", {"serial": "HX-P60-888", "interval_months": 12, "next_due": due})
    assert created.status_code == 201
    assert (created.json()["serial"], created.json()["customer_id"]) == ("HX-P60-888", world.customer.pk)
    unknown = api.post("/aftercare/plans", {"serial": "NOPE", "interval_months": 12, "next_due": due})
    assert (unknown.status_code, unknown.json()["code"]) == (422, "device_not_found")
    assert (
        api.post(
            "/aftercare/plans", {"serial": "HX-P60-888", "interval_months": 99, "next_due": due}
        ).status_code
        == 422
    )
    assert api.get("/aftercare/plans", serial="HX-P60-888").json()[0]["interval_months"] == 12
    assert Api(world, Role.CUSTOMER).get("/aftercare/plans").status_code == 403
    assert MaintenancePlan.objects.count() == 1


def test_console_order_page_shows_the_call_and_links_a_plan(world, task):
    html = login(world, Role.AGENT).get(f"/console/orders/{task.order.number}/").content.decode()
    assert f"/aftercare/followups/{task.pk}/" in html
    assert f"/aftercare/plans/new/?serial={task.order.device.serial}" in html
