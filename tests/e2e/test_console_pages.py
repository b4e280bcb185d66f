"""Console pages in the browser: intake with the htmx customer/device lookup, the queue's live filters."""

from playwright.sync_api import expect

from fixloop.testing.world import existing_device, new_order
from fixloop.workorders.models import WorkOrder


def test_hotline_intake_with_lookup_and_receipt(session, world, screenshot):
    existing_device(world, "SN-HOT-0001", purchase_date=None)
    agent = session.login("agent")
    agent.goto("/console/intake/")
    agent.fill("#id_phone", world.customer.phone)
    agent.fill("#id_serial", "SN-HOT-0001")
    agent.locator("#id_serial").dispatch_event("change")
    agent.wait_for_selector("#lookup .badge")
    assert "张伟" in agent.locator("#lookup").inner_text()
    agent.fill("#id_symptoms", "开机后自动重启")
    agent.select_option("#id_service_mode", "carry_in")
    screenshot(agent, "console-intake")
    agent.click("main form[method=post] button[type=submit]")
    agent.wait_for_url("**/console/orders/**")
    order = WorkOrder.objects.get(device__serial="SN-HOT-0001")
    assert order.customer == world.customer and order.channel == "hotline"
    agent.click(f"a[href='/console/orders/{order.number}/receipt/']")
    assert order.number in agent.locator("main").inner_text()
    screenshot(agent, "console-receipt")


def test_queue_filters_live_with_htmx(session, world, screenshot):
    first = new_order(world, serial="SN-LIVE-1")
    second = new_order(world, serial="SN-LIVE-2")
    agent = session.login("agent")
    assert agent.locator(f"text={first.number}").count() == 1
    agent.fill("#id_q", "SN-LIVE-2")
    # expect() polls through the driver, not eval() in the page, so the CSP stays enforced.
    expect(agent.locator("#queue-rows")).not_to_contain_text(first.number)
    assert agent.locator(f"#queue-rows >> text={second.number}").count() == 1
    assert "q=SN-LIVE-2" in agent.url


def test_engineer_jobs_on_a_phone(session, world, screenshot):
    from fixloop.accounts.roles import Role
    from fixloop.demo.journeys import payload_for
    from fixloop.workorders import services

    order = new_order(world, mode="on_site", serial="SN-ROUTE-1")
    for action, role in (("triage", Role.AGENT), ("assign", Role.DISPATCHER), ("schedule", Role.DISPATCHER)):
        order.refresh_from_db()
        payload = payload_for(action, order, engineer_id=world.engineer.pk, service_point_id=world.centre.pk)
        services.TRANSITION_SERVICES[action](
            actor=world.actor(role), number=order.number, expected_version=order.version, **payload
        )
    engineer = session.login("engineer", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    engineer.goto("/console/my-jobs/")
    assert engineer.locator(f"text={order.number}").count() == 1
    assert engineer.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(engineer, "phone-engineer-jobs")
    engineer.click(".jobs .button.primary")
    engineer.fill("[name=check_in-note]", "已到达")
    engineer.click("#action-check_in button[type=submit]")
    engineer.wait_for_load_state()
    order.refresh_from_db()
    assert order.state == "diagnosing"
