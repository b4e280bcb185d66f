"""Console pages through the test client: permissions, forms with bad input, query counts."""

import pytest

from fixloop.accounts.roles import Role
from fixloop.testing.queries import queries_for_page
from fixloop.testing.world import new_order
from fixloop.workorders.models import WorkOrder, WorkOrderEvent
from fixloop.workorders.states import State


@pytest.fixture
def agent(client, world):
    client.force_login(world.users[Role.AGENT])
    return client


def test_queue_needs_sign_in(client, db):
    response = client.get("/console/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/console/")


def test_customer_is_sent_to_the_portal(client, world):
    client.force_login(world.users[Role.CUSTOMER])
    response = client.get("/console/")
    assert response.status_code == 302
    assert response["Location"] == "/portal/"


def test_queue_lists_orders_and_filters_by_state(agent, world):
    first = new_order(world, serial="SN-Q-1")
    second = new_order(world, serial="SN-Q-2")
    response = agent.get("/console/")
    assert response.status_code == 200
    assert first.number in response.text and second.number in response.text
    filtered = agent.get("/console/", {"state": State.TRIAGED})
    assert first.number not in filtered.text
    searched = agent.get("/console/", {"q": "SN-Q-2"})
    assert second.number in searched.text and first.number not in searched.text


def test_queue_keeps_every_value_of_a_repeated_filter(agent, world):
    from fixloop.workorders.tests.helpers import advance

    triaged = advance(world, new_order(world, serial="SN-R-1"), "triage")
    fresh = new_order(world, serial="SN-R-2")
    cancelled = advance(world, new_order(world, serial="SN-R-3"), "cancel")
    both = agent.get("/console/", {"state": [State.NEW, State.TRIAGED]})
    assert triaged.number in both.text and fresh.number in both.text
    assert cancelled.number not in both.text


def test_queue_with_a_bad_filter_answers_200_with_a_message(agent, world):
    response = agent.get("/console/", {"state": "nonsense", "cursor": "%%%"})
    assert response.status_code == 200
    assert "form-errors" in response.text


def test_queue_htmx_request_gets_only_the_rows(agent, world):
    order = new_order(world)
    response = agent.get("/console/", HTTP_HX_REQUEST="true")
    assert order.number in response.text
    assert "<html" not in response.text


def test_queue_pages_with_a_cursor(agent, world, monkeypatch):
    monkeypatch.setattr("fixloop.console.views.PAGE_SIZE", 2)
    numbers = [new_order(world, serial=f"SN-P-{i}").number for i in range(3)]
    first = agent.get("/console/")
    assert numbers[2] in first.text and numbers[0] not in first.text
    next_link = first.context["next_query"]
    second = agent.get("/console/?" + next_link)
    assert numbers[0] in second.text and numbers[2] not in second.text


def test_queue_query_count_is_constant_whatever_the_rows(agent, world):
    for i in range(3):
        new_order(world, serial=f"SN-C-{i}")
    few = queries_for_page(agent, "/console/")
    for i in range(3, 30):
        new_order(world, serial=f"SN-C-{i}")
    assert WorkOrder.objects.count() == 30
    assert queries_for_page(agent, "/console/") == few


def test_order_page_shows_header_timeline_and_allowed_forms(agent, world):
    order = new_order(world)
    response = agent.get(f"/console/orders/{order.number}/")
    assert response.status_code == 200
    text = response.text
    assert order.number in text and "SN-TEST-0001" in text and "张伟" in text
    assert 'id="action-triage"' in text and 'id="action-cancel"' in text
    assert 'id="action-assign"' not in text  # agents do not assign


def test_order_of_another_service_point_is_404(client, world):
    order = new_order(world, service_point_id=world.centre.pk)
    client.force_login(world.users["other_agent"])
    assert client.get(f"/console/orders/{order.number}/").status_code == 404
    assert client.post(f"/console/orders/{order.number}/act/cancel/", {"cancel-version": 1}).status_code == 404


def test_triage_then_assign_through_the_forms(client, world):
    order = new_order(world)
    client.force_login(world.users[Role.AGENT])
    response = client.post(
        f"/console/orders/{order.number}/act/triage/",
        {"triage-version": 1, "triage-priority": "high", "triage-service_point_id": world.centre.pk},
    )
    assert response.status_code == 302
    client.force_login(world.users[Role.DISPATCHER])
    response = client.post(
        f"/console/orders/{order.number}/act/assign/",
        {"assign-version": 2, "assign-engineer_id": world.engineer.pk},
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.state, order.priority, order.assignee_id) == (State.ASSIGNED, "high", world.engineer.pk)


def test_action_with_bad_input_shows_the_error_next_to_the_field(agent, world):
    order = new_order(world)
    response = agent.post(f"/console/orders/{order.number}/act/cancel/", {"cancel-version": 1, "cancel-reason": " "})
    assert response.status_code == 200
    form = next(f for f in response.context["forms"] if f.action == "cancel")
    assert "reason" in form.errors
    assert 'id="field-cancel-reason"' in response.text
    order.refresh_from_db()
    assert order.state == State.NEW
    assert WorkOrderEvent.objects.filter(order=order).count() == 1


def test_service_refusal_lands_next_to_its_field(client, world):
    order = new_order(world)
    client.force_login(world.users[Role.AGENT])
    client.post(f"/console/orders/{order.number}/act/triage/", {"triage-version": 1, "triage-priority": "normal"})
    client.force_login(world.users[Role.DISPATCHER])
    world.engineer.is_active = False
    world.engineer.save(update_fields=["is_active"])
    response = client.post(
        f"/console/orders/{order.number}/act/assign/", {"assign-version": 2, "assign-engineer_id": world.engineer.pk}
    )
    assert response.status_code == 200
    form = next(f for f in response.context["forms"] if f.action == "assign")
    assert "engineer_id" in form.errors


def test_stale_version_redirects_with_a_reload_message(agent, world):
    order = new_order(world)
    agent.post(f"/console/orders/{order.number}/act/triage/", {"triage-version": 1, "triage-priority": "high"})
    response = agent.post(
        f"/console/orders/{order.number}/act/triage/", {"triage-version": 1, "triage-priority": "low"}, follow=True
    )
    assert response.status_code == 200
    assert any("reload" in str(m) or "重新" in str(m) for m in response.context["messages"])
    order.refresh_from_db()
    assert order.priority == "high"


def test_forbidden_action_is_a_form_error_not_a_500(agent, world):
    order = new_order(world)
    response = agent.post(
        f"/console/orders/{order.number}/act/assign/", {"assign-version": 1, "assign-engineer_id": world.engineer.pk}
    )
    assert response.status_code == 200
    assert response.context["forms"][0].non_field_errors()


def test_unknown_action_is_404(agent, world):
    order = new_order(world)
    assert agent.post(f"/console/orders/{order.number}/act/explode/", {}).status_code == 404


def test_intake_creates_an_order_for_a_known_customer(agent, world):
    response = agent.post(
        "/console/intake/",
        {
            "channel": "walk_in", "phone": world.customer.phone, "kind": "repair", "serial": "SN-NEW-77",
            "model": world.phone_model.pk, "purchase_date": "2026-01-02", "symptoms": "屏幕闪烁",
            "service_mode": "carry_in", "priority": "normal", "external_causes": ["drop"],
        },
    )  # fmt: skip
    assert response.status_code == 302
    order = WorkOrder.objects.get(device__serial="SN-NEW-77")
    assert (order.customer, order.channel, order.external_causes) == (world.customer, "walk_in", ["drop"])
    assert response["Location"] == f"/console/orders/{order.number}/"


def test_intake_new_serial_without_model_shows_the_error_at_the_model(agent, world):
    response = agent.post(
        "/console/intake/",
        {"channel": "hotline", "phone": world.customer.phone, "kind": "repair", "serial": "SN-UNKNOWN-1",
         "symptoms": "不开机", "service_mode": "carry_in", "priority": "normal"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "model" in response.context["form"].errors
    assert not WorkOrder.objects.exists()


def test_intake_unknown_phone_needs_a_name(agent, world):
    response = agent.post(
        "/console/intake/",
        {"channel": "hotline", "phone": "13700009999", "kind": "repair", "serial": "SN-X-1",
         "model": world.phone_model.pk, "symptoms": "不开机", "service_mode": "carry_in", "priority": "normal"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "name" in response.context["form"].errors


def test_intake_bad_phone_is_a_field_error(agent, world):
    response = agent.post(
        "/console/intake/",
        {"channel": "hotline", "phone": "abc", "name": "王五", "kind": "repair", "serial": "SN-X-2",
         "model": world.phone_model.pk, "symptoms": "不开机", "service_mode": "carry_in", "priority": "normal"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "phone" in response.context["form"].errors


@pytest.mark.parametrize(
    ("role", "home"), [(Role.ENGINEER, "/console/"), (Role.WAREHOUSE, "/parts/")]
)
def test_intake_is_not_for_engineers_or_the_warehouse(client, world, role, home):
    """Intake is agent, dispatcher and manager work: others are sent to their own start page, and
    their menu has no link to it."""
    client.force_login(world.users[role])
    assert client.get("/console/intake/")["Location"] == home
    # nor the form's lookup helper, which would name the customer behind a phone number
    assert client.get(f"/console/intake/lookup/?phone={world.customer.phone}")["Location"] == home
    response = client.post(
        "/console/intake/",
        {"channel": "hotline", "phone": world.customer.phone, "kind": "repair", "serial": "SN-ENG-1",
         "model": world.phone_model.pk, "symptoms": "不开机", "service_mode": "carry_in", "priority": "normal"},
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"] == home
    assert not WorkOrder.objects.exists()
    assert 'href="/console/intake/"' not in client.get("/console/").text


@pytest.mark.parametrize("role", [Role.AGENT, Role.DISPATCHER, Role.MANAGER])
def test_intake_roles_see_the_link_and_the_page(client, world, role):
    client.force_login(world.users[role])
    assert 'href="/console/intake/"' in client.get("/console/").text
    assert client.get("/console/intake/").status_code == 200


def test_saved_views_filter_the_queue(client, world):
    waiting = new_order(world, serial="SN-V-1")
    client.force_login(world.users[Role.ENGINEER])
    response = client.get("/console/")
    labels = [v["query"] for v in response.context["views"]]
    assert labels[0] == f"assignee={world.engineer.pk}"
    mine = client.get("/console/?" + labels[0])
    assert waiting.number not in mine.text
    assert any(v["current"] for v in mine.context["views"])


def test_intake_lookup_shows_warranty_and_past_orders(agent, world):
    order = new_order(world, serial="SN-LOOK-1")
    response = agent.get("/console/intake/lookup/", {"phone": world.customer.phone, "serial": "SN-LOOK-1"})
    assert response.status_code == 200
    assert "张伟" in response.text and order.number in response.text
    assert response.context["warranty"].status == "in_warranty"
    assert response.context["warranty_explanation"]


def test_intake_lookup_for_unknown_phone_and_serial(agent, world):
    response = agent.get("/console/intake/lookup/", {"phone": "13700000000", "serial": "NOPE-1"})
    assert response.status_code == 200
    assert response.context["customer"] is None and response.context["device"] is None


def test_receipt_shows_the_number_and_tracking_address(agent, world):
    order = new_order(world)
    response = agent.get(f"/console/orders/{order.number}/receipt/")
    assert response.status_code == 200
    assert order.number in response.text
    assert f"/portal/track/?number={order.number}" in response.text


def test_receipt_of_an_invisible_order_is_404(client, world):
    order = new_order(world, service_point_id=world.centre.pk)
    client.force_login(world.users["other_agent"])
    assert client.get(f"/console/orders/{order.number}/receipt/").status_code == 404


def test_my_jobs_lists_the_engineers_open_orders_in_one_query_per_page(client, world):
    from fixloop.demo.journeys import payload_for
    from fixloop.workorders import services

    mine = new_order(world, serial="SN-JOB-1")
    other = new_order(world, serial="SN-JOB-2")
    for action, role in (("triage", Role.AGENT), ("assign", Role.DISPATCHER)):
        mine.refresh_from_db()
        payload = payload_for(action, mine, engineer_id=world.engineer.pk, service_point_id=world.centre.pk)
        services.TRANSITION_SERVICES[action](
            actor=world.actor(role), number=mine.number, expected_version=mine.version, **payload
        )
    client.force_login(world.users[Role.ENGINEER])
    response = client.get("/console/my-jobs/")
    assert response.status_code == 200
    assert mine.number in response.text and other.number not in response.text


def test_my_jobs_is_for_engineers(agent, world):
    assert agent.get("/console/my-jobs/")["Location"] == "/console/"


def test_language_switch_after_a_failed_post_returns_to_the_order(agent, world):
    order = new_order(world)
    response = agent.post(f"/console/orders/{order.number}/act/cancel/", {"cancel-version": 1})
    assert f'name="next" value="/console/orders/{order.number}/"' in response.text
