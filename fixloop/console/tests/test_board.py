"""The dispatcher board and the queue's bulk assign, through the test client."""

import pytest

from fixloop.accounts.roles import Role
from fixloop.testing.queries import queries_for_page
from fixloop.testing.world import new_order
from fixloop.workorders import services
from fixloop.workorders.models import WorkOrder, WorkOrderEvent
from fixloop.workorders.states import Action, State


@pytest.fixture
def dispatcher(client, world):
    client.force_login(world.users[Role.DISPATCHER])
    return client


def triaged(world, *, priority="normal", serial="SN-B-1", **kwargs) -> WorkOrder:
    order = new_order(world, serial=serial, **kwargs)
    return services.triage(
        actor=world.actor(Role.AGENT), number=order.number, expected_version=order.version,
        priority=priority, service_point_id=world.centre.pk,
    )  # fmt: skip


def assigned(world, *, priority, serial) -> WorkOrder:
    order = triaged(world, priority=priority, serial=serial)
    return services.assign(
        actor=world.actor(Role.DISPATCHER), number=order.number, expected_version=order.version,
        engineer_id=world.engineer.pk,
    )  # fmt: skip


def assign_events(order) -> int:
    return WorkOrderEvent.objects.filter(order=order, action=Action.ASSIGN).count()


@pytest.mark.parametrize(
    ("role", "home"), [(Role.AGENT, "/console/"), (Role.ENGINEER, "/console/"), (Role.WAREHOUSE, "/parts/")]
)
def test_board_is_for_dispatchers_and_managers(client, world, role, home):
    client.force_login(world.users[role])
    response = client.get("/console/board/")
    assert (response.status_code, response["Location"]) == (302, home)  # sent to their own start page


def test_board_needs_sign_in(client, db):
    assert client.get("/console/board/")["Location"].startswith("/accounts/login/?next=/console/board/")


def test_customer_posting_to_the_board_changes_nothing(client, world):
    order = triaged(world)
    client.force_login(world.users[Role.CUSTOMER])
    response = client.post(
        f"/console/board/{order.number}/assign/",
        {"assign-version": 2, "assign-engineer_id": world.engineer.pk},
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.state, assign_events(order)) == (State.TRIAGED, 0)


def test_board_shows_unassigned_and_at_risk_work_and_engineers(dispatcher, world):
    fresh = new_order(world, serial="SN-B-NEW")
    ready = triaged(world, serial="SN-B-TRI")
    urgent = assigned(world, priority="urgent", serial="SN-B-URG")
    calm = assigned(world, priority="normal", serial="SN-B-CALM")
    response = dispatcher.get("/console/board/")
    assert response.status_code == 200
    text = response.text
    for shown in (fresh, ready, urgent):
        assert f'id="card-{shown.number}"' in text
    assert f'id="card-{calm.number}"' not in text
    columns = {
        c.point.pk if c.point else None: [card.order.number for card in c.cards]
        for c in response.context["columns"]
    }
    assert columns == {world.centre.pk: [ready.number, urgent.number], None: [fresh.number]}
    assert "手机主板维修" in text  # the model's required skill and the engineer's skill
    engineers = {e.pk: e.load for e in response.context["engineers"]}
    assert engineers == {world.engineer.pk: 2}  # the other centre's engineer is not the dispatcher's
    assert f'action="/console/board/{ready.number}/assign/"' in text
    assert f'action="/console/board/{fresh.number}/assign/"' not in text  # new: triage first


def test_manager_sees_every_service_points_engineers(client, world):
    client.force_login(world.users[Role.MANAGER])
    response = client.get("/console/board/")
    assert response.status_code == 200
    assert {e.pk for e in response.context["engineers"]} == {world.engineer.pk, world.other_engineer.pk}


def test_assign_a_card_goes_through_the_assign_service(dispatcher, world):
    order = triaged(world)
    response = dispatcher.post(
        f"/console/board/{order.number}/assign/",
        {"assign-version": order.version, "assign-engineer_id": world.engineer.pk},
        follow=True,
    )
    assert response.redirect_chain == [("/console/board/", 302)]
    order.refresh_from_db()
    assert (order.state, order.assignee_id, order.version) == (State.ASSIGNED, world.engineer.pk, 3)
    event = WorkOrderEvent.objects.get(order=order, action=Action.ASSIGN)
    assert (event.actor_role, event.payload["engineer_id"]) == (Role.DISPATCHER, world.engineer.pk)
    assert any(order.number in str(m) for m in response.context["messages"])


def test_assign_a_card_with_a_stale_version_is_refused(dispatcher, world):
    order = triaged(world)
    response = dispatcher.post(
        f"/console/board/{order.number}/assign/",
        {"assign-version": 1, "assign-engineer_id": world.engineer.pk},
        follow=True,
    )
    assert response.status_code == 200
    assert any(m.level_tag == "error" and order.number in str(m) for m in response.context["messages"])
    order.refresh_from_db()
    assert (order.state, assign_events(order)) == (State.TRIAGED, 0)


def test_assign_a_card_of_an_invisible_order_is_404(dispatcher, world):
    order = triaged(world)
    WorkOrder.objects.filter(pk=order.pk).update(service_point=world.other_centre)
    response = dispatcher.post(
        f"/console/board/{order.number}/assign/",
        {"assign-version": 2, "assign-engineer_id": world.engineer.pk},
    )
    assert response.status_code == 404
    assert assign_events(order) == 0


def test_board_query_count_is_constant_whatever_the_cards(dispatcher, world):
    for i in range(3):
        triaged(world, serial=f"SN-BC-{i}")
    few = queries_for_page(dispatcher, "/console/board/")
    for i in range(3, 30):
        triaged(world, serial=f"SN-BC-{i}")
    assert WorkOrder.objects.count() == 30
    assert queries_for_page(dispatcher, "/console/board/") == few


def test_bulk_assign_reports_each_order_and_refuses_a_new_one(dispatcher, world):
    first = triaged(world, serial="SN-BULK-1")
    second = triaged(world, serial="SN-BULK-2")
    fresh = new_order(world, serial="SN-BULK-3")
    selection = [f"{o.number}:{o.version}" for o in (first, second, fresh)]
    response = dispatcher.post(
        "/console/bulk-assign/",
        {"orders": selection, "engineer": world.engineer.pk, "next": "/console/?state=triaged"},
        follow=True,
    )
    assert response.redirect_chain == [("/console/?state=triaged", 302)]
    outcome = {str(m): m.level_tag for m in response.context["messages"]}
    assert [level for text, level in outcome.items() if first.number in text] == ["success"]
    assert [level for text, level in outcome.items() if second.number in text] == ["success"]
    refusal = next(text for text in outcome if fresh.number in text)
    assert outcome[refusal] == "error" and (
        "not possible" in refusal or "不能" in refusal or "无法" in refusal
    )
    for order in (first, second):
        order.refresh_from_db()
        assert (order.state, order.assignee_id, assign_events(order)) == (
            State.ASSIGNED,
            world.engineer.pk,
            1,
        )
    fresh.refresh_from_db()
    assert (fresh.state, fresh.assignee_id, assign_events(fresh)) == (State.NEW, None, 0)


def test_bulk_assign_refuses_an_engineer_outside_the_dispatchers_points(dispatcher, world):
    order = triaged(world)
    response = dispatcher.post(
        "/console/bulk-assign/",
        {"orders": [f"{order.number}:2"], "engineer": world.other_engineer.pk},
        follow=True,
    )
    assert response.status_code == 200
    assert any(m.level_tag == "error" for m in response.context["messages"])
    assert assign_events(order) == 0


def test_bulk_assign_with_nothing_ticked_or_garbage_is_a_message_not_a_500(dispatcher, world):
    for data in ({"engineer": world.engineer.pk}, {"orders": ["nonsense"], "engineer": world.engineer.pk}):
        response = dispatcher.post("/console/bulk-assign/", data, follow=True)
        assert response.status_code == 200
        assert any(m.level_tag == "error" for m in response.context["messages"])


def test_bulk_assign_ignores_an_outside_next(dispatcher, world):
    order = triaged(world)
    response = dispatcher.post(
        "/console/bulk-assign/",
        {"orders": [f"{order.number}:2"], "engineer": world.engineer.pk, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/console/"


def test_queue_has_checkboxes_for_dispatchers_only(client, world):
    order = new_order(world)
    client.force_login(world.users[Role.DISPATCHER])
    text = client.get("/console/").text
    assert f'value="{order.number}:1" form="bulk-assign"' in text and 'id="bulk-assign"' in text
    client.force_login(world.users[Role.AGENT])
    text = client.get("/console/").text
    assert 'form="bulk-assign"' not in text and 'id="bulk-assign"' not in text


def test_board_link_in_the_nav_for_dispatchers(dispatcher, world):
    assert 'href="/console/board/"' in dispatcher.get("/console/").text


def test_queue_with_checkboxes_keeps_a_constant_query_count(dispatcher, world):
    for i in range(3):
        new_order(world, serial=f"SN-QB-{i}")
    few = queries_for_page(dispatcher, "/console/")
    for i in range(3, 30):
        new_order(world, serial=f"SN-QB-{i}")
    assert queries_for_page(dispatcher, "/console/") == few


def test_board_does_not_suggest_an_engineer_at_the_daily_job_limit(dispatcher, world):
    from fixloop.testing.i18n import shown

    assigned(world, priority="normal", serial="SN-B-FULL1")
    assigned(world, priority="normal", serial="SN-B-FULL2")
    type(world.engineer).objects.filter(pk=world.engineer.pk).update(max_jobs_per_day=2)
    ready = triaged(world, serial="SN-B-WAIT")
    response = dispatcher.get("/console/board/")
    card = next(c for col in response.context["columns"] for c in col.cards if c.order.pk == ready.pk)
    assert card.suggestion is None and card.all_fitting_full
    assert [engineer.pk for engineer, _fits, _why in card.choices] == [world.engineer.pk]  # still pickable
    assert shown("Suggested") + ":" not in response.text
    assert shown("No suggestion: every engineer with the skills has reached the daily job limit.") in (
        response.text
    )


def test_board_suggests_an_engineer_with_room(dispatcher, world):
    ready = triaged(world, serial="SN-B-ROOM")
    response = dispatcher.get("/console/board/")
    card = next(c for col in response.context["columns"] for c in col.cards if c.order.pk == ready.pk)
    assert card.suggestion is not None and card.suggestion[0].pk == world.engineer.pk
