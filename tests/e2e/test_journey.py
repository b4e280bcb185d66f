"""The whole repair across roles, in a real browser: report → triage → assign → diagnose and quote →
the first of two options declined, signed approval of the second → repair, QC, hand back → signed acceptance."""

import datetime as dt
import re
from decimal import Decimal

from playwright.sync_api import expect

from fixloop.workorders.models import Acceptance, QuoteApproval, QuoteOption, WorkOrder
from fixloop.workorders.states import State


def sign(page, form: str) -> None:
    canvas = page.locator(f"{form} canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x, y = box["x"], box["y"] + box["height"] / 2
    page.mouse.move(x + 20, y)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(x + 20 + step * 18, y + (12 if step % 2 else -12), steps=3)
    page.mouse.up()


def act(page, action: str) -> None:
    page.click(f"#action-{action} button[type=submit]")
    page.wait_for_load_state()


def open_order(page, area: str, number: str) -> None:
    page.goto(f"/{area}/orders/{number}/")


def test_full_repair_journey(session, world, screenshot):
    shot = screenshot
    purchase = (dt.date.today() - dt.timedelta(days=800)).isoformat()

    customer = session.login("customer")
    assert customer.url.endswith("/portal/")
    customer.click("a[href='/portal/report/']")
    customer.fill("#id_serial", "SN-E2E-0001")
    customer.select_option("#id_model", str(world.phone_model.pk))
    customer.fill("#id_purchase_date", purchase)
    customer.fill("#id_symptoms", "手机无法开机，充电无反应")
    customer.check("input[name=external_causes][value=drop]")
    customer.select_option("#id_service_mode", "carry_in")
    shot(customer, "portal-report")
    customer.click("main button[type=submit]")
    number = re.search(r"/portal/orders/([^/]+)/", customer.url).group(1)
    assert customer.locator(".progress li.current").count() == 1
    shot(customer, "portal-order-new")

    agent = session.login("agent")
    assert agent.url.endswith("/console/")
    assert agent.locator(f"a:text('{number}')").count() == 1
    shot(agent, "console-queue")
    open_order(agent, "console", number)
    agent.select_option("[name=triage-priority]", "high")
    agent.select_option("[name=triage-service_point_id]", str(world.centre.pk))
    act(agent, "triage")
    assert agent.locator(".messages").count() == 1

    dispatcher = session.login("dispatcher")
    open_order(dispatcher, "console", number)
    dispatcher.select_option("[name=assign-engineer_id]", str(world.engineer.pk))
    act(dispatcher, "assign")

    engineer = session.login("engineer")
    open_order(engineer, "console", number)
    engineer.fill("[name=receive_device-accessories]", "充电线")
    act(engineer, "receive_device")
    engineer.fill("[name=quote-findings]", "主板供电芯片损坏")
    engineer.select_option("[name=quote-cause]", "hardware")
    engineer.fill("[name=quote-option1_label]", "更换主板")
    engineer.fill("[name=quote-option1_lines]", "主板 | 1 | 899\nlabour: 人工 | 1.5 | 80")
    engineer.fill("[name=quote-option2_label]", "仅更换供电芯片")
    engineer.fill("[name=quote-option2_lines]", "供电芯片 | 1 | 260\nlabour: 人工 | 1 | 80")
    shot(engineer, "console-order-diagnosing")
    act(engineer, "quote")
    assert WorkOrder.objects.get(number=number).state == State.QUOTED

    customer.reload()
    assert customer.locator("#action-approve").count() == 1
    # The customer declines the first option (main board), then approves the second (power chip only).
    expect(customer.locator("#quote-option-1")).to_have_class("open")
    customer.select_option("#id_decline_option", "1")
    customer.fill("#id_decline_reason", "主板太贵，只修供电")
    customer.click("#decline-option button[type=submit]")
    expect(customer.locator("#quote-option-1")).to_have_class("declined")
    expect(customer.locator("#quote-option-1")).to_contain_text("主板太贵，只修供电")
    expect(customer.locator("#decline-option")).to_have_count(0)  # the last open option cannot be declined
    declined = QuoteOption.objects.get(quote__order__number=number, position=1)
    assert declined.declined_at is not None and declined.decline_reason == "主板太贵，只修供电"
    assert WorkOrder.objects.get(number=number).state == State.QUOTED
    shot(customer, "portal-quote-option-declined")
    customer.check("#action-approve input[name=approve-option][value='2']")
    customer.fill("[name=approve-signer_name]", "张伟")
    sign(customer, "#action-approve")
    shot(customer, "portal-quote-approval")
    act(customer, "approve")
    approval = QuoteApproval.objects.get(quote__order__number=number)
    assert approval.signature.startswith("data:image/png;base64,") and len(approval.signature) > 500
    # (260 + 80) × 1.13 tax = 384.20
    assert (approval.option.position, approval.option.total) == (2, Decimal("384.20"))
    assert customer.locator("#doc-quote").count() == 1

    engineer.reload()
    engineer.fill("[name=submit_qc-work_done]", "更换主板并测试")
    act(engineer, "submit_qc")
    for box in engineer.locator("#action-pass_qc input[type=checkbox]").all():
        box.check()
    act(engineer, "pass_qc")
    act(engineer, "hand_back")
    shot(engineer, "console-order-handed-back")

    customer.reload()
    customer.fill("[name=accept-signer_name]", "张伟")
    sign(customer, "#action-accept")
    act(customer, "accept")
    order = WorkOrder.objects.get(number=number)
    assert order.state == State.RESOLVED
    assert Acceptance.objects.get(order=order).signature.startswith("data:image/png;base64,")
    assert customer.locator(".progress li.done").count() == 7
    assert customer.locator("#doc-report").count() == 1
    shot(customer, "portal-order-resolved")
