"""Acting on the worker's reorder suggestions: raise the purchase or ship the transfer, once, from page or API."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from fixloop.core.errors import Conflict, Forbidden
from fixloop.parts.services import movements
from fixloop.parts.services.ledger import InsufficientStock
from fixloop.parts.stock_models import PurchaseRequest, Suggestion, Transfer
from fixloop.parts.tests.stock import balance, put
from fixloop.parts.tests.test_views import client_for
from fixloop.workorders.tests.apiclient import Api

REASONING = {"inventory_position": 1, "reorder_point": 2, "order_up_to": 4, "mean_per_period": 2.0,
             "method": "TopDown", "why": "test"}  # fmt: skip


def suggest(stock, kind="purchase", quantity=3, urgent=False, to=None, source=None) -> Suggestion:
    return Suggestion.objects.create(kind=kind, part=stock.battery, to_location=to or stock.xuhui,
                                     from_location=source, quantity=quantity, urgent=urgent, reasoning=REASONING,
                                     computed_at=timezone.now())  # fmt: skip


def test_a_purchase_suggestion_raises_a_purchase_due_after_the_lead_time_and_leaves_the_list(world, stock):
    suggestion = suggest(stock)
    made = movements.act_on_suggestion(actor=world.actor("warehouse"), suggestion_id=suggestion.pk)
    assert isinstance(made, PurchaseRequest)
    assert (made.part, made.location, made.quantity, made.supplier) == (
        stock.battery, stock.xuhui, 3, stock.supplier
    )  # fmt: skip
    assert made.expected_date == timezone.localdate() + dt.timedelta(days=10)
    assert not Suggestion.objects.exists()
    with pytest.raises(Conflict) as again:
        movements.act_on_suggestion(actor=world.actor("warehouse"), suggestion_id=suggestion.pk)
    assert again.value.code == "suggestion_gone"
    assert PurchaseRequest.objects.count() == 1


def test_a_transfer_suggestion_ships_the_units_and_an_urgent_one_is_an_emergency(world, stock):
    put(world, stock.haidian, stock.battery, 5)
    suggestion = suggest(stock, kind="transfer", quantity=2, urgent=True, source=stock.haidian)
    made = movements.act_on_suggestion(actor=world.actor("warehouse"), suggestion_id=suggestion.pk)
    assert isinstance(made, Transfer)
    assert (made.from_location, made.to_location, made.quantity, made.emergency, made.status) == (
        stock.haidian, stock.xuhui, 2, True, Transfer.Status.IN_TRANSIT
    )  # fmt: skip
    assert balance(stock.haidian, stock.battery) == (3, 0)


def test_a_transfer_whose_source_no_longer_has_the_units_changes_nothing(world, stock):
    put(world, stock.haidian, stock.battery, 1)
    suggestion = suggest(stock, kind="transfer", quantity=2, source=stock.haidian)
    with pytest.raises(InsufficientStock):
        movements.act_on_suggestion(actor=world.actor("warehouse"), suggestion_id=suggestion.pk)
    assert Suggestion.objects.filter(pk=suggestion.pk).exists()  # still listed, to act on once stock is back
    assert not Transfer.objects.exists() and balance(stock.haidian, stock.battery) == (1, 0)


@pytest.mark.parametrize("role", ["agent", "engineer", "dispatcher"])
def test_only_stock_managers_act_on_suggestions(world, stock, role):
    suggestion = suggest(stock)
    with pytest.raises(Forbidden):
        movements.act_on_suggestion(actor=world.actor(role), suggestion_id=suggestion.pk)
    assert Suggestion.objects.exists() and not PurchaseRequest.objects.exists()


def test_the_page_filters_suggestions_and_acting_returns_to_the_same_view(world, stock):
    put(world, stock.haidian, stock.battery, 5)
    buy_xuhui = suggest(stock)
    suggest(stock, to=stock.haidian, urgent=True)
    suggest(stock, kind="transfer", quantity=1, source=stock.haidian)
    client = client_for(world, "warehouse")

    def listed(query: str) -> int:
        return len(client.get(f"/parts/suggestions/{query}").context["rows"])

    assert listed("") == 3
    assert listed(f"?location={stock.xuhui.pk}") == 2
    assert listed(f"?location={stock.haidian.pk}") == 2  # where the units go, or come from
    assert listed(f"?location={stock.xuhui.pk}&kind=purchase") == 1
    assert listed("?urgent=on") == 1
    assert listed("?kind=bogus") == 3  # an invalid filter is ignored, with the error shown next to it
    query = f"?location={stock.xuhui.pk}&kind=purchase"
    page = client.get(f"/parts/suggestions/{query}").content.decode()
    assert f'action="/parts/suggestions/{buy_xuhui.pk}/act/{query.replace("&", "&amp;")}"' in page
    response = client.post(f"/parts/suggestions/{buy_xuhui.pk}/act/{query}", follow=True)
    assert response.redirect_chain == [(f"/parts/suggestions/{query}", 302)]
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success"]
    assert PurchaseRequest.objects.get().location == stock.xuhui
    again = client.post(f"/parts/suggestions/{buy_xuhui.pk}/act/", follow=True)
    assert [m.level_tag for m in get_messages(again.wsgi_request)] == ["error"]
    assert PurchaseRequest.objects.count() == 1


def test_staff_who_may_not_act_see_no_buttons(world, stock):
    suggestion = suggest(stock)
    page = client_for(world, "engineer").get("/parts/suggestions/").content.decode()
    assert f"/parts/suggestions/{suggestion.pk}/act/" not in page
    manager_page = client_for(world, "warehouse").get("/parts/suggestions/").content.decode()
    assert f"/parts/suggestions/{suggestion.pk}/act/" in manager_page


def test_suggestions_through_the_api(world, stock):
    suggestion = suggest(stock)
    suggest(stock, kind="transfer", quantity=1, source=stock.haidian)
    api = Api(world, "warehouse")
    assert [s["kind"] for s in api.get("/parts/suggestions", kind="purchase").json()] == ["purchase"]
    bad = api.get("/parts/suggestions", kind="bogus")
    assert (bad.status_code, bad.json()["code"]) == (422, "invalid_input")
    refused = Api(world, "engineer").post(f"/parts/suggestions/{suggestion.pk}/act")
    assert (refused.status_code, refused.json()["code"]) == (403, "stock_managers_only")
    made = api.post(f"/parts/suggestions/{suggestion.pk}/act")
    assert made.status_code == 201
    assert made.json() == {"kind": "purchase", "id": PurchaseRequest.objects.get().pk,
                           "expected_date": (timezone.localdate() + dt.timedelta(days=10)).isoformat()}  # fmt: skip
    again = api.post(f"/parts/suggestions/{suggestion.pk}/act")
    assert (again.status_code, again.json()["code"]) == (409, "suggestion_gone")
    assert again.json()["message"]
