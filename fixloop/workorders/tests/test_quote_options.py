"""Deciding option by option: the customer declines one option, keeps the others open, approves another."""

import pytest

from fixloop.accounts.roles import Role
from fixloop.core.errors import Conflict, Forbidden, ValidationFailed
from fixloop.core.models import OutboxMessage
from fixloop.testing.world import new_order
from fixloop.workorders.models import QuoteApproval, QuoteOption, WorkOrderEvent
from fixloop.workorders.services.quotes import decline_option
from fixloop.workorders.states import Action, State
from fixloop.workorders.tests.apiclient import Api
from fixloop.workorders.tests.helpers import advance, run

A = Action
THREE = [
    {"label": "更换主板", "lines": [{"kind": "part", "description": "主板", "unit_price": "899"}]},
    {"label": "仅更换供电芯片", "lines": [{"kind": "part", "description": "供电芯片", "unit_price": "260"}]},
    {"label": "不维修，退回", "lines": [{"kind": "inspection", "description": "检测费", "unit_price": "50"}]},
]


def quoted(world, serial="SN-OPT-1"):
    order = run(
        world, new_order(world, in_warranty=False, serial=serial), [A.TRIAGE, A.ASSIGN, A.RECEIVE_DEVICE]
    )
    return advance(world, order, A.QUOTE, options=THREE)


def decline(world, order, option, role=Role.CUSTOMER, **extra):
    fields = {"expected_version": order.version, "quote_revision": 1, "option": option, **extra}
    return decline_option(actor=world.actor(role), number=order.number, **fields)


def trail(order):
    return (WorkOrderEvent.objects.filter(order=order).count(), OutboxMessage.objects.count())


def test_declined_option_is_kept_and_another_is_approved(world):
    order = quoted(world)
    declined = decline(world, order, 1, reason="太贵了", ip="203.0.113.7")
    assert (declined.decline_reason, declined.declined_ip) == ("太贵了", "203.0.113.7")
    assert declined.declined_by == world.users[Role.CUSTOMER] and declined.declined_at is not None
    order.refresh_from_db()
    assert (order.state, order.version) == (State.QUOTED, 5)  # a record, not a transition
    event = WorkOrderEvent.objects.filter(order=order).latest("id")
    assert (event.action, event.version, event.payload["option"]) == ("decline_quote_option", None, 1)

    with pytest.raises(ValidationFailed) as refused:
        advance(world, order, A.APPROVE, option=1)
    assert refused.value.code == "option_declined" and not QuoteApproval.objects.exists()
    order = advance(world, order, A.APPROVE, option=2)
    approval = QuoteApproval.objects.get(quote__order=order)
    assert (approval.option.position, order.state) == (2, State.REPAIRING)


def test_the_last_open_option_cannot_be_declined_use_reject(world):
    order = quoted(world)
    decline(world, order, 1)
    decline(world, order, 3)
    before = trail(order)
    with pytest.raises(ValidationFailed) as refused:
        decline(world, order, 2)
    assert refused.value.code == "last_option" and trail(order) == before
    assert QuoteOption.objects.filter(quote__order=order, declined_at__isnull=True).count() == 1


@pytest.mark.parametrize(
    "role,overrides,error,code",
    [
        (Role.CUSTOMER, {"option": 9}, ValidationFailed, "option_not_found"),
        (Role.CUSTOMER, {"quote_revision": 2}, Conflict, "quote_changed"),
        (Role.CUSTOMER, {"expected_version": 1}, Conflict, "stale_version"),
        (Role.ENGINEER, {}, Forbidden, "action_forbidden"),
    ],
)
def test_bad_declines_change_nothing(world, role, overrides, error, code):
    order = quoted(world)
    before = trail(order)
    with pytest.raises(error) as refused:
        decline(world, order, overrides.pop("option", 1), role=role, **overrides)
    assert refused.value.code == code and trail(order) == before
    assert not QuoteOption.objects.filter(declined_at__isnull=False).exists()


def test_declining_twice_is_a_conflict(world):
    order = quoted(world)
    decline(world, order, 1)
    with pytest.raises(Conflict) as refused:
        decline(world, order, 1)
    assert refused.value.code == "option_already_declined"


def test_a_revised_quote_reopens_every_option(world):
    order = quoted(world)
    decline(world, order, 1)
    order = advance(world, order, A.QUOTE, options=THREE)
    assert not QuoteOption.objects.filter(quote__revision=2, declined_at__isnull=False).exists()


def test_api_decline_shows_on_the_quote(world):
    order = quoted(world)
    api = Api(world, Role.CUSTOMER)
    body = {"expected_version": order.version, "quote_revision": 1, "option": 1, "reason": "太贵了"}
    response = api.post(f"/orders/{order.number}/quote/decline-option", body)
    assert response.status_code == 200, response.content
    options = response.json()["options"]
    assert [(o["position"], o["decline_reason"], o["declined_at"] is not None) for o in options] == [
        (1, "太贵了", True), (2, "", False), (3, "", False),
    ]  # fmt: skip
    refused = api.post(f"/orders/{order.number}/quote/decline-option", {**body, "option": 9})
    assert (refused.status_code, refused.json()["code"]) == (422, "option_not_found")


def test_portal_panel_declines_an_option(client, world):
    order = quoted(world)
    client.force_login(world.users[Role.CUSTOMER])
    page = client.get(f"/portal/orders/{order.number}/")
    assert 'id="decline-option"' in page.text
    response = client.post(
        f"/documents/orders/{order.number}/quote/decline/",
        {"expected_version": order.version, "quote_revision": 1, "option": 1, "reason": "太贵了"},
    )
    assert response.status_code == 302 and response["Location"] == f"/portal/orders/{order.number}/"
    page = client.get(f"/portal/orders/{order.number}/")
    assert 'id="quote-option-1" class="declined"' in page.text and "太贵了" in page.text

    client.force_login(world.users[Role.AGENT])
    assert client.post(f"/documents/orders/{order.number}/quote/decline/", {"option": 2}).status_code == 302
    assert QuoteOption.objects.filter(declined_at__isnull=False).count() == 1


def test_the_approve_form_offers_only_the_open_options(world):
    from fixloop.web.actions import ApproveForm
    from fixloop.workorders.models import Quote

    order = quoted(world, serial="SN-OPT-FORM")
    decline(world, order, 1)
    form = ApproveForm(order=order, quote=Quote.objects.get(order=order))
    assert [value for value, _label in form.fields["option"].choices] == [2, 3]
    assert form.fields["option"].initial == 2
