"""The dispatcher's day plan in a browser: plan, route plot and timeline (vendored ECharts), pin, re-plan."""

from playwright.sync_api import expect

from fixloop.scheduling.tests.conftest import sched  # noqa: F401 (the scheduling fixture)
from fixloop.testing.world import PASSWORD


def test_dispatcher_plans_the_day_sees_routes_and_pins_a_job(session, sched, screenshot):  # noqa: F811
    w = sched.world
    phone = sched.order(east_km=3)  # only the expert engineer is skilled enough
    washer = sched.order(north_km=4, model=sched.washer_model)  # only the second engineer fits
    sched.book(sched.assign(washer, sched.second), start=sched.at(14).time(), end=sched.at(16).time())
    page = session.page(locale="en-GB", viewport={"width": 1280, "height": 1000})
    page.set_default_timeout(30_000)  # a solve and a busy machine: more than the default 10 s
    page.goto("/accounts/login/")
    page.fill("#id_username", "dispatcher")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"/scheduling/plan/?point={w.centre.pk}&date={sched.day.isoformat()}")
    expect(page.locator("#replan")).to_be_visible()
    page.click("#replan")
    expect(page.locator(f"#route-{w.engineer.pk} #stop-{phone.number}")).to_be_visible()
    expect(page.locator(f"#route-{sched.second.pk} #stop-{washer.number}")).to_contain_text("ETA")
    expect(page.locator("[data-plan-chart='map'][data-ready='1'] svg")).to_have_count(1)
    expect(page.locator("[data-plan-chart='timeline'][data-ready='1'] svg")).to_have_count(1)
    expect(page.locator("#plan-svg-map")).to_be_hidden()  # the no-script fallback gives way
    screenshot(page, "scheduling-day-plan")

    stop = page.locator(f"#stop-{phone.number}")
    stop.locator("select[name=engineer]").select_option(str(w.engineer.pk))
    stop.locator("button[type=submit]").click()
    expect(page.locator("body")).to_contain_text("Pin saved; re-plan to apply it.")
    page.click("#replan")
    expect(page.locator("#plan-facts")).to_contain_text("Version 2")
    expect(page.locator(f"#route-{w.engineer.pk} #stop-{phone.number}")).to_be_visible()
    expect(page.locator(f"#route-{sched.second.pk} #stop-{washer.number}")).to_be_visible()
