"""The notifications pages through the HTTP client: who may see and edit what."""

import pytest
from django.urls import reverse

from fixloop.accounts.roles import Role
from fixloop.core.models import OutboxMessage
from fixloop.notifications.models import ChannelPreference, Delivery, MessageTemplate
from fixloop.testing.world import PASSWORD, new_order

pytestmark = pytest.mark.django_db


def login(client, world, role):
    assert client.login(username=world.users[role].username, password=PASSWORD)
    return client


def dead_delivery(**fields) -> Delivery:
    return Delivery.objects.create(
        dedupe_key=fields.pop("key", "k1"),
        event="order.received",
        channel="webhook",
        recipient="webhook",
        language="zh-hans",
        subject="【飞修】已收到您的报修 RO-1",
        body="…",
        status="dead",
        attempts=8,
        last_error="HTTP 503 busy",
        **fields,
    )


def template(event="order.closed", language="zh-hans") -> MessageTemplate:
    return MessageTemplate.objects.get(event=event, language=language)


def test_default_templates_are_seeded_for_every_key_step_in_both_languages(db):
    events = set(MessageTemplate.objects.values_list("event", flat=True))
    assert {
        "order.received",
        "order.assigned",
        "order.scheduled",
        "order.quoted",
        "order.repair_started",
        "order.awaiting_parts",
        "order.qc_passed",
        "order.ready",
        "order.handed_back",
        "order.closed",
        "staff.assignment",
        "sla.warning",
        "sla.breach",
        "complaint.registered",
    } <= events
    assert (
        MessageTemplate.objects.filter(language="en").count()
        == MessageTemplate.objects.filter(language="zh-hans").count()
    )
    assert "{{ survey_url }}" in template().body


@pytest.mark.parametrize("role", [Role.AGENT, Role.ENGINEER, Role.DISPATCHER, Role.MANAGER])
def test_staff_see_the_delivery_log(client, world, role):
    dead_delivery()
    response = login(client, world, role).get(reverse("notifications:log") + "?status=dead")
    assert response.status_code == 200
    assert "HTTP 503 busy" in response.content.decode()


def test_a_customer_cannot_see_the_log(client, world):
    dead_delivery()
    response = login(client, world, Role.CUSTOMER).get(reverse("notifications:log"))
    assert response.status_code == 302 and "HTTP 503" not in response.content.decode()


def test_staff_retry_a_dead_letter_through_the_worker(client, world):
    delivery = dead_delivery()
    response = login(client, world, Role.AGENT).post(reverse("notifications:retry", args=[delivery.pk]))

    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == "pending"
    [message] = OutboxMessage.objects.filter(topic="notifications.send")
    assert message.payload == {"delivery_id": delivery.pk}


def test_a_sent_delivery_cannot_be_retried(client, world):
    delivery = dead_delivery()
    Delivery.objects.filter(pk=delivery.pk).update(status="sent")
    login(client, world, Role.AGENT).post(reverse("notifications:retry", args=[delivery.pk]))
    assert not OutboxMessage.objects.filter(topic="notifications.send").exists()
    assert Delivery.objects.get(pk=delivery.pk).status == "sent"


def test_a_manager_edits_a_template(client, world):
    t = template()
    login(client, world, Role.MANAGER)
    assert client.get(reverse("notifications:templates")).status_code == 200
    page = client.get(reverse("notifications:template_edit", args=[t.pk]))
    assert "RO-20261124-0042" in page.content.decode()  # preview with sample data

    response = client.post(
        reverse("notifications:template_edit", args=[t.pk]),
        {
            "subject": "感谢您！工单 {{ number }} 已完结",
            "body": "请评价：{{ survey_url }}",
            "version": t.version,
        },
    )

    assert response.status_code == 302
    t.refresh_from_db()
    assert (t.subject, t.version, t.updated_by) == (
        "感谢您！工单 {{ number }} 已完结",
        2,
        world.users[Role.MANAGER],
    )


def test_a_broken_template_is_refused_next_to_the_field(client, world):
    t = template()
    response = login(client, world, Role.MANAGER).post(
        reverse("notifications:template_edit", args=[t.pk]),
        {
            "subject": "ok",
            "body": "{% if number %}unclosed",
            "version": t.version,
        },
    )
    assert response.status_code == 422
    [error] = response.context["form"].errors["body"]
    assert "unclosed" not in error and "if" in error  # Django's own message naming the unclosed tag
    assert template().version == 1


def test_a_stale_template_edit_is_refused(client, world):
    t = template()
    login(client, world, Role.MANAGER)
    data = {"subject": "A", "body": "B", "version": t.version}
    assert client.post(reverse("notifications:template_edit", args=[t.pk]), data).status_code == 302
    response = client.post(reverse("notifications:template_edit", args=[t.pk]), {**data, "subject": "C"})
    assert response.status_code == 422
    assert template().subject == "A"


@pytest.mark.parametrize("role", [Role.AGENT, Role.ENGINEER, Role.CUSTOMER])
def test_only_managers_edit_templates(client, world, role):
    t = template()
    login(client, world, role)
    assert client.get(reverse("notifications:templates")).status_code == 302
    response = client.post(
        reverse("notifications:template_edit", args=[t.pk]),
        {"subject": "hacked", "body": "x", "version": t.version},
    )
    assert response.status_code == 302
    assert template().subject != "hacked"


def test_a_customer_turns_sms_off_in_the_portal(client, world):
    login(client, world, Role.CUSTOMER)
    assert client.get(reverse("notifications:my_preferences")).status_code == 200
    response = client.post(reverse("notifications:my_preferences"), {"email": "on"})
    assert response.status_code == 302
    preference = ChannelPreference.objects.get(customer=world.customer)
    assert (preference.email, preference.sms, preference.user) == (True, False, None)


def test_staff_set_their_own_channels(client, world):
    login(client, world, Role.ENGINEER)
    client.post(reverse("notifications:staff_preferences"), {"sms": "on"})
    preference = ChannelPreference.objects.get(user=world.users[Role.ENGINEER])
    assert (preference.email, preference.sms) == (False, True)
    assert (
        login(client, world, Role.CUSTOMER).get(reverse("notifications:staff_preferences")).status_code == 302
    )


def sms_delivery(order=None) -> Delivery:
    return Delivery.objects.create(
        dedupe_key=f"sms-{order.pk if order else 0}",
        event="order.received",
        channel="sms",
        recipient="13812345678",
        language="zh-hans",
        body="…",
        order=order,
    )


def search(client, q: str) -> str:
    return client.get(reverse("notifications:log"), {"q": q}).content.decode()


@pytest.mark.parametrize("role", [Role.WAREHOUSE, Role.ENGINEER])
def test_roles_shown_masked_numbers_cannot_confirm_them_by_searching(client, world, role):
    order = new_order(world)
    delivery = sms_delivery(order)
    login(client, world, role)
    row = f'id="delivery-{delivery.pk}"'
    page = search(client, "")
    assert row in page and "138****5678" in page and "13812345678" not in page
    # The hidden digits, or the whole number, find nothing: a hit would confirm them.
    assert row not in search(client, "1234")
    assert row not in search(client, "13812345678")
    assert row in search(client, order.number)  # the order number is still searchable


@pytest.mark.parametrize("role", [Role.AGENT, Role.DISPATCHER, Role.MANAGER])
def test_roles_shown_full_numbers_search_by_recipient(client, world, role):
    delivery = sms_delivery()
    login(client, world, role)
    assert f'id="delivery-{delivery.pk}"' in search(client, "1234")
