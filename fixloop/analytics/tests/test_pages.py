"""Dashboard, scorecard, quality and export pages and the API: managers only; exports readable."""

import csv
import io

import openpyxl
import pytest

from fixloop.accounts.roles import Role
from fixloop.testing.world import PASSWORD, new_order
from fixloop.workorders.tests.helpers import run

pytestmark = pytest.mark.django_db
PAGES = ["/analytics/", "/analytics/scorecards/", "/analytics/quality/", "/analytics/export/pareto.csv"]


@pytest.fixture
def orders(world):
    return [
        run(world, new_order(world, mode="remote", serial=f"SN-{i}"), ["triage", "resolve_remotely"])
        for i in range(2)
    ]


@pytest.mark.parametrize("username", ["agent", "dispatcher", "engineer", "warehouse", "customer"])
def test_only_managers_see_analytics(client, world, username):
    assert client.login(username=username, password=PASSWORD)
    for page in PAGES:
        response = client.get(page)
        assert response.status_code == 302 and not response.url.startswith("/analytics")


def test_api_refuses_non_managers(client, world):
    response = client.get("/api/analytics/kpis", **world.headers(Role.AGENT))
    assert response.status_code == 403 and response.json()["code"] == "managers_only"
    ok = client.get("/api/analytics/kpis?channel=hotline", **world.headers(Role.MANAGER))
    assert ok.status_code == 200 and ok.json()["volume"]["received"] == 0
    bad = client.get("/api/analytics/kpis?start=2026-02-01&end=2026-01-01", **world.headers(Role.MANAGER))
    assert bad.status_code == 422 and bad.json()["details"]["field"] == "end"


def test_dashboard_renders_kpis_and_chart_data(client, world, orders):
    assert client.login(username="manager", password=PASSWORD)
    page = client.get("/analytics/").content.decode()
    assert 'id="chart-data"' in page and "analytics/vendor/echarts.min.js" in page
    assert "100.0%" in page  # both orders were resolved remotely: self-service 100 %
    bad = client.get("/analytics/?start=2026-02-01&end=2026-01-01")
    assert bad.status_code == 200 and 'class="error"' in bad.content.decode()


def test_dashboard_query_count_does_not_grow_with_orders(client, world, orders):
    from fixloop.testing.queries import queries_for_page

    assert client.login(username="manager", password=PASSWORD)
    few = queries_for_page(client, "/analytics/")
    for i in range(4):
        run(world, new_order(world, mode="remote", serial=f"SN-X{i}"), ["triage", "resolve_remotely"])
    assert queries_for_page(client, "/analytics/") == few
    assert queries_for_page(client, "/analytics/scorecards/") == queries_for_page(
        client, "/analytics/scorecards/"
    )


def test_exports_csv_and_xlsx(client, world, orders):
    assert client.login(username="manager", password=PASSWORD)
    response = client.get("/analytics/export/kpis.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    remote = next(r for r in rows if r["section"] == "self_service" and r["measure"] == "remote")
    assert remote["value"] == "2"
    xlsx = client.get("/analytics/export/pareto.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[1]] == ["model", "component", "failures", "share", "cumulative"]
    assert sheet.cell(2, 3).value == 2
    assert client.get("/analytics/export/nothing.csv").status_code == 404
    assert client.get("/analytics/export/pareto.pdf").status_code == 404


def test_pages_label_rates_components_and_empty_filters(client, world, orders):
    import json
    import re

    from django.utils.html import escape

    from fixloop.analytics.components import component_label
    from fixloop.testing.i18n import shown

    order = new_order(world, mode="carry_in", serial="SN-POWER")
    type(order).objects.filter(pk=order.pk).update(fault_category="power")
    assert client.login(username="manager", password=PASSWORD)
    cards = client.get("/analytics/scorecards/").content.decode()
    assert shown("Repeat-repair rate") in cards and shown("Rework loops") in cards
    assert shown("All") in cards and "---------" not in cards
    dashboard = client.get("/analytics/").content.decode()
    charts = json.loads(re.search(r'id="chart-data"[^>]*>(.*?)</script>', dashboard, re.S).group(1))
    assert charts["pareto"]["labels"] == [f"{world.phone_model.brand} {world.phone_model.code} · "
                                          f"{component_label('power')}"]  # fmt: skip
    quality_page = client.get("/analytics/quality/").content.decode()
    assert "<td>power</td>" not in quality_page
    assert f"<td>{escape(component_label('power'))}</td>" in quality_page
