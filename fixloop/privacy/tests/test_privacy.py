"""Personal data: export (portal, API), deletion request → manager approval → anonymised, audit rows."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from fixloop.accounts.models import ApiToken, User
from fixloop.accounts.roles import Role
from fixloop.audit.models import AuditEntry, Kind
from fixloop.conversations.models import OrderMessage
from fixloop.core.errors import Conflict, Forbidden, NotFound
from fixloop.customers.models import Address, Customer
from fixloop.privacy import services
from fixloop.privacy.models import DeletionRequest
from fixloop.surveys.models import Survey
from fixloop.testing.world import PASSWORD, new_order
from fixloop.workorders.models import WorkOrder

pytestmark = pytest.mark.django_db


def _history(world):
    Address.objects.create(
        customer=world.customer, line="上海市徐汇区漕溪北路 88 号", city="上海", district="徐汇"
    )
    order = new_order(world)
    OrderMessage.objects.create(
        order=order,
        visibility="customer",
        author_role="customer",
        author_label="张伟",
        body="我的电话 13800001234",
    )
    OrderMessage.objects.create(
        order=order, visibility="internal", author_role="agent", author_label="agent", body="内部备注"
    )
    Survey.objects.create(
        order=order, customer=world.customer, token_hash="x" * 64, language="zh-hans",
        expires_at=timezone.now() + dt.timedelta(days=7), answered_at=timezone.now(), csat=5, nps=9,
        comment="张伟很满意",
    )  # fmt: skip
    return order


def test_export_holds_profile_orders_timeline_messages_but_no_internal_notes(world):
    order = _history(world)
    data = services.export_data(actor=world.actor(Role.CUSTOMER))
    assert data["profile"]["name"] == "张伟" and data["profile"]["phone"] == "13800001234"
    assert data["login"]["username"] == "customer"
    assert data["addresses"][0]["line"] == "上海市徐汇区漕溪北路 88 号"
    assert [o["number"] for o in data["orders"]] == [order.number]
    assert data["orders"][0]["timeline"][0]["action"] == "create"
    assert [m["body"] for m in data["orders"][0]["messages"]] == ["我的电话 13800001234"]
    assert data["surveys"][0]["csat"] == 5
    json.dumps(data)  # serialisable
    entry = AuditEntry.objects.get(kind=Kind.EXPORT)
    assert entry.actor == world.users[Role.CUSTOMER] and entry.target_id == str(world.customer.pk)


@pytest.mark.parametrize("role", [Role.ENGINEER, Role.DISPATCHER, Role.PARTNER, "other_customer"])
def test_export_of_someone_else_is_not_found(world, role):
    actor = world.actor(role) if role != "other_customer" else _actor_of(world, "other_customer")
    with pytest.raises(NotFound):
        services.export_data(actor=actor, customer_id=world.customer.pk)
    assert not AuditEntry.objects.filter(kind=Kind.EXPORT).exists()


def _actor_of(world, key):
    from fixloop.accounts.actor import Actor

    return Actor.for_user(
        User.objects.select_related("customer_profile", "engineer_profile").get(pk=world.users[key].pk)
    )


def test_deletion_request_then_manager_approval_anonymises_and_keeps_orders(world):
    order = _history(world)
    pending = services.request_deletion(actor=world.actor(Role.CUSTOMER), reason="不再使用")
    with pytest.raises(Conflict):
        services.request_deletion(actor=world.actor(Role.CUSTOMER))
    with pytest.raises(Forbidden):
        services.approve_deletion(actor=world.actor(Role.AGENT), request_id=pending.pk)
    assert Customer.objects.get(pk=world.customer.pk).name == "张伟"
    world.token(Role.CUSTOMER)
    services.approve_deletion(actor=world.actor(Role.MANAGER), request_id=pending.pk, note="ok")

    customer = Customer.objects.get(pk=world.customer.pk)
    label = f"anonymised-{customer.pk}"
    assert (customer.name, customer.phone, customer.email) == (label, "", "")
    address = customer.addresses.get()
    assert (address.line, address.district, address.city) == ("—", "", "上海")
    kept = WorkOrder.objects.get(pk=order.pk)
    assert (kept.contact_name, kept.contact_phone, kept.state) == (label, "", order.state)
    assert kept.version == order.version + 1
    bodies = dict(OrderMessage.objects.filter(order=order).values_list("visibility", "body"))
    assert bodies == {"customer": "—", "internal": "内部备注"}
    survey = Survey.objects.get(order=order)
    assert (survey.csat, survey.nps, survey.comment) == (5, 9, "")
    user = User.objects.get(pk=world.users[Role.CUSTOMER].pk)
    assert not user.is_active and not user.has_usable_password() and user.username == f"deleted-{user.pk}"
    assert not ApiToken.objects.filter(user=user).exists()
    assert not Customer.history.filter(id=customer.pk, name="张伟").exists()
    assert not Address.history.filter(customer_id=customer.pk).exclude(line="—").exists()
    assert DeletionRequest.objects.get(pk=pending.pk).state == DeletionRequest.State.DONE
    assert [e.kind for e in AuditEntry.objects.filter(target_type="customers.customer").order_by("id")] == [
        Kind.DELETION_REQUEST,
        Kind.DELETION,
    ]
    with pytest.raises(Conflict):
        services.approve_deletion(actor=world.actor(Role.MANAGER), request_id=pending.pk)


def test_reject_keeps_everything(world):
    pending = services.request_deletion(actor=world.actor(Role.AGENT), customer_id=world.customer.pk)
    services.reject_deletion(actor=world.actor(Role.MANAGER), request_id=pending.pk, note="open dispute")
    assert Customer.objects.get(pk=world.customer.pk).name == "张伟"
    assert DeletionRequest.objects.get(pk=pending.pk).state == DeletionRequest.State.REJECTED
    services.request_deletion(actor=world.actor(Role.CUSTOMER))  # may ask again


def test_portal_download_and_request(client, world):
    _history(world)
    assert client.login(username="customer", password=PASSWORD)
    page = client.get("/privacy/")
    assert page.status_code == 200
    response = client.get("/privacy/export.json")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    assert json.loads(response.content)["profile"]["name"] == "张伟"
    refused = client.post("/privacy/", {"reason": "x"})
    assert refused.status_code == 200 and not DeletionRequest.objects.exists()
    assert client.post("/privacy/", {"reason": "bye", "confirm": "on"}).status_code == 302
    assert DeletionRequest.objects.get().state == DeletionRequest.State.PENDING


def test_console_approval_page(client, world):
    pending = services.request_deletion(actor=world.actor(Role.CUSTOMER))
    assert client.login(username="agent", password=PASSWORD)
    assert client.get("/privacy/requests/").status_code == 302
    assert client.login(username="manager", password=PASSWORD)
    assert "张伟" in client.get("/privacy/requests/").content.decode()
    assert client.post(f"/privacy/requests/{pending.pk}/approve/", {"note": ""}).status_code == 302
    assert Customer.objects.get(pk=world.customer.pk).phone == ""
    # The customer's session no longer signs them in.
    client.logout()
    assert not client.login(username="customer", password=PASSWORD)


def test_api_flow(client, world):
    _history(world)
    customer = world.headers(Role.CUSTOMER)
    assert client.get("/api/privacy/export", **customer).json()["profile"]["phone"] == "13800001234"
    assert (
        client.get(f"/api/privacy/export?customer_id={world.other_customer.pk}", **customer).status_code
        == 404
    )
    created = client.post(
        "/api/privacy/deletion-requests", {"reason": "bye"}, content_type="application/json", **customer
    )
    assert created.status_code == 201
    request_id = created.json()["id"]
    assert client.get("/api/privacy/deletion-requests", **world.headers(Role.PARTNER)).json() == []
    assert (
        client.post(
            f"/api/privacy/deletion-requests/{request_id}/approve", {}, content_type="application/json",
            **world.headers(Role.ENGINEER),
        ).status_code == 403
    )  # fmt: skip
    manager = world.headers(Role.MANAGER)
    assert [
        r["id"] for r in client.get("/api/privacy/deletion-requests?state=pending", **manager).json()
    ] == [request_id]
    done = client.post(
        f"/api/privacy/deletion-requests/{request_id}/approve",
        {"note": "ok"},
        content_type="application/json",
        **manager,
    )
    assert done.status_code == 200 and done.json()["state"] == "done"
    assert client.get("/api/privacy/export", **customer).status_code == 401


def test_withdraw_a_pending_request_erases_nothing(world):
    pending = services.request_deletion(actor=world.actor(Role.CUSTOMER), reason="bye")
    with pytest.raises(NotFound):
        services.withdraw_deletion(actor=world.actor("other_customer"), request_id=pending.pk)
    with pytest.raises(NotFound):
        services.withdraw_deletion(actor=world.actor(Role.ENGINEER), request_id=pending.pk)
    services.withdraw_deletion(actor=world.actor(Role.CUSTOMER), request_id=pending.pk)
    assert DeletionRequest.objects.get(pk=pending.pk).state == DeletionRequest.State.WITHDRAWN
    assert Customer.objects.get(pk=world.customer.pk).name == "张伟"
    assert AuditEntry.objects.filter(kind=Kind.DELETION_REQUEST, details__decision="withdrawn").count() == 1
    with pytest.raises(Conflict):  # a manager can no longer approve it
        services.approve_deletion(actor=world.actor(Role.MANAGER), request_id=pending.pk)
    with pytest.raises(Conflict):
        services.withdraw_deletion(actor=world.actor(Role.CUSTOMER), request_id=pending.pk)
    services.request_deletion(actor=world.actor(Role.CUSTOMER))  # may ask again


def test_withdraw_from_the_portal_and_the_api(client, world):
    pending = services.request_deletion(actor=world.actor(Role.CUSTOMER))
    assert client.login(username="other_customer", password=PASSWORD)
    assert client.post(f"/privacy/requests/{pending.pk}/withdraw/").status_code == 404
    assert client.login(username="customer", password=PASSWORD)
    assert f"/privacy/requests/{pending.pk}/withdraw/" in client.get("/privacy/").content.decode()
    assert client.post(f"/privacy/requests/{pending.pk}/withdraw/").status_code == 302
    assert DeletionRequest.objects.get(pk=pending.pk).state == DeletionRequest.State.WITHDRAWN
    again = services.request_deletion(actor=world.actor(Role.AGENT), customer_id=world.customer.pk)
    url = f"/api/privacy/deletion-requests/{again.pk}/withdraw"
    assert client.post(url, **world.headers("other_customer")).status_code == 404
    answer = client.post(url, **world.headers(Role.CUSTOMER))
    assert answer.status_code == 200 and answer.json()["state"] == "withdrawn"
    refused = client.post(url, **world.headers(Role.CUSTOMER))
    assert refused.status_code == 409 and refused.json()["code"] == "deletion_decided"
