"""Portal pages through the test client: own orders only, reporting, quote decisions, tracking."""

import pytest
from django.core.cache import cache
from django.test import Client

from fixloop.accounts.roles import Role
from fixloop.demo.journeys import SIGNATURE, payload_for
from fixloop.testing.queries import queries_for_page
from fixloop.testing.world import new_order
from fixloop.workorders import services
from fixloop.workorders.models import QuoteApproval, WorkOrder, WorkOrderEvent
from fixloop.workorders.states import Action, State


@pytest.fixture
def customer(client, world):
    client.force_login(world.users[Role.CUSTOMER])
    return client


def advance(world, order, actions):
    for action in actions:
        order.refresh_from_db()
        role = {Action.TRIAGE: Role.AGENT, Action.ASSIGN: Role.DISPATCHER}.get(action, Role.ENGINEER)
        payload = payload_for(action, order, engineer_id=world.engineer.pk, service_point_id=world.centre.pk)
        services.TRANSITION_SERVICES[action](
            actor=world.actor(role), number=order.number, expected_version=order.version, **payload
        )
    order.refresh_from_db()
    return order


def quoted_order(world):
    order = new_order(world, mode="carry_in", in_warranty=False)
    return advance(world, order, [Action.TRIAGE, Action.ASSIGN, Action.RECEIVE_DEVICE, Action.QUOTE])


def test_my_orders_lists_only_mine(customer, world):
    mine = new_order(world)
    theirs = services.create_order(
        actor=world.actor(Role.AGENT),
        intake=services.OrderIntake(symptoms="坏了", service_mode="remote", kind="consultation",
                                    customer_id=world.other_customer.pk),
    )[0]  # fmt: skip
    response = customer.get("/portal/")
    assert response.status_code == 200
    assert mine.number in response.text and theirs.number not in response.text


def test_another_customers_order_is_404(client, world):
    order = new_order(world)
    client.force_login(world.users["other_customer"])
    assert client.get(f"/portal/orders/{order.number}/").status_code == 404
    response = client.post(f"/portal/orders/{order.number}/act/cancel/", {"cancel-version": 1, "cancel-reason": "x"})
    assert response.status_code == 404
    order.refresh_from_db()
    assert order.state == State.NEW


def test_staff_are_sent_to_the_console(client, world):
    client.force_login(world.users[Role.AGENT])
    assert client.get("/portal/")["Location"] == "/console/"


def test_order_page_shows_progress_and_timeline(customer, world):
    order = new_order(world)
    response = customer.get(f"/portal/orders/{order.number}/")
    assert response.status_code == 200
    steps = response.context["tracking"]["steps"]
    assert [s["current"] for s in steps][0] is True
    assert 'aria-current="step"' in response.text


def test_report_a_fault(customer, world):
    response = customer.post(
        "/portal/report/",
        {"serial": "SN-PORTAL-1", "model": world.phone_model.pk, "symptoms": "听筒没有声音",
         "service_mode": "carry_in"},
    )  # fmt: skip
    order = WorkOrder.objects.get(device__serial="SN-PORTAL-1")
    assert response.status_code == 302 and response["Location"] == f"/portal/orders/{order.number}/"
    assert (order.customer, order.channel, order.state) == (world.customer, "web", State.NEW)


def test_report_with_a_new_serial_and_no_model_shows_the_error_at_the_model(customer, world):
    response = customer.post("/portal/report/", {"serial": "SN-PORTAL-2", "symptoms": "黑屏", "service_mode": "carry_in"})
    assert response.status_code == 200
    assert "model" in response.context["form"].errors
    assert not WorkOrder.objects.exists()


def test_report_with_a_bad_serial_is_a_field_error(customer, world):
    response = customer.post(
        "/portal/report/", {"serial": "!!", "model": world.phone_model.pk, "symptoms": "黑屏", "service_mode": "carry_in"}
    )
    assert response.status_code == 200
    assert "serial" in response.context["form"].errors


def test_on_site_needs_an_address(customer, world):
    response = customer.post(
        "/portal/report/", {"serial": "SN-P-3", "model": world.phone_model.pk, "symptoms": "黑屏", "service_mode": "on_site"}
    )
    assert response.status_code == 200
    assert "address" in response.context["form"].errors


def test_approve_needs_a_signature_next_to_the_field(customer, world):
    order = quoted_order(world)
    page = customer.get(f"/portal/orders/{order.number}/")
    assert 'id="action-approve"' in page.text and "<canvas" in page.text
    response = customer.post(
        f"/portal/orders/{order.number}/act/approve/",
        {"approve-version": order.version, "approve-option": 1, "approve-signer_name": "张伟", "approve-signature": ""},
    )
    assert response.status_code == 200
    form = next(f for f in response.context["forms"] if f.action == "approve")
    assert "signature" in form.errors
    assert not QuoteApproval.objects.exists()


def test_approve_with_a_signature_records_it_with_the_ip(customer, world):
    order = quoted_order(world)
    response = customer.post(
        f"/portal/orders/{order.number}/act/approve/",
        {"approve-version": order.version, "approve-option": 1, "approve-signer_name": "张伟",
         "approve-signature": SIGNATURE},
    )  # fmt: skip
    assert response.status_code == 302
    approval = QuoteApproval.objects.get()
    assert (approval.signature, approval.ip_address, approval.option.position) == (SIGNATURE, "127.0.0.1", 1)
    order.refresh_from_db()
    assert order.state == State.REPAIRING


def test_reject_needs_a_reason(customer, world):
    order = quoted_order(world)
    events = WorkOrderEvent.objects.filter(order=order).count()
    response = customer.post(f"/portal/orders/{order.number}/act/reject/", {"reject-version": order.version})
    assert response.status_code == 200
    assert "reason" in next(f for f in response.context["forms"] if f.action == "reject").errors
    assert WorkOrderEvent.objects.filter(order=order).count() == events


def test_customer_cannot_post_a_staff_action(customer, world):
    order = new_order(world)
    assert customer.post(f"/portal/orders/{order.number}/act/triage/", {"triage-version": 1}).status_code == 404


def test_tracking_shows_progress_without_personal_data(client, world):
    order = new_order(world)
    response = client.post("/portal/track/", {"number": order.number.lower(), "phone_last4": "1234"})
    # Post/redirect/get: the result's address carries the number only, never the phone digits.
    assert response.status_code == 302
    assert response["Location"] == f"/portal/track/?number={order.number}"
    response = client.get(response["Location"])
    assert response.context["tracking"]["number"] == order.number
    for secret in ("张伟", "13800001234", "SN-TEST-0001"):
        assert secret not in response.text
    assert 'method="post"' in response.text and 'name="csrfmiddlewaretoken"' in response.text


def test_tracking_result_reads_in_both_languages(client, world):
    order = new_order(world)
    result = client.post("/portal/track/", {"number": order.number, "phone_last4": "1234"})["Location"]
    chinese = client.get(result, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert chinese.context["tracking"]["number"] == order.number and "受理" in chinese.text
    client.post("/i18n/setlang/", {"language": "en", "next": result})
    english = client.get(result)
    assert english.context["tracking"]["number"] == order.number
    assert '<html lang="en">' in english.text and "Received" in english.text


def test_tracking_digits_in_the_url_show_nothing(client, world):
    order = new_order(world)
    response = client.get("/portal/track/", {"number": order.number, "phone_last4": "1234"})
    assert response.status_code == 200 and response.context["tracking"] is None
    assert not response.context["form"].is_bound  # a prefilled form, as from the receipt's QR code


def test_tracking_number_alone_shows_nothing_to_another_browser(client, world):
    order = new_order(world)
    result = client.post("/portal/track/", {"number": order.number, "phone_last4": "1234"})["Location"]
    assert Client().get(result).context["tracking"] is None


def test_tracking_needs_the_csrf_token(world):
    order = new_order(world)
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/portal/track/", {"number": order.number, "phone_last4": "1234"})
    assert response.status_code == 403


def test_tracking_wrong_digits_is_an_error_not_a_hint(client, world):
    order = new_order(world)
    response = client.post("/portal/track/", {"number": order.number, "phone_last4": "0000"})
    assert response.status_code == 200
    assert response.context["tracking"] is None
    assert response.context["form"].non_field_errors()
    assert client.get(f"/portal/track/?number={order.number}").context["tracking"] is None


def test_tracking_bad_input_is_a_field_error(client, db):
    response = client.post("/portal/track/", {"number": "RO-1", "phone_last4": "12a"})
    assert response.status_code == 200
    assert "phone_last4" in response.context["form"].errors


def test_tracking_is_rate_limited(client, world, settings):
    settings.FIXLOOP = {**settings.FIXLOOP, "TRACKING_RATE": "2/m"}
    cache.clear()
    order = new_order(world)
    data = {"number": order.number, "phone_last4": "1234"}
    for _ in range(2):
        assert client.post("/portal/track/", data).status_code == 302
    response = client.post("/portal/track/", data, HTTP_ACCEPT_LANGUAGE="en")
    cache.clear()  # the counter must not reach other tests
    assert response.status_code == 200 and response.context["tracking"] is None
    assert "Too many tracking requests" in response.text


def test_my_orders_query_count_is_constant(customer, world):
    for i in range(3):
        new_order(world, serial=f"SN-MINE-{i}")
    few = queries_for_page(customer, "/portal/")
    for i in range(3, 30):
        new_order(world, serial=f"SN-MINE-{i}")
    assert queries_for_page(customer, "/portal/") == few
