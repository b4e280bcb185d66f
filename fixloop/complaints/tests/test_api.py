"""Complaints API: customers file and see only theirs; lifecycle actions with versions; errors as JSON."""

import pytest

from fixloop.accounts.roles import Role
from fixloop.complaints.models import Complaint

pytestmark = pytest.mark.django_db


def test_customer_files_and_agent_works_it(client, world):
    body = {"channel": "portal", "subject": "屏幕有划痕", "description": "取回时发现屏幕有新划痕"}
    created = client.post(
        "/api/complaints", body, content_type="application/json", **world.headers(Role.CUSTOMER)
    )
    assert created.status_code == 201
    number = created.json()["number"]
    assert created.json()["allowed_actions"] == []
    assert client.get(f"/api/complaints/{number}", **world.headers("other_customer")).status_code == 404
    assert client.get("/api/complaints", **world.headers("other_customer")).json() == []
    agent = world.headers(Role.AGENT)
    moved = client.post(
        f"/api/complaints/{number}/investigate", {"version": 1}, content_type="application/json", **agent
    )
    assert moved.status_code == 200 and moved.json()["state"] == "investigating"
    stale = client.post(
        f"/api/complaints/{number}/investigate", {"version": 1}, content_type="application/json", **agent
    )
    assert stale.status_code == 409
    missing = client.post(f"/api/complaints/{number}/propose", {"version": 2, "findings": "x"},
                          content_type="application/json", **agent)  # fmt: skip
    assert missing.status_code == 422 and missing.json()["code"] == "root_cause"
    assert Complaint.objects.get().version == 2


def test_bad_kind_is_a_clear_error(client, world):
    body = {"channel": "fax", "subject": "s", "description": "d", "customer_id": world.customer.pk}
    response = client.post(
        "/api/complaints", body, content_type="application/json", **world.headers(Role.AGENT)
    )
    assert response.status_code == 422 and response.json()["details"]["field"] == "channel"
    assert not Complaint.objects.exists()
