"""Quote, costs and documents over the API: permissions, bad input as JSON errors, concurrent approvals."""

import threading

import pytest
from django.db import connection, connections

from fixloop.accounts.roles import Role
from fixloop.core.errors import Conflict
from fixloop.core.models import OutboxMessage
from fixloop.demo.journeys import payload_for
from fixloop.testing.world import build_world, new_order
from fixloop.workorders import services
from fixloop.workorders.models import Quote, QuoteApproval, WorkOrder, WorkOrderEvent
from fixloop.workorders.states import Action
from fixloop.workorders.tests import factories
from fixloop.workorders.tests.apiclient import Api
from fixloop.workorders.tests.helpers import advance, run

A = Action


def quoted(world, **overrides):
    order = run(world, new_order(world, in_warranty=False), [A.TRIAGE, A.ASSIGN, A.RECEIVE_DEVICE])
    return advance(world, order, A.QUOTE, **overrides)


def test_engineer_quotes_with_catalogue_lines_and_the_customer_reads_them(world):
    part, skill = factories.part(), factories.skill()
    order = run(world, new_order(world, in_warranty=False), [A.TRIAGE, A.ASSIGN, A.RECEIVE_DEVICE])
    payload = {
        "findings": "电池鼓包", "cause": "hardware", "fault_point": "电池", "labour_hours": "1",
        "tax_rate": "0.13",
        "options": [{"label": "换电池", "lines": [
            {"kind": "part", "part_id": part.pk}, {"kind": "labour", "skill_id": skill.pk, "quantity": "1"},
        ]}],
    }  # fmt: skip
    response = Api(world, Role.ENGINEER).act(order.number, order.version, "quote", payload)
    assert response.status_code == 200, response.content
    body = Api(world, Role.CUSTOMER).get(f"/orders/{order.number}/quote").json()
    option = body["options"][0]
    assert (option["subtotal"], option["tax"], option["total"]) == ("270.00", "35.10", "305.10")
    assert [(li["part_id"], li["payer"], li["customer_amount"]) for li in option["lines"]] == [
        (part.pk, "customer", "150.00"), (None, "customer", "120.00"),
    ]  # fmt: skip
    assert body["diagnosis"]["fault_point"] == "电池" and body["tax_rate"] == "0.1300"


@pytest.mark.parametrize(
    "change,code",
    [
        ({"options": [{"label": "x", "lines": [{"description": "x", "unit_price": "-5"}]}]}, "invalid_input"),
        ({"tax_rate": "2"}, "invalid_input"),
        ({"labour_hours": "lots"}, "invalid_input"),
        ({"options": [{"label": "x", "lines": [{"kind": "part", "part_id": 424242}]}]}, "part_not_found"),
    ],
)
def test_bad_quotes_are_json_errors_and_store_nothing(world, change, code):
    order = run(world, new_order(world, in_warranty=False), [A.TRIAGE, A.ASSIGN, A.RECEIVE_DEVICE])
    payload = {**payload_for(A.QUOTE, order, engineer_id=world.engineer.pk, service_point_id=1), **change}
    events, outbox = WorkOrderEvent.objects.count(), OutboxMessage.objects.count()
    response = Api(world, Role.ENGINEER).act(order.number, order.version, "quote", payload)
    assert response.status_code == 422
    assert set(response.json()) == {"code", "message", "details"} and response.json()["code"] == code
    assert (WorkOrderEvent.objects.count(), OutboxMessage.objects.count()) == (events, outbox)
    assert not Quote.objects.exists()


def test_a_held_quote_is_hidden_from_the_customer_until_a_manager_releases_it(world, settings):
    settings.FIXLOOP = {**settings.FIXLOOP, "QUOTE_INTERNAL_APPROVAL_ABOVE": "100"}
    order = quoted(world)
    customer, manager = Api(world, Role.CUSTOMER), Api(world, Role.MANAGER)
    assert customer.get(f"/orders/{order.number}/quote").json()["code"] == "quote_not_found"
    assert manager.get(f"/orders/{order.number}/quote").json()["status"] == "internal"
    approve = payload_for(A.APPROVE, order, engineer_id=0, service_point_id=0)
    refused = customer.act(order.number, order.version, "approve", approve)
    assert (refused.status_code, refused.json()["code"]) == (409, "quote_awaiting_internal_approval")

    path = f"/orders/{order.number}/quote/internal-approval"
    denied = Api(world, Role.ENGINEER).post(path, {"quote_revision": 1})
    assert (denied.status_code, denied.json()["code"]) == (403, "manager_only")
    assert manager.post(path, {"quote_revision": 0}).status_code == 422
    released = manager.post(path, {"quote_revision": 1})
    assert released.status_code == 200 and released.json()["status"] == "pending"
    assert manager.post(path, {"quote_revision": 1}).status_code == 409
    assert customer.act(order.number, order.version, "approve", approve).status_code == 200


def test_costs_are_for_managers(world):
    order = advance(world, quoted(world), A.APPROVE)
    body = Api(world, Role.MANAGER).get(f"/orders/{order.number}/costs").json()
    # The demo quote: 899 part booked at its price (no catalogue cost), 1.5 h labour × 50.
    assert (body["parts"], body["labour"], body["cost"], body["revenue"]) == (
        "899.00",
        "75.00",
        "974.00",
        "1019.00",
    )
    for role in (Role.ENGINEER, Role.CUSTOMER):
        response = Api(world, role).get(f"/orders/{order.number}/costs")
        assert (response.status_code, response.json()["code"]) == (403, "costs_forbidden")
    other = build_other_customer_view(world, order)
    assert other.status_code == 404


def build_other_customer_view(world, order):
    WorkOrder.objects.filter(pk=order.pk).update(customer=world.other_customer)
    return Api(world, Role.CUSTOMER).get(f"/orders/{order.number}/costs")


def test_documents_follow_the_orders_visibility(world):
    order = quoted(world)
    response = Api(world, Role.CUSTOMER).get(f"/orders/{order.number}/documents/quote.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    missing = Api(world, Role.CUSTOMER).get(f"/orders/{order.number}/documents/report.pdf")
    assert (missing.status_code, missing.json()["code"]) == (404, "document_not_available")
    assert Api(world, Role.CUSTOMER).get(f"/orders/{order.number}/documents/bogus.pdf").status_code == 404
    WorkOrder.objects.filter(pk=order.pk).update(customer=world.other_customer)
    hidden = Api(world, Role.CUSTOMER).get(f"/orders/{order.number}/documents/quote.pdf")
    assert (hidden.status_code, hidden.json()["code"]) == (404, "order_not_found")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is checked on PostgreSQL")
def test_two_approvals_of_the_same_revision_one_wins():
    world = build_world()
    order = quoted(world)
    barrier = threading.Barrier(2)
    results: list = [None, None]
    payload = payload_for(A.APPROVE, order, engineer_id=0, service_point_id=0)

    def approve(i):
        actor = world.actor(Role.CUSTOMER if i == 0 else Role.AGENT)
        try:
            barrier.wait()
            results[i] = services.TRANSITION_SERVICES[A.APPROVE](
                actor=actor,
                number=order.number,
                expected_version=order.version,
                **{**payload, "option": i + 1},
            )
        except Exception as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    winners = [r for r in results if isinstance(r, WorkOrder)]
    assert len(winners) == 1 and sum(isinstance(r, Conflict) for r in results) == 1, results
    winner = next(i for i, r in enumerate(results) if isinstance(r, WorkOrder))
    approval = QuoteApproval.objects.get(quote__order=order)
    assert approval.option.position == winner + 1
    assert WorkOrderEvent.objects.filter(order=order, action="approve").count() == 1
