"""Messages with the customer vs internal notes: who writes, who sees, through pages and the API."""

import pytest

from fixloop.accounts.roles import Role
from fixloop.conversations.models import OrderMessage
from fixloop.core.models import OutboxMessage
from fixloop.testing.world import new_order
from fixloop.workorders.tests.apiclient import Api

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(world):
    return new_order(world, serial="SN-CONV-1")


def test_staff_note_stays_internal_and_customer_sees_only_messages(world, order, client):
    agent = Api(world, Role.AGENT)
    note = agent.post(f"/orders/{order.number}/messages", {"body": "客户语气急，优先处理", "internal": True})
    reply = agent.post(f"/orders/{order.number}/messages", {"body": "您好，工程师今天下午联系您。"})
    assert note.status_code == 201 and note.json()["visibility"] == "internal"
    assert reply.status_code == 201 and reply.json()["visibility"] == "customer"

    staff_view = [m["body"] for m in agent.get(f"/orders/{order.number}/messages").json()]
    customer_view = [
        m["body"] for m in Api(world, Role.CUSTOMER).get(f"/orders/{order.number}/messages").json()
    ]
    assert staff_view == ["客户语气急，优先处理", "您好，工程师今天下午联系您。"]
    assert customer_view == ["您好，工程师今天下午联系您。"]

    client.force_login(world.users[Role.CUSTOMER])
    page = client.get(f"/portal/orders/{order.number}/")
    assert "工程师今天下午联系您" in page.text and "客户语气急" not in page.text
    client.force_login(world.users[Role.AGENT])
    console = client.get(f"/console/orders/{order.number}/")
    assert "客户语气急" in console.text and "工程师今天下午联系您" in console.text


def test_customer_cannot_write_internal_notes(world, order):
    response = Api(world, Role.CUSTOMER).post(
        f"/orders/{order.number}/messages", {"body": "hi", "internal": True}
    )
    assert response.status_code == 403 and response.json()["code"] == "internal_note_forbidden"
    assert not OrderMessage.objects.exists()


def test_someone_elses_order_is_404_and_nothing_is_stored(world, order, client):
    other = Api(world, "other_partner").post(f"/orders/{order.number}/messages", {"body": "hello"})
    assert other.status_code == 404
    client.force_login(world.users["other_customer"])
    assert client.post(f"/conversations/{order.number}/", {"message-body": "hello"}).status_code == 404
    assert not OrderMessage.objects.exists()


def test_empty_message_is_a_clear_error(world, order, client):
    api = Api(world, Role.AGENT).post(f"/orders/{order.number}/messages", {"body": ""})
    assert api.status_code == 422 and api.json()["code"] == "invalid_input"
    client.force_login(world.users[Role.AGENT])
    page = client.post(f"/conversations/{order.number}/", {"message-body": "   "}, HTTP_HX_REQUEST="true")
    assert page.status_code == 422 and 'id="conversation"' in page.text and "has-error" in page.text
    assert not OrderMessage.objects.exists()


def test_posting_from_the_page_notifies_the_other_side(world, order, client):
    client.force_login(world.users[Role.AGENT])
    response = client.post(f"/conversations/{order.number}/", {"message-body": "请带上购机发票"})
    assert response.status_code == 302 and response["Location"] == f"/console/orders/{order.number}/"
    request = OutboxMessage.objects.filter(topic="notify").latest("id").payload
    assert request["event"] == "order.message" and request["customer_id"] == world.customer.pk
    assert request["context"]["body"] == "请带上购机发票"

    client.post(f"/conversations/{order.number}/", {"message-body": "内部：等配件", "message-internal": "on"})
    assert OutboxMessage.objects.filter(topic="notify").count() == 1  # an internal note tells nobody


def test_htmx_post_returns_the_panel_with_the_new_message(world, order, client):
    client.force_login(world.users[Role.CUSTOMER])
    response = client.post(
        f"/conversations/{order.number}/", {"message-body": "什么时候能修好？"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "什么时候能修好？" in response.text and 'name="message-internal"' not in response.text
    message = OrderMessage.objects.get()
    assert (message.author_role, message.visibility) == (Role.CUSTOMER, "customer")
