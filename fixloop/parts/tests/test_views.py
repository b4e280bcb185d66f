"""Warehouse pages through the HTTP client: who sees what, form errors next to the field, the order panel."""

import pytest
from django.test import Client

from fixloop.parts.stock_models import DefectiveReturn, StockMovement
from fixloop.parts.tests.orders import approved_order
from fixloop.parts.tests.stock import balance, put
from fixloop.testing.world import PASSWORD

PAGES = ["stock", "movements", "reservations", "transfers", "returns", "counts", "suggestions"]


def client_for(world, role: str) -> Client:
    client = Client()
    assert client.login(username=world.users[role].username, password=PASSWORD)
    return client


@pytest.mark.parametrize("page", PAGES)
def test_warehouse_pages_render(world, stock, page):
    put(world, stock.xuhui, stock.battery, 3)
    response = client_for(world, "warehouse").get(f"/parts/{'' if page == 'stock' else page + '/'}")
    assert response.status_code == 200
    assert b"<h1>" in response.content


def test_stock_page_lists_balances_and_filters(world, stock):
    put(world, stock.xuhui, stock.battery, 3)
    put(world, stock.haidian, stock.screen, 1)
    page = client_for(world, "engineer").get("/parts/", {"q": "LCD"}).content.decode()
    assert "HX-P60-LCD" in page and "HX-P60-BAT" not in page
    assert "parts/receive/" not in page  # engineers see stock but get no forms


def test_customers_are_sent_away(world, stock):
    response = client_for(world, "customer").get("/parts/")
    assert response.status_code == 302 and response.url == "/portal/"


def test_engineer_may_not_post_receipts(world, stock):
    response = client_for(world, "engineer").post(
        "/parts/receive/", {"receive-location_id": stock.xuhui.pk, "receive-part_id": stock.battery.pk,
                            "receive-quantity": 2})  # fmt: skip
    assert response.status_code == 302
    assert not StockMovement.objects.exists()


def test_adjustment_refused_by_the_ledger_shows_next_to_the_form(world, stock):
    put(world, stock.xuhui, stock.battery, 1)
    response = client_for(world, "warehouse").post(
        "/parts/adjust/", {"adjust-location_id": stock.xuhui.pk, "adjust-part_id": stock.battery.pk,
                           "adjust-delta": -5, "adjust-reason": "盘亏"})  # fmt: skip
    assert response.status_code == 200
    form = response.context["adjust_form"]
    assert form.errors["__all__"] and "HX-P60-BAT" in form.errors["__all__"][0]
    assert balance(stock.xuhui, stock.battery) == (1, 0)


def test_missing_reason_is_a_field_error(world, stock):
    response = client_for(world, "warehouse").post(
        "/parts/adjust/", {"adjust-location_id": stock.xuhui.pk, "adjust-part_id": stock.battery.pk,
                           "adjust-delta": 2, "adjust-reason": ""})  # fmt: skip
    assert "reason" in response.context["adjust_form"].errors


def test_count_page_records_and_closes(world, stock):
    put(world, stock.xuhui, stock.battery, 3)
    client = client_for(world, "warehouse")
    client.post("/parts/counts/start/", {"location_id": stock.xuhui.pk})
    from fixloop.parts.stock_models import StockCount

    count = StockCount.objects.get()
    response = client.post(f"/parts/counts/{count.pk}/", {f"part_{stock.battery.pk}": "-2"})
    assert f"part_{stock.battery.pk}" in response.context["form"].errors
    client.post(f"/parts/counts/{count.pk}/", {f"part_{stock.battery.pk}": "2", "close": "1"})
    assert balance(stock.xuhui, stock.battery) == (2, 0)


def test_order_page_panel_and_fitting_parts(world, stock, django_capture_on_commit_callbacks):
    put(world, stock.xuhui, stock.board, 1)
    order = approved_order(world, django_capture_on_commit_callbacks, [(stock.board, 1)])
    client = client_for(world, "engineer")
    page = client.get(f"/console/orders/{order.number}/").content.decode()
    assert 'id="parts"' in page and "HX-P60-MB" in page and f"/parts/orders/{order.number}/issue/" in page
    response = client.post(f"/parts/orders/{order.number}/issue/",
                           {"issue-part_id": stock.board.pk, "issue-quantity": 1, "issue-serials": "MB-1",
                            "issue-removed_serials": "OLD-1"})  # fmt: skip
    assert response.status_code == 302 and response.url.endswith("#parts")
    assert balance(stock.xuhui, stock.board) == (0, 0)
    assert DefectiveReturn.objects.get().serial == "OLD-1"
    page = client.get(f"/console/orders/{order.number}/").content.decode()
    assert "MB-1" in page and "OLD-1" in page


def test_suggestions_show_the_method_label_and_filters_say_all(world, stock):
    from django.utils import timezone

    from fixloop.parts.presenters import method_label
    from fixloop.parts.stock_models import Suggestion
    from fixloop.testing.i18n import shown

    reasoning = {"inventory_position": 0, "reorder_point": 0, "order_up_to": 1, "mean_per_period": 0.0,
                 "method": "TopDown", "why": "test"}  # fmt: skip
    Suggestion.objects.create(kind="purchase", part=stock.battery, to_location=stock.xuhui, quantity=1,
                              urgent=False, reasoning=reasoning, computed_at=timezone.now())  # fmt: skip
    client = client_for(world, "warehouse")
    page = client.get("/parts/suggestions/").content.decode()
    assert method_label("TopDown") != "TopDown" and shown(method_label("TopDown")) in page
    assert "TopDown" not in page


def test_suggestion_reasoning_is_told_in_the_readers_language(world, stock):
    from django.utils import timezone

    from fixloop.parts.presenters import method_label, spread_label
    from fixloop.parts.stock_models import Suggestion
    from fixloop.testing.i18n import shown

    reasoning = {"inventory_position": 0, "reorder_point": 1, "order_up_to": 3, "mean_per_period": 0.8,
                 "method": "Pooled", "error_model": "shrunk", "nominal_fill_rate": 0.97, "service_level": 0.95,
                 "rehearsed": True, "lead_time_months": 1, "why": "English words from the planner"}  # fmt: skip
    Suggestion.objects.create(kind="purchase", part=stock.battery, to_location=stock.xuhui, quantity=3,
                              urgent=False, reasoning=reasoning, computed_at=timezone.now())  # fmt: skip
    client = client_for(world, "warehouse")
    page = client.get("/parts/suggestions/").content.decode()
    assert shown(method_label("Pooled")) in page and shown(spread_label("shrunk")) in page
    assert "97%" in page and "95%" in page
    assert "English words from the planner" not in page and "shrunk" not in page
    stock_page = client.get("/parts/").content.decode()
    # The location filter's empty choice (the entry forms below keep Django's placeholder for required picks).
    assert f'<option value="" selected>{shown("All")}</option>' in stock_page
