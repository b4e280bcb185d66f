"""Pages fit their screen: nothing wider than the viewport, no table cut off inside its scroller.

Measured with page.evaluate on plain expressions (the CSP forbids eval-based waits, not this).
"""

import pytest

from fixloop.testing.world import new_order
from fixloop.workorders.states import Action

from .test_portal_pages import PHONE, advance

# Every .table-wrap whose content is wider than itself (so partly hidden): their count.
CLIPPED_TABLES = (
    "Array.from(document.querySelectorAll('main .table-wrap'))"
    ".filter(wrap => wrap.scrollWidth > wrap.clientWidth).length"
)
QUOTED = [Action.TRIAGE, Action.ASSIGN, Action.RECEIVE_DEVICE, Action.QUOTE]


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_portal_quote_fits_a_phone(session, world, screenshot):
    order = advance(world, new_order(world), QUOTED)
    page = session.login("customer", **PHONE)
    page.goto(f"/portal/orders/{order.number}/")
    lines = page.locator(".quote-lines").first
    assert lines.is_visible()
    assert page_width(page) <= 390
    assert page.evaluate(CLIPPED_TABLES) == 0  # every column of the quote readable without scrolling
    # Stacked, each value keeps its label (the column headings are hidden on a phone).
    assert lines.locator("td[data-label]").first.get_attribute("data-label") == "数量"
    screenshot(page, "phone-portal-quote")


@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
def test_console_order_page_fits_a_phone(session, world, screenshot, locale):
    order = advance(world, new_order(world), QUOTED)
    page = session.login("manager", locale=locale, **PHONE)
    page.goto(f"/console/orders/{order.number}/")
    assert page.locator(".quote-lines").first.is_visible()
    assert page_width(page) <= 390
    assert page.evaluate(CLIPPED_TABLES) == 0
    screenshot(page, f"phone-console-order-{locale}")


@pytest.fixture
def demo(transactional_db, settings):
    """The demo company with its SLA clocks: the queue's real mix of states, devices and countdowns."""
    from fixloop.demo import loader
    from fixloop.sla import demo_data as sla_demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    loader.load_master()
    loader.load_orders(count=24)
    sla_demo.load()


def test_english_queue_fits_a_laptop_screen(session, demo, screenshot):
    from fixloop.demo.data import DEMO_PASSWORD

    page = session.page(locale="en-US", viewport={"width": 1366, "height": 800})
    page.goto("/accounts/login/")
    page.fill("#id_username", "manager")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/console/")
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("#queue-rows tbody tr").count() == 25
    assert page.locator("#queue-rows .sla-countdown").count() > 0
    assert page_width(page) <= 1366
    assert page.evaluate(CLIPPED_TABLES) == 0  # the Engineer and Created columns are on screen
    screenshot(page, "laptop-queue-en")
