"""Public tracking, the language switch, and the portal on a 390 px phone screen."""

import datetime as dt

from fixloop.accounts.roles import Role
from fixloop.demo.journeys import payload_for
from fixloop.testing.world import new_order
from fixloop.workorders import services
from fixloop.workorders.models import QuoteApproval, WorkOrder
from fixloop.workorders.states import Action, State

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def advance(world, order, actions):
    roles = {Action.TRIAGE: Role.AGENT, Action.ASSIGN: Role.DISPATCHER}
    for action in actions:
        order.refresh_from_db()
        payload = payload_for(action, order, engineer_id=world.engineer.pk, service_point_id=world.centre.pk)
        services.TRANSITION_SERVICES[action](
            actor=world.actor(roles.get(action, Role.ENGINEER)),
            number=order.number,
            expected_version=order.version,
            **payload,
        )
    order.refresh_from_db()
    return order


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_public_tracking_page(session, world, screenshot):
    order = advance(world, new_order(world), [Action.TRIAGE, Action.ASSIGN, Action.RECEIVE_DEVICE])
    page = session.page()
    page.goto("/portal/track/")
    page.fill("#id_number", order.number)
    page.fill("#id_phone_last4", "0000")
    page.click("main button[type=submit]")
    assert page.locator(".form-errors").is_visible()
    page.fill("#id_phone_last4", "1234")
    page.click("main button[type=submit]")
    assert page.locator(".progress li.current .label").inner_text() == "检测"
    assert "phone_last4" not in page.url  # posted, not put in the address (logs, history)
    body = page.locator("main").inner_text()
    assert "张伟" not in body and "13800001234" not in body and "SN-TEST-0001" not in body
    screenshot(page, "portal-tracking")


def test_language_switch(session, world, screenshot):
    order = new_order(world)
    page = session.page()
    page.goto(f"/portal/track/?number={order.number}")  # as from the receipt's QR code: prefilled
    page.fill("#id_phone_last4", "1234")
    page.click("main button[type=submit]")
    assert page.get_attribute("html", "lang") == "zh-Hans"
    assert page.locator(".progress li.current .label").inner_text() == "受理"
    screenshot(page, "language-zh")
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "en"
    assert "/portal/track/" in page.url
    assert page.locator(".progress li.current .label").inner_text() == "Received"
    assert page.locator("h1").inner_text() == "Track a repair"
    screenshot(page, "language-en")
    page.click("button[name=language][value=zh-hans]")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "zh-Hans"
    assert page.locator(".progress li.current .label").inner_text() == "受理"


def test_portal_on_a_phone(session, world, screenshot):
    page = session.login("customer", **PHONE)
    assert page.url.endswith("/portal/") and fits_the_screen(page)
    page.goto("/portal/report/")
    page.fill("#id_serial", "SN-PHONE-0001")
    page.fill("#id_symptoms", "屏幕有绿线")
    page.click("main button[type=submit]")
    error = page.locator("#field-model .error")
    assert error.is_visible()  # a new serial needs its model, shown next to the field
    screenshot(page, "phone-report-error")
    page.select_option("#id_model", str(world.phone_model.pk))
    page.fill("#id_purchase_date", (dt.date.today() - dt.timedelta(days=30)).isoformat())
    page.click("main button[type=submit]")
    page.wait_for_url("**/portal/orders/**")
    assert fits_the_screen(page)
    screenshot(page, "phone-order")

    order = advance(
        world,
        WorkOrder.objects.get(device__serial="SN-PHONE-0001"),
        [Action.TRIAGE, Action.ASSIGN, Action.RECEIVE_DEVICE, Action.QUOTE],
    )
    page.reload()
    page.fill("[name=approve-signer_name]", "张伟")
    canvas = page.locator("#action-approve canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 10, box["y"] + 40)
    page.mouse.down()
    page.mouse.move(box["x"] + 200, box["y"] + 90, steps=10)
    page.mouse.up()
    assert fits_the_screen(page)
    screenshot(page, "phone-quote")
    page.click("#action-approve button[type=submit]")
    page.wait_for_load_state()
    order.refresh_from_db()
    assert order.state == State.REPAIRING
    assert QuoteApproval.objects.get(quote__order=order).signature.startswith("data:image/png")
    page.goto("/portal/")
    assert page.locator(f"text={order.number}").count() == 1
    screenshot(page, "phone-my-orders")
