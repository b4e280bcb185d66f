"""Notifications in the browser: a manager edits a template, staff retry a dead letter, a customer
turns SMS off on a phone."""

import httpx
import pytest

from fixloop.notifications.models import ChannelPreference, Delivery, MessageTemplate
from fixloop.notifications.services import ensure_default_templates

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


@pytest.fixture(autouse=True)
def _warm(live_server):
    # The live server's first page imports every app's views; on a busy machine that alone can take
    # longer than a browser step's 10 s timeout.
    httpx.get(live_server.url + "/accounts/login/", timeout=120)


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_manager_edits_a_template_with_a_live_preview_and_an_error_next_to_the_field(
    session, world, screenshot
):
    ensure_default_templates()
    template = MessageTemplate.objects.get(event="order.closed", language="zh-hans")
    page = session.login("manager")
    page.goto("/notifications/templates/")
    page.click(f"a[href='/notifications/templates/{template.pk}/']")
    page.fill("#id_body", "{% if number %}没有结束标签")
    page.click("main form button[type=submit]")
    assert page.locator("#field-body .error").is_visible()
    page.fill("#id_subject", "感谢您选择飞修！工单 {{ number }} 已完结")
    page.fill("#id_body", "请为本次服务打分：{{ survey_url }}")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/notifications/templates/")
    assert "感谢您选择飞修！工单 {{ number }} 已完结" in page.locator("main").inner_text()
    template.refresh_from_db()
    assert template.body == "请为本次服务打分：{{ survey_url }}" and template.version == 2
    screenshot(page, "notifications-templates")


def test_staff_retry_a_dead_letter_from_the_log_on_a_phone(session, world, screenshot):
    delivery = Delivery.objects.create(
        dedupe_key="e2e-dead", event="order.received", channel="sms", recipient="13800001234",
        recipient_label="张伟", language="zh-hans", subject="【飞修】已收到您的报修", body="…",
        status="dead", attempts=8, last_error="HTTP 503 短信网关繁忙",
    )  # fmt: skip
    page = session.login("agent", **PHONE)
    page.goto("/notifications/log/?status=dead")
    assert "HTTP 503 短信网关繁忙" in page.locator(f"#delivery-{delivery.pk}").inner_text()
    assert fits_the_screen(page)
    screenshot(page, "notifications-log-phone")
    page.click(f"#delivery-{delivery.pk} button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".messages").is_visible()
    delivery.refresh_from_db()
    assert delivery.status == "pending"


def test_customer_turns_sms_off_on_a_phone(session, world, screenshot):
    page = session.login("customer", **PHONE)
    page.goto("/notifications/my/")
    assert fits_the_screen(page)
    page.uncheck("#id_sms")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".messages").is_visible()
    preference = ChannelPreference.objects.get(customer=world.customer)
    assert (preference.email, preference.sms) == (True, False)
    assert not page.locator("#id_sms").is_checked()
    screenshot(page, "notifications-preferences-phone")
