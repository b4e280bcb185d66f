"""The manager's dashboard on demo data (charts drawn by the vendored ECharts) and the survey link page."""

import re

import pytest

DEMO_PASSWORD = "fixloop-demo"


@pytest.fixture
def demo(transactional_db, settings):
    from fixloop.demo import loader

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    loader.load_master()
    loader.load_orders()
    loader.load_modules()


def _login(session, username, **options):
    page = session.page(**options)
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    return page


def test_dashboard_scorecards_and_quality_on_demo_data(session, demo, screenshot):
    shot = screenshot
    page = _login(session, "manager", viewport={"width": 1280, "height": 900})
    page.goto("/analytics/?start=2020-01-01")
    page.wait_for_selector("[data-chart='pareto'][data-ready='1'] svg")
    assert page.locator(".kpi").count() == 11
    assert page.locator("[data-chart] svg").count() == 5
    shot(page, "analytics-dashboard")
    page.goto("/analytics/scorecards/?start=2020-01-01")
    assert page.locator("table tbody tr").count() >= 2
    shot(page, "analytics-scorecards")
    page.goto("/analytics/quality/?start=2020-01-01")
    shot(page, "analytics-quality")
    page.goto("/complaints/")
    assert page.locator("table tbody tr").count() >= 6
    shot(page, "complaints-list")
    phone = _login(session, "manager", viewport={"width": 390, "height": 844})
    phone.goto("/analytics/?start=2020-01-01")
    phone.wait_for_selector("[data-chart='backlog_state'][data-ready='1'] svg")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, "the dashboard must fit a phone screen"
    shot(phone, "analytics-dashboard-phone")


def test_agent_is_kept_out_of_the_dashboard(session, demo):
    page = _login(session, "agent")
    page.goto("/analytics/")
    assert "/analytics/" not in page.url


def test_survey_link_answers_once(session, demo, screenshot):
    shot = screenshot
    from fixloop.surveys import services
    from fixloop.surveys.models import Survey

    survey = Survey.objects.filter(answered_at__isnull=True).select_related("order__customer").first()
    order = survey.order
    survey.delete()  # the demo's link was never shown; issue a fresh one to follow
    _survey, token = services.invite(order=order)
    page = session.page(viewport={"width": 390, "height": 844})
    page.goto(f"/surveys/s/{token}/")
    shot(page, "survey-link")
    page.click("main button[type=submit]")
    assert page.locator(".error").count() == 2
    page.check("input[name=csat][value='5']")
    page.check("input[name=nps][value='9']")
    page.fill("textarea[name=comment]", "服务很好")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert re.search("感谢|Thank you", page.content())
    shot(page, "survey-thanks")
    again = page.goto(f"/surveys/s/{token}/")
    assert again.status == 410
