"""Scheduling pages and API: roles, bad input as form/JSON errors, panels, portal booking, plan page."""

import datetime as dt

import pytest
import time_machine
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import timezone

from fixloop.accounts.roles import Role
from fixloop.privacy.masking import mask_address
from fixloop.scheduling import selectors
from fixloop.scheduling.models import DayPlan, ShiftException
from fixloop.scheduling.planning import plan_day
from fixloop.workorders.models import WorkOrderEvent
from fixloop.workorders.tests.apiclient import Api


def _client(world, role) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.users[role])
    return client


def _plan_url(sched):
    return f"/scheduling/plan/?point={sched.world.centre.pk}&date={sched.day.isoformat()}"


@pytest.mark.parametrize("role", [Role.AGENT, Role.ENGINEER, Role.CUSTOMER, Role.WAREHOUSE])
def test_plan_page_is_for_dispatchers_and_managers(sched, role):
    response = _client(sched.world, role).get(_plan_url(sched))
    assert response.status_code == 302 and "/scheduling/" not in response["Location"]


def test_plan_page_plans_and_shows_routes_with_etas_and_a_map(sched):
    w = sched.world
    order = sched.order(east_km=3)
    client = _client(w, Role.DISPATCHER)
    page = client.get(_plan_url(sched)).content.decode()
    assert "No plan for this day yet." in page
    done = client.post("/scheduling/plan/replan/", {"point": w.centre.pk, "date": sched.day.isoformat()})
    assert done.status_code == 302
    page = client.get(_plan_url(sched)).content.decode()
    assert f'id="stop-{order.number}"' in page and "ETA" in page and "<svg" in page and "<polyline" in page
    assert 'id="plan-chart-data"' in page and "analytics/vendor/echarts.min.js" in page


def test_chart_data_has_each_route_from_the_depot_and_the_visits_on_the_clock(sched):
    w = sched.world
    order = sched.order(east_km=3)
    plan_day(actor=w.actor(Role.DISPATCHER), service_point_id=w.centre.pk, date=sched.day)
    chart = selectors.chart_data(selectors.plan_view(w.centre.pk, sched.day), sched.day)
    (route,) = chart["routes"]
    assert route["home"] == (float(w.centre.longitude), float(w.centre.latitude))
    assert [s["number"] for s in route["stops"]] == [order.number]
    (row,) = chart["rows"]
    (visit,) = row["visits"]
    assert 9 * 60 <= row["span"][0] <= visit["from"] < visit["to"] <= row["span"][1] <= 18 * 60


def test_a_left_over_job_can_be_pinned_from_the_plan_page(sched):
    w = sched.world
    order = sched.order(east_km=2, located=False)
    client = _client(w, Role.DISPATCHER)
    client.post("/scheduling/plan/replan/", {"point": w.centre.pk, "date": sched.day.isoformat()})
    page = client.get(_plan_url(sched)).content.decode()
    assert f'id="leftover-{order.number}"' in page and f'id="pin-{order.number}"' in page


def test_plan_page_bad_input_is_a_form_error_and_other_points_404(sched):
    w = sched.world
    client = _client(w, Role.DISPATCHER)
    page = client.get(f"/scheduling/plan/?point={w.centre.pk}&date=31-02-2026")
    assert page.status_code == 200 and 'class="error"' in page.content.decode()
    other = client.post(
        "/scheduling/plan/replan/", {"point": w.other_centre.pk, "date": sched.day.isoformat()}
    )
    assert other.status_code == 404
    assert not DayPlan.objects.exists()


def test_sick_report_from_the_plan_page(sched):
    w = sched.world
    sched.order(east_km=1)
    client = _client(w, Role.DISPATCHER)
    target = {"point": w.centre.pk, "date": sched.day.isoformat()}
    client.post("/scheduling/plan/replan/", target)
    client.post("/scheduling/plan/sick/", {**target, "engineer": sched.second.pk})
    assert ShiftException.objects.get(engineer=sched.second, date=sched.day).kind == "sick"
    assert DayPlan.objects.get().version == 2
    assert not DayPlan.objects.get().routes.filter(engineer=sched.second).exists()


def test_suggestions_panel_on_the_order_page_and_assign_from_it(sched):
    w = sched.world
    order = sched.order(mode="carry_in")
    page = _client(w, Role.DISPATCHER).get(f"/console/orders/{order.number}/").content.decode()
    assert "Suggested engineers" in page and "jobs queued" in page
    agent_page = _client(w, Role.AGENT).get(f"/console/orders/{order.number}/").content.decode()
    assert "Suggested engineers" not in agent_page
    client = _client(w, Role.DISPATCHER)
    client.post(
        f"/scheduling/orders/{order.number}/assign/", {"engineer_id": w.engineer.pk, "version": order.version}
    )
    order.refresh_from_db()
    assert order.assignee_id == w.engineer.pk
    stale = client.post(
        f"/scheduling/orders/{order.number}/assign/", {"engineer_id": sched.second.pk, "version": 1}
    )
    assert stale.status_code == 302
    order.refresh_from_db()
    assert order.assignee_id == w.engineer.pk


def test_customer_books_a_window_in_the_portal(sched):
    w = sched.world
    order = sched.assign(sched.order(east_km=2), w.engineer)
    client = _client(w, Role.CUSTOMER)
    assert "Choose a time" in client.get(f"/portal/orders/{order.number}/").content.decode()
    url = f"/scheduling/portal/orders/{order.number}/windows/?date={sched.day.isoformat()}"
    page = client.get(url).content.decode()
    start = timezone.make_aware(dt.datetime.combine(sched.day, dt.time(10)))
    value = f"{start.isoformat()}|{(start + dt.timedelta(hours=2)).isoformat()}"
    assert value in page
    done = client.post(url, {"window": value, "version": order.version})
    assert done.status_code == 302
    order.refresh_from_db()
    assert (order.state, order.appointment_start) == ("scheduled", start)


def test_portal_refuses_garbage_and_someone_elses_order(sched):
    w = sched.world
    order = sched.assign(sched.order(east_km=2), w.engineer)
    url = f"/scheduling/portal/orders/{order.number}/windows/?date={sched.day.isoformat()}"
    page = _client(w, Role.CUSTOMER).post(url, {"window": "tomorrow|later", "version": order.version})
    assert page.status_code == 200 and "Choose one of the offered windows." in page.content.decode()
    assert _client(w, "other_customer").get(url).status_code == 404
    assert not WorkOrderEvent.objects.filter(order=order, action="schedule").exists()


def test_api_suggestions_windows_booking_and_plans(sched):
    w = sched.world
    order = sched.assign(sched.order(east_km=2), w.engineer)
    api = Api(w, Role.DISPATCHER, HTTP_ACCEPT_LANGUAGE="en")
    found = api.get(f"/scheduling/orders/{order.number}/suggestions").json()
    assert found[0]["engineer_id"] == w.engineer.pk and "1 job queued" in found[0]["explanation"]
    windows = api.get(f"/scheduling/orders/{order.number}/windows", date=sched.day.isoformat()).json()
    assert windows and all(set(x) == {"start", "end"} for x in windows)
    bad = api.get(
        f"/scheduling/orders/{order.number}/windows", date=(sched.day - dt.timedelta(days=9)).isoformat()
    )
    assert bad.status_code == 422 and bad.json()["code"] == "date_out_of_range"
    taken = api.post(
        f"/scheduling/orders/{order.number}/appointment",
        {"version": order.version, "start": sched.at(6).isoformat(), "end": sched.at(8).isoformat()},
    )
    assert taken.status_code == 422 and taken.json()["code"] == "window_unavailable"
    booked = api.post(
        f"/scheduling/orders/{order.number}/appointment", {"version": order.version, **windows[0]}
    )
    assert booked.status_code == 200 and booked.json()["state"] == "scheduled"
    plan = api.post(
        "/scheduling/plans", {"service_point_id": w.centre.pk, "date": sched.day.isoformat()}
    ).json()
    stops = [s for r in plan["routes"] for s in r["stops"]]
    assert [s["number"] for s in stops] == [order.number]
    assert api.get(f"/scheduling/plans/{w.centre.pk}/{sched.day.isoformat()}").json()["version"] == 1
    assert (
        Api(w, Role.AGENT)
        .post("/scheduling/plans", {"service_point_id": w.centre.pk, "date": sched.day.isoformat()})
        .status_code
        == 403
    )
    assert Api(w, Role.CUSTOMER).get(f"/scheduling/orders/{order.number}/suggestions").status_code == 403


def test_my_jobs_lists_todays_route_in_order_with_etas(sched):
    w = sched.world
    sched.second.is_active = False
    sched.second.save(update_fields=["is_active"])
    orders = [sched.assign(sched.order(east_km=k), w.engineer) for k in (6, 2, 4)]

    with time_machine.travel(sched.at(7), tick=False):  # "today" is the planned day, before the shift
        plan_day(actor=w.actor(Role.DISPATCHER), service_point_id=w.centre.pk, date=sched.day)
        page = _client(w, Role.ENGINEER).get("/console/my-jobs/").content.decode()
    positions = [page.index(f'id="route-stop-{o.number}"') for o in orders]
    assert positions[1] < positions[2] < positions[0]  # nearest first: 2 km, 4 km, 6 km out
    assert "ETA 09:" in page


def test_plan_page_shows_the_address_to_dispatchers_and_the_template_masks_it_for_others(sched):
    """Only dispatchers and managers reach the plan, and they need the address; the template still applies
    the masking rule (fixloop.privacy.masking) to anyone else it might be shown to."""
    w = sched.world
    sched.order(east_km=3)
    plan_day(actor=w.actor(Role.DISPATCHER), service_point_id=w.centre.pk, date=sched.day)
    line = "徐汇区漕溪北路 88 号"
    assert line in _client(w, Role.DISPATCHER).get(_plan_url(sched)).content.decode()

    request = RequestFactory().get(_plan_url(sched))
    request.user = w.users[Role.WAREHOUSE]
    view = selectors.plan_view(w.centre.pk, sched.day)
    html = render_to_string(
        "scheduling/plan.html", {"view": view, "point_id": w.centre.pk, "date": sched.day}, request=request
    )
    assert line not in html and mask_address(line) in html
