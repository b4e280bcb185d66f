"""The one masking rule on every page, document and API answer that shows a customer's phone or address.

On each surface a role without need (the warehouse, an engineer the order is not assigned to) sees the
masked values and an agent the full ones. The order is at the agent's service point, which is also the
engineer's home point, so the engineer can open it without being its assignee.
"""

import datetime as dt
import shutil
import subprocess

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone

from fixloop.accounts.roles import Role
from fixloop.aftercare.api import _task_out
from fixloop.aftercare.models import FollowUpTask
from fixloop.complaints import services as complaints
from fixloop.complaints.models import Complaint, CorrectiveAction
from fixloop.documents.context import document_context
from fixloop.documents.pdf import render_pdf
from fixloop.notifications.models import Delivery
from fixloop.privacy.masking import contact_visible
from fixloop.testing.world import new_order
from fixloop.workorders import services
from fixloop.workorders.models import WorkOrder
from fixloop.workorders.tests.helpers import advance

pytestmark = pytest.mark.django_db

PHONE, MASKED_PHONE = "13800001234", "138****1234"
ADDRESS, MASKED_ADDRESS = "上海市徐汇区漕溪北路 88 号 3 楼", "上海市徐汇区****"
MASKED_ROLES = [Role.WAREHOUSE, Role.ENGINEER]


def order_at_centre(world, *, assigned: bool = False, mode: str = "on_site") -> WorkOrder:
    """Customer A's order at the centre with a service address; assigned to the engineer or not."""
    order = new_order(world, mode=mode, address=services.NewAddress(line=ADDRESS))
    order = advance(world, order, "triage")
    if assigned:
        order = advance(world, order, "assign")
    return WorkOrder.objects.get(pk=order.pk)


def client_for(world, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def api_for(world, role: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {world.token(role)}")


def assert_masked(text: str) -> None:
    assert MASKED_PHONE in text and PHONE not in text


def assert_full(text: str) -> None:
    assert PHONE in text


# --- work orders: API and console pages --------------------------------------------------------------


@pytest.mark.parametrize("role", MASKED_ROLES)
def test_order_api_masks_phone_and_address_for_roles_without_need(world, role):
    order = order_at_centre(world)
    api = api_for(world, role)
    detail = api.get(f"/api/orders/{order.number}").json()
    assert (detail["contact_phone"], detail["service_address"]) == (MASKED_PHONE, MASKED_ADDRESS)
    [row] = [o for o in api.get("/api/orders").json()["items"] if o["number"] == order.number]
    assert (row["contact_phone"], row["service_address"]) == (MASKED_PHONE, MASKED_ADDRESS)


@pytest.mark.parametrize("role", [Role.AGENT, Role.DISPATCHER, Role.MANAGER])
def test_order_api_shows_them_in_full_to_roles_that_work_with_customers(world, role):
    order = order_at_centre(world)
    detail = api_for(world, role).get(f"/api/orders/{order.number}").json()
    assert (detail["contact_phone"], detail["service_address"]) == (PHONE, ADDRESS)


def test_the_assigned_engineer_gets_them_in_full_from_the_api_and_my_jobs(world):
    order = order_at_centre(world, assigned=True)
    detail = api_for(world, Role.ENGINEER).get(f"/api/orders/{order.number}").json()
    assert (detail["contact_phone"], detail["service_address"]) == (PHONE, ADDRESS)
    page = client_for(world, Role.ENGINEER).get("/console/my-jobs/").content.decode()
    assert f'href="tel:{PHONE}"' in page and ADDRESS in page


def test_my_jobs_masks_a_job_no_longer_assigned_to_the_engineer(world, rf):
    """The page lists the engineer's own jobs; the template applies the rule to each one all the same."""
    order = order_at_centre(world)
    request = rf.get("/console/my-jobs/")
    request.user = world.users[Role.ENGINEER]
    html = render_to_string("console/my_jobs.html", {"jobs": [order], "route": []}, request=request)
    assert_masked(html)
    assert "tel:" not in html and ADDRESS not in html and MASKED_ADDRESS in html


@pytest.mark.parametrize(
    ("role", "full"), [(Role.AGENT, True), (Role.WAREHOUSE, False), (Role.ENGINEER, False)]
)
def test_intake_receipt_and_order_page(world, role, full):
    order = order_at_centre(world)
    client = client_for(world, role)
    for url in (f"/console/orders/{order.number}/receipt/", f"/console/orders/{order.number}/"):
        page = client.get(url)
        assert page.status_code == 200, url
        (assert_full if full else assert_masked)(page.content.decode())


# --- generated documents -------------------------------------------------------------------------------


def received_order(world) -> WorkOrder:
    order = order_at_centre(world, assigned=True, mode="carry_in")
    order = advance(world, order, "receive_device")
    # Reassigned away from the world's engineer, who still sees it at their home point.
    WorkOrder.objects.filter(pk=order.pk).update(assignee=world.other_engineer)
    return WorkOrder.objects.select_related("device", "product_model").get(pk=order.pk)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
@pytest.mark.parametrize(
    ("role", "full"),
    [(Role.CUSTOMER, True), (Role.AGENT, True), (Role.WAREHOUSE, False), (Role.ENGINEER, False)],
)
def test_hand_over_receipt_pdf_is_full_for_the_customer_and_per_role_for_staff(world, tmp_path, role, full):
    order = received_order(world)
    context = document_context(world.actor(role), order, "receipt", "http://testserver/portal/track/")
    path = tmp_path / "receipt.pdf"
    path.write_bytes(render_pdf(context))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()
    assert order.number in text
    (assert_full if full else assert_masked)(text)


# --- complaints ----------------------------------------------------------------------------------------


def complaint_about(world, order) -> Complaint:
    return complaints.register_complaint(
        actor=world.actor(Role.CUSTOMER), channel="portal", subject="维修太慢", description="等了两周",
        order_numbers=[order.number],
    )  # fmt: skip


@pytest.mark.parametrize(
    ("role", "full"), [(Role.AGENT, True), (Role.WAREHOUSE, False), (Role.ENGINEER, False)]
)
def test_complaint_list_and_detail(world, role, full):
    complaint = complaint_about(world, order_at_centre(world))
    if role != Role.AGENT:  # the warehouse and engineers see complaints they own or must act on
        Complaint.objects.filter(pk=complaint.pk).update(owner=world.users[role])
    client = client_for(world, role)
    for url in ("/complaints/", f"/complaints/c/{complaint.number}/"):
        page = client.get(url)
        assert page.status_code == 200, url
        (assert_full if full else assert_masked)(page.content.decode())


def test_complaints_follow_the_service_points_of_their_orders(world):
    """Another point's agent neither lists nor opens A's complaint; a general one (no order) reaches every
    agent; a complaint someone owns reaches them wherever they work; managers see all."""
    about_order = complaint_about(world, order_at_centre(world))
    general = complaints.register_complaint(
        actor=world.actor(Role.CUSTOMER), channel="portal", subject="客服电话打不通", description="一直占线",
    )  # fmt: skip

    def listed(role):
        return {c["number"] for c in api_for(world, role).get("/api/complaints").json()}

    assert listed(Role.AGENT) == listed(Role.MANAGER) == {about_order.number, general.number}
    assert listed(Role.DISPATCHER) == {about_order.number, general.number}
    assert listed("other_agent") == {general.number}
    assert api_for(world, "other_agent").get(f"/api/complaints/{about_order.number}").status_code == 404
    assert client_for(world, "other_agent").get(f"/complaints/c/{about_order.number}/").status_code == 404
    assert listed(Role.WAREHOUSE) == set()

    Complaint.objects.filter(pk=about_order.pk).update(owner=world.users["other_agent"])
    assert listed("other_agent") == {about_order.number, general.number}
    CorrectiveAction.objects.create(
        complaint=about_order, kind="corrective", description="复核库存", owner=world.users[Role.WAREHOUSE],
        due_date=timezone.localdate() + dt.timedelta(days=3),
    )  # fmt: skip
    assert listed(Role.WAREHOUSE) == {about_order.number}


# --- follow-up calls -------------------------------------------------------------------------------------


def follow_up(world) -> FollowUpTask:
    order = order_at_centre(world)
    return FollowUpTask.objects.create(
        order=order, due_date=timezone.localdate(), assignee=world.users["agent"]
    )


def test_follow_up_list_call_page_and_api_are_full_for_the_agent(world):
    task = follow_up(world)
    client = client_for(world, Role.AGENT)
    assert_full(client.get("/aftercare/followups/").content.decode())
    call = client.get(f"/aftercare/followups/{task.pk}/").content.decode()
    assert f'href="tel:{PHONE}"' in call
    [row] = api_for(world, Role.AGENT).get("/api/aftercare/followups").json()
    assert row["phone"] == PHONE


@pytest.mark.parametrize("role", MASKED_ROLES)
def test_follow_ups_are_masked_for_roles_without_need(world, role, rf):
    """Those roles cannot open the follow-up pages at all; should that change, the pages and the API
    presenter still mask."""
    task = follow_up(world)
    assert client_for(world, role).get("/aftercare/followups/").status_code == 302
    assert api_for(world, role).get("/api/aftercare/followups").status_code == 403
    request = rf.get("/aftercare/followups/")
    request.user = world.users[role]
    html = render_to_string("aftercare/followups.html", {"tasks": [task], "today": task.due_date}, request)
    assert_masked(html)
    html = render_to_string("aftercare/followup.html", {"task": task}, request)
    assert_masked(html)
    assert "tel:" not in html
    assert _task_out(world.actor(role), task)["phone"] == MASKED_PHONE


# --- customer lookup -----------------------------------------------------------------------------------


def test_customer_lookup_matches_exact_numbers_only_company_wide(world):
    api = api_for(world, "other_agent")  # another service point: customers walk in anywhere
    [row] = api.get(f"/api/customers?phone={PHONE}").json()
    assert (row["name"], row["phone"]) == ("张伟", PHONE)
    assert api.get("/api/customers?phone=1380000").json() == []  # a prefix finds nobody
    assert api.get("/api/customers?phone=00001234").json() == []  # nor does a suffix
    assert api.get("/api/customers?phone=138 0000 1234").json()[0]["id"] == world.customer.pk


@pytest.mark.parametrize("role", MASKED_ROLES)
def test_customer_lookup_is_masked_for_roles_without_need(world, role):
    [row] = api_for(world, role).get(f"/api/customers?phone={PHONE}").json()
    assert (row["name"], row["phone"]) == ("张**", MASKED_PHONE)


# --- notification log ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "full"), [(Role.AGENT, True), (Role.WAREHOUSE, False), (Role.ENGINEER, False)]
)
def test_notification_log_recipients(world, role, full):
    order = order_at_centre(world)
    Delivery.objects.create(
        dedupe_key="t-sms", event="workorder.create", channel="sms", recipient=PHONE, language="zh-hans",
        body="…", status="retry", last_error=f"HTTP 503 for {PHONE}", order=order,
    )  # fmt: skip
    page = client_for(world, role).get("/notifications/log/").content.decode()
    (assert_full if full else assert_masked)(page)


def test_intake_lookup_names_the_customer_to_roles_that_take_requests(world):
    page = client_for(world, Role.AGENT).get(f"/console/intake/lookup/?phone={PHONE}").content.decode()
    assert "<strong>张伟</strong>" in page


@pytest.mark.parametrize("role", [Role.WAREHOUSE, Role.ENGINEER])
def test_intake_lookup_is_closed_to_roles_that_do_not_take_requests(world, role):
    response = client_for(world, role).get(f"/console/intake/lookup/?phone={PHONE}")
    assert response.status_code == 302 and "张" not in response.content.decode()


def route_to(engineer, order, date) -> None:
    """Put `order` on `engineer`'s route of the centre's day plan for `date` (not applied: unassigned)."""
    from fixloop.scheduling.models import DayPlan, PlanRoute, PlanStop

    plan, _created = DayPlan.objects.get_or_create(service_point=order.service_point, date=date)
    at = timezone.make_aware(dt.datetime.combine(date, dt.time(10)))
    route = PlanRoute.objects.create(
        plan=plan, engineer=engineer, departure=at, return_time=at + dt.timedelta(hours=4), distance_m=1000
    )
    PlanStop.objects.create(
        route=route, order=order, sequence=1, eta=at, start=at, end=at + dt.timedelta(hours=1)
    )


def test_the_engineer_todays_plan_routes_an_order_to_sees_it_in_full_before_it_is_assigned(world):
    order = order_at_centre(world)
    assert order.assignee_id is None
    route_to(world.engineer, order, timezone.localdate())
    page = client_for(world, Role.ENGINEER).get("/console/my-jobs/").content.decode()
    assert f'id="route-stop-{order.number}"' in page
    assert f'href="tel:{PHONE}"' in page and ADDRESS in page
    assert contact_visible(world.actor(Role.ENGINEER), order)
    assert not contact_visible(world.actor("other_engineer"), order)  # not on their route


def test_a_route_on_another_day_or_a_closed_order_does_not_unmask(world):
    order = order_at_centre(world)
    route_to(world.engineer, order, timezone.localdate() + dt.timedelta(days=1))
    assert not contact_visible(world.actor(Role.ENGINEER), WorkOrder.objects.get(pk=order.pk))
    route_to(world.engineer, order, timezone.localdate())
    closed = WorkOrder.objects.get(pk=order.pk)
    closed.state = "closed"
    assert not contact_visible(world.actor(Role.ENGINEER), closed)
    assert contact_visible(world.actor(Role.ENGINEER), WorkOrder.objects.get(pk=order.pk))
