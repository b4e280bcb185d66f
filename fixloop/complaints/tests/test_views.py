"""Complaint pages: console list/detail/actions, portal filing and following, permissions, query counts."""

import pytest

from fixloop.accounts.roles import Role
from fixloop.complaints import services
from fixloop.complaints.models import Complaint
from fixloop.complaints.states import State
from fixloop.customers.models import Customer
from fixloop.testing.i18n import shown
from fixloop.testing.queries import queries_for_page
from fixloop.testing.world import PASSWORD, new_order

pytestmark = pytest.mark.django_db


def _login(client, username):
    assert client.login(username=username, password=PASSWORD)


def _file(world, n=1):
    return [
        services.register_complaint(
            actor=world.actor(Role.CUSTOMER), channel="portal", subject=f"投诉 {i}", description="态度差"
        )
        for i in range(n)
    ]


def test_customer_files_on_the_portal_and_follows_it(client, world):
    order = new_order(world)
    _login(client, "customer")
    page = client.get(f"/complaints/mine/new/?order={order.number}")
    assert page.status_code == 200 and order.number in page.content.decode()
    bad = client.post("/complaints/mine/new/", {"kind": "complaint", "subject": "", "description": ""})
    assert bad.status_code == 200 and bad.content.decode().count('class="error"') == 2
    assert not Complaint.objects.exists()
    response = client.post(
        "/complaints/mine/new/",
        {"kind": "complaint", "order_number": order.number, "subject": "维修太慢", "description": "等了两周"},
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response.url == f"/complaints/mine/{complaint.number}/"
    assert complaint.channel == "portal" and list(complaint.orders.all()) == [order]
    listing = client.get("/complaints/mine/").content.decode()
    assert complaint.number in listing and "维修太慢" in listing


def test_customer_agrees_on_the_portal_and_others_get_404(client, world):
    (complaint,) = _file(world)
    agent = world.actor(Role.AGENT)
    c = services.investigate(actor=agent, number=complaint.number, expected_version=1)
    services.propose(actor=agent, number=c.number, expected_version=c.version, findings="f", root_cause="r",
                     solution="退还检测费", responsible_person="王工")  # fmt: skip
    _login(client, "other_customer")
    assert client.get(f"/complaints/mine/{complaint.number}/").status_code == 404
    assert (
        client.post(
            f"/complaints/mine/{complaint.number}/", {"action": "agree", "agree-version": "3"}
        ).status_code
        == 404
    )
    client.logout()
    _login(client, "customer")
    page = client.get(f"/complaints/mine/{complaint.number}/").content.decode()
    assert "退还检测费" in page and 'value="agree"' in page and 'value="decline"' in page
    response = client.post(f"/complaints/mine/{complaint.number}/", {"action": "agree", "agree-version": "3"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == State.AGREED


def test_console_list_filters_and_constant_queries(client, world):
    _file(world, 2)
    _login(client, "manager")
    few = queries_for_page(client, "/complaints/?state=registered")
    _file(world, 6)
    assert queries_for_page(client, "/complaints/?state=registered") == few
    page = client.get("/complaints/?q=投诉 3").content.decode()
    assert "投诉 3" in page and "投诉 4" not in page
    assert client.get("/complaints/?state=nonsense").status_code == 200


def test_console_walks_the_loop_with_errors_next_to_fields(client, world):
    (complaint,) = _file(world)
    _login(client, "agent")
    url = f"/complaints/c/{complaint.number}/"
    assert client.post(url + "act/investigate/", {"investigate-version": "1"}).status_code == 302
    bad = client.post(url + "act/propose/", {"propose-version": "2", "propose-findings": "x",
                                            "propose-root_cause": "y", "propose-solution": "z"})  # fmt: skip
    assert bad.status_code == 422 and shown("Name the responsible department or person.") in bad.content.decode()
    stale = client.post(url + "act/propose/", {"propose-version": "1", "propose-findings": "x",
        "propose-root_cause": "y", "propose-solution": "z", "propose-responsible_department": "客服部"})  # fmt: skip
    assert stale.status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == State.INVESTIGATING and complaint.version == 2
    response = client.post(url + "owner/", {"version": "2", "owner_id": world.users[Role.MANAGER].pk})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.owner == world.users[Role.MANAGER]
    bad_action = client.post(url + "actions/", {"ca-kind": "corrective", "ca-description": "培训",
        "ca-owner_id": world.users[Role.AGENT].pk, "ca-due_date": "2001-01-01"})  # fmt: skip
    assert (
        bad_action.status_code == 422 and shown("The due date cannot be in the past.") in bad_action.content.decode()
    )
    assert client.post(url + "act/close/", {"close-version": "3"}).status_code == 404  # not allowed now


def test_agent_records_a_phone_complaint(client, world):
    order = new_order(world)
    _login(client, "agent")
    bad = client.post("/complaints/new/", {"kind": "complaint", "channel": "phone", "phone": "000",
        "severity": "high", "subject": "s", "description": "d"})  # fmt: skip
    assert shown("No customer has this phone number.") in bad.content.decode()
    response = client.post("/complaints/new/", {"kind": "complaint", "channel": "phone", "phone": world.customer.phone,
        "severity": "high", "subject": "上门迟到", "description": "迟到两小时", "order_numbers": order.number})  # fmt: skip
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and complaint.channel == "phone" and complaint.severity == "high"
    assert complaint.customer == Customer.objects.get(phone=world.customer.phone)


def test_customers_are_kept_out_of_the_console(client, world):
    (complaint,) = _file(world)
    _login(client, "customer")
    assert client.get("/complaints/").status_code == 302
    assert client.get(f"/complaints/c/{complaint.number}/").status_code == 302


def test_list_exports_as_csv_with_the_same_scope(client, world):
    import csv
    import io

    _file(world, 2)
    _login(client, "agent")
    response = client.get("/complaints/export.csv?q=投诉 1")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["subject"] for r in rows] == ["投诉 1"]
    assert client.get("/complaints/export.pdf").status_code == 404
    client.logout()
    _login(client, "customer")
    assert client.get("/complaints/export.csv").status_code == 302
