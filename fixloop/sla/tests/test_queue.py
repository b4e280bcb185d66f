"""The console queue's SLA column, filter and saved view; the order page's clocks panel."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from fixloop.accounts.roles import Role
from fixloop.sla.models import Policy, Snapshot
from fixloop.sla.tests.conftest import H, sh
from fixloop.sla.urgency import badge
from fixloop.testing.queries import queries_for_page
from fixloop.testing.world import new_order
from fixloop.workorders.tests.helpers import advance


@pytest.fixture
def manager(client, world):
    client.force_login(world.users[Role.MANAGER])
    return client


def _set(order, **fields):
    Snapshot.objects.filter(order=order).update(**fields)


@pytest.fixture
def four_orders(world):
    """One order in each urgency, their snapshots placed around now (24×7 policy, no calendar)."""
    Policy.objects.create(name="24×7", first_response=4 * H, resolution=48 * H)
    now = timezone.now()
    orders = {
        name: new_order(world, serial=f"SN-U-{name}") for name in ("ok", "warning", "breached", "paused")
    }
    _set(orders["ok"], warn_at=now + 2 * H, due_at=now + 3 * H)
    _set(orders["warning"], warn_at=now - H, due_at=now + timedelta(minutes=30))
    _set(orders["breached"], warn_at=now - 3 * H, due_at=now - 2 * H)
    _set(orders["paused"], status="paused", warn_at=None, due_at=None)
    return orders


def row_of(html: str, number: str) -> str:
    return re.search(rf"<tr>(?:(?!</tr>).)*{number}(?:(?!</tr>).)*</tr>", html, re.S).group(0)


def test_sla_column_is_coloured_by_urgency(manager, four_orders):
    response = manager.get("/console/")
    html, badges = response.text, response.context["sla"]
    for urgency, order in four_orders.items():
        assert f"sla-{urgency}" in row_of(html, order.number)
        assert badges[order.pk]["urgency"] == urgency
    for name in ("ok", "warning", "breached"):  # a countdown for running clocks, none while paused
        assert badges[four_orders[name].pk]["text"] in row_of(html, four_orders[name].number)
    assert badges[four_orders["paused"].pk]["text"] == ""
    with translation.override("en"):
        now = timezone.now()
        assert badge(Snapshot.objects.get(order=four_orders["breached"]), now)["text"] == "2\xa0hours overdue"
        assert badge(Snapshot.objects.get(order=four_orders["ok"]), now)["text"].startswith(
            "due in 2\xa0hours"
        )


@pytest.mark.parametrize("urgency", ["ok", "warning", "breached", "paused"])
def test_sla_filter(manager, four_orders, urgency):
    html = manager.get("/console/", {"sla": urgency}).text
    shown = {name for name, order in four_orders.items() if order.number in html}
    assert shown == {urgency}


def test_breaching_today_saved_view(manager, world, at):
    Policy.objects.create(name="24×7", first_response=4 * H, resolution=48 * H)
    now = sh(2026, 11, 24, 15, 0)
    orders = {
        name: new_order(world, serial=f"SN-T-{name}") for name in ("later", "earlier", "tomorrow", "paused")
    }
    _set(orders["later"], due_at=sh(2026, 11, 24, 23, 30), warn_at=now)  # still to come today
    _set(
        orders["earlier"], due_at=sh(2026, 11, 24, 9, 0), warn_at=sh(2026, 11, 24, 8, 0)
    )  # breached this morning
    _set(orders["tomorrow"], due_at=sh(2026, 11, 25, 0, 30), warn_at=now)
    _set(orders["paused"], status="paused", due_at=None, warn_at=None)
    with at(now):
        response = manager.get("/console/")
        [view] = [v for v in response.context["views"] if v["query"] == "sla=today"]
        html = manager.get("/console/?" + view["query"]).text
    shown = {name for name, order in orders.items() if order.number in html}
    assert shown == {"later", "earlier"}


def test_bad_sla_filter_is_a_message_not_a_500(manager, world):
    response = manager.get("/console/", {"sla": "soon"})
    assert response.status_code == 200 and "form-errors" in response.text


def test_queue_query_count_stays_constant_with_sla_badges(manager, world):
    Policy.objects.create(name="24×7", first_response=4 * H, resolution=48 * H)
    for i in range(2):
        new_order(world, serial=f"SN-QC-{i}")
    few = queries_for_page(manager, "/console/")
    for i in range(2, 9):
        advance(world, new_order(world, serial=f"SN-QC-{i}"), "triage")
    assert queries_for_page(manager, "/console/") == few
    assert queries_for_page(manager, "/console/?sla=ok") == few


def test_order_page_shows_the_clocks_panel(manager, world):
    Policy.objects.create(name="标准 SLA", first_response=4 * H, resolution=48 * H)
    order = new_order(world)
    html = manager.get(f"/console/orders/{order.number}/").text
    assert "标准 SLA" in html and "sla-clock" in html and "<meter" in html
    assert html.count('class="sla-clock"') == 2


def test_order_page_without_a_policy_has_no_panel(manager, world):
    order = new_order(world)
    assert "sla-panel" not in manager.get(f"/console/orders/{order.number}/").text
