"""The work order API through HTTP: journeys, refusals, errors, scoping, tracking, pagination."""

import datetime as dt
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from fixloop.accounts.roles import Role
from fixloop.core.models import OutboxMessage
from fixloop.demo.journeys import PATH_MODE, PATHS, PERFORMER, payload_for
from fixloop.testing.world import new_order
from fixloop.workorders.models import WorkOrder, WorkOrderEvent
from fixloop.workorders.tests.apiclient import Api

pytestmark = pytest.mark.django_db


def create_body(world, mode="carry_in", serial="SN-API-0001", in_warranty=True, **extra):
    purchase = timezone.localdate() - dt.timedelta(days=100 if in_warranty else 900)
    return {
        "service_mode": mode,
        "symptoms": "手机无法开机",
        "error_codes": "E3-01",
        "fault_frequency": "always",
        "external_causes": ["drop"],
        "device": {"serial": serial, "model_id": world.phone_model.pk, "purchase_date": purchase.isoformat()},
        **extra,
    }


@pytest.mark.parametrize("journey", list(PATHS))
def test_full_journey_through_the_api(world, journey):
    mode, in_warranty = PATH_MODE[journey]
    clients = {role: Api(world, role) for role in set(PERFORMER.values())}
    created = clients[Role.CUSTOMER].post("/orders", create_body(world, mode=mode, in_warranty=in_warranty))
    assert created.status_code == 201, created.content
    order = created.json()
    assert order["state"] == "new" and order["channel"] == "web" and order["version"] == 1
    assert order["warranty"]["status"] == ("in_warranty" if in_warranty else "out_of_warranty")
    for action in PATHS[journey]:
        db_order = WorkOrder.objects.get(number=order["number"])
        payload = payload_for(
            action, db_order, engineer_id=world.engineer.pk, service_point_id=world.centre.pk
        )
        response = clients[PERFORMER[action]].act(order["number"], order["version"], action, payload)
        assert response.status_code == 200, (action, response.content)
        order = response.json()
    assert order["state"] == "closed"
    timeline = clients[Role.CUSTOMER].get(f"/orders/{order['number']}/timeline").json()
    assert [e["action"] for e in timeline] == ["create", *PATHS[journey]]
    assert [e["version"] for e in timeline] == list(range(1, len(PATHS[journey]) + 2))


def test_refused_action_answers_409_with_allowed_actions(world):
    order = new_order(world)
    response = Api(world, Role.DISPATCHER).act(
        order.number, order.version, "assign", {"engineer_id": world.engineer.pk}
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "action_not_allowed"
    assert body["details"]["allowed_actions"] == ["triage", "cancel"]
    assert WorkOrder.objects.get(pk=order.pk).version == 1


def test_stale_version_answers_409(world):
    order = new_order(world)
    api = Api(world, Role.AGENT)
    assert api.act(order.number, 1, "triage", {"priority": "high"}).status_code == 200
    response = api.act(order.number, 1, "cancel", {"reason": "dup"})
    assert response.status_code == 409
    assert response.json()["code"] == "stale_version"
    assert WorkOrder.objects.get(pk=order.pk).state == "triaged"


def test_error_messages_follow_the_callers_language(world):
    english = Api(world, Role.AGENT, HTTP_ACCEPT_LANGUAGE="en").get("/orders/RO-20990101-0001").json()
    chinese = Api(world, Role.AGENT, HTTP_ACCEPT_LANGUAGE="zh-hans").get("/orders/RO-20990101-0001").json()
    assert english["code"] == chinese["code"] == "order_not_found"
    assert english["message"] == "Work order RO-20990101-0001 was not found."
    assert chinese["message"] != english["message"] and "RO-20990101-0001" in chinese["message"]


@pytest.mark.parametrize(
    "body,status,code",
    [
        ({"service_mode": "teleport", "symptoms": "x"}, 422, "invalid_input"),
        ({"service_mode": "remote", "symptoms": ""}, 422, "invalid_input"),
        ({"service_mode": "remote", "symptoms": "x", "kind": "repair"}, 422, "device_required"),
        (
            {"service_mode": "remote", "symptoms": "x", "device": {"serial": "NEW-SERIAL-1"}},
            422,
            "model_required",
        ),
        ({"service_mode": "remote", "symptoms": "x", "fault_since": "yesterday"}, 422, "invalid_input"),
        ({"service_mode": "remote", "symptoms": "x", "external_causes": ["aliens"]}, 422, "invalid_input"),
    ],
)
def test_bad_input_is_4xx_with_a_code_and_stores_nothing(world, body, status, code):
    response = Api(world, Role.CUSTOMER).post("/orders", body)
    assert response.status_code == status, response.content
    assert response.json()["code"] == code
    assert set(response.json()) == {"code", "message", "details"}
    assert not WorkOrder.objects.exists() and not OutboxMessage.objects.exists()


def test_malformed_json_is_400(world):
    api = Api(world, Role.AGENT)
    response = api.client.post("/api/orders", "{not json", content_type="application/json", **api.headers)
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"


def test_bad_transition_payload_is_422(world):
    order = new_order(world)
    response = Api(world, Role.AGENT).act(order.number, 1, "triage", {"priority": "sky-high"})
    assert response.status_code == 422
    assert response.json()["details"]["errors"][0]["loc"] == ["payload", "priority"]


def test_unauthenticated_is_401(world):
    from django.test import Client

    response = Client().get("/api/orders")
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"
    response = Client().get("/api/orders", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert response.status_code == 401


def test_idempotent_create_returns_the_first_order(world):
    api = Api(world, Role.AGENT)
    body = create_body(world, customer_id=world.customer.pk)
    first = api.post("/orders", body, HTTP_IDEMPOTENCY_KEY="intake-42")
    again = api.post("/orders", body, HTTP_IDEMPOTENCY_KEY="intake-42")
    assert first.status_code == again.status_code == 201
    assert first.json()["number"] == again.json()["number"]
    assert WorkOrder.objects.count() == 1 and WorkOrderEvent.objects.count() == 1
    reused = api.post("/orders", {**body, "symptoms": "different"}, HTTP_IDEMPOTENCY_KEY="intake-42")
    assert reused.status_code == 422 and reused.json()["code"] == "idempotency_key_reused"
    assert api.post("/orders", body).json()["number"] != first.json()["number"]  # no key: a new order


def test_order_numbers_are_readable_and_sequential(world):
    numbers = [new_order(world, serial=f"SN-N-{i}").number for i in range(3)]
    day = f"{timezone.localdate():%Y%m%d}"
    assert numbers == [f"RO-{day}-0001", f"RO-{day}-0002", f"RO-{day}-0003"]


def test_customers_see_only_their_own_orders(world):
    order = new_order(world)
    mine, theirs = Api(world, Role.CUSTOMER), Api(world, "other_customer")
    assert mine.get(f"/orders/{order.number}").status_code == 200
    for path in (
        f"/orders/{order.number}",
        f"/orders/{order.number}/timeline",
        f"/orders/{order.number}/quote",
    ):
        response = theirs.get(path)
        assert response.status_code == 404 and response.json()["code"] in ("order_not_found",)
    assert theirs.act(order.number, 1, "cancel", {"reason": "x"}).status_code == 404
    assert theirs.get("/orders").json()["items"] == []
    assert WorkOrder.objects.get(pk=order.pk).state == "new"


def test_partners_see_only_what_they_submitted(world):
    body = create_body(world, customer={"name": "王五", "phone": "13712345678"})
    created = Api(world, Role.PARTNER).post("/orders", body)
    assert created.status_code == 201
    number = created.json()["number"]
    assert created.json()["channel"] == "partner"
    assert created.json()["service_point"]["id"] == world.centre.pk  # the partner's default point
    assert Api(world, Role.PARTNER).get(f"/orders/{number}").status_code == 200
    assert Api(world, "other_partner").get(f"/orders/{number}").status_code == 404
    assert Api(world, "other_partner").get("/orders").json()["items"] == []
    other = new_order(world, serial="SN-NOT-PARTNER")
    assert Api(world, Role.PARTNER).get(f"/orders/{other.number}").status_code == 404


def test_staff_scoping_by_service_point_and_assignment(world):
    order = new_order(world)
    api = Api(world, Role.AGENT)
    api.act(order.number, 1, "triage", {"priority": "normal", "service_point_id": world.centre.pk})
    assert Api(world, "other_agent").get(f"/orders/{order.number}").status_code == 404
    assert Api(world, Role.AGENT).get(f"/orders/{order.number}").status_code == 200
    assert Api(world, "other_engineer").get(f"/orders/{order.number}").status_code == 404
    assert Api(world, Role.ENGINEER).get(f"/orders/{order.number}").status_code == 200
    assert Api(world, Role.MANAGER).get(f"/orders/{order.number}").status_code == 200


def test_list_filters_and_cursor_pagination(world):
    orders = [new_order(world, serial=f"SN-L-{i}") for i in range(7)]
    api = Api(world, Role.MANAGER)
    Api(world, Role.AGENT).act(orders[0].number, 1, "triage", {"priority": "urgent"})
    assert [o["number"] for o in api.get("/orders", state="triaged").json()["items"]] == [orders[0].number]
    assert [o["number"] for o in api.get("/orders", priority="urgent").json()["items"]] == [orders[0].number]
    assert len(api.get("/orders", state=["new", "triaged"]).json()["items"]) == 7
    assert [o["number"] for o in api.get("/orders", q=orders[3].number).json()["items"]] == [orders[3].number]
    assert [o["number"] for o in api.get("/orders", q="SN-L-5").json()["items"]] == [orders[5].number]
    seen, cursor = [], None
    while True:
        page = api.get("/orders", limit=3, **({"cursor": cursor} if cursor else {})).json()
        seen += [o["number"] for o in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [o.number for o in reversed(orders)]
    bad = api.get("/orders", state="bogus")
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_filter"
    assert api.get("/orders", cursor="!!!").status_code == 422


@pytest.mark.parametrize("role", [Role.MANAGER, Role.AGENT, Role.CUSTOMER, Role.ENGINEER, Role.PARTNER])
def test_order_list_runs_a_constant_number_of_queries(world, role):
    api = Api(world, role)

    def count(limit):
        with CaptureQueriesContext(connection) as ctx:
            response = api.get("/orders", limit=limit)
        assert response.status_code == 200
        return len(ctx), len(response.json()["items"])

    for i in range(4):
        new_order(world, serial=f"SN-Q-{i}")
    few = count(2)
    for i in range(4, 30):
        new_order(world, serial=f"SN-Q-{i}")
    many = count(50)
    assert few[0] == many[0] <= 2
    if role in (Role.MANAGER, Role.AGENT, Role.CUSTOMER):
        assert many[1] > few[1]


def test_public_tracking_shows_progress_without_personal_data(world, settings):
    order = new_order(world)
    from django.test import Client

    response = Client().get(f"/api/track/{order.number}", {"phone_last4": "1234"})
    assert response.status_code == 200
    body = response.json()
    text = json.dumps(body, ensure_ascii=False)
    assert body["state"] == "new" and body["steps"][0]["current"] is True
    for secret in ("张伟", "13800001234", order.symptoms, "SN-TEST-0001"):
        assert secret not in text
    assert Client().get(f"/api/track/{order.number}", {"phone_last4": "9999"}).status_code == 404
    assert Client().get("/api/track/RO-20000101-0001", {"phone_last4": "1234"}).status_code == 404


def test_public_tracking_is_rate_limited(world, settings):
    settings.FIXLOOP = {**settings.FIXLOOP, "TRACKING_RATE": "3/m"}
    from django.core.cache import cache
    from django.test import Client

    cache.clear()
    order = new_order(world)
    statuses = [
        Client().get(f"/api/track/{order.number}", {"phone_last4": "0000"}).status_code for _ in range(5)
    ]
    assert statuses[:3] == [404, 404, 404] and statuses[3:] == [429, 429]


def test_public_tracking_by_post_keeps_the_digits_out_of_the_url_and_shares_the_rate_limit(world, settings):
    settings.FIXLOOP = {**settings.FIXLOOP, "TRACKING_RATE": "3/m"}
    from django.core.cache import cache
    from django.test import Client

    cache.clear()
    order = new_order(world)
    # A public endpoint without session auth: no CSRF token is needed, even where checks are enforced.
    client = Client(enforce_csrf_checks=True)

    def post(digits):
        return client.post(f"/api/track/{order.number}", {"phone_last4": digits}, content_type="application/json")

    found = post("1234")
    assert found.status_code == 200 and found.json()["state"] == "new"
    assert "13800001234" not in found.content.decode()
    assert post("9999").json()["code"] == "order_not_found"
    # GET and POST count against the same limit, so switching method buys no extra guesses.
    assert client.get(f"/api/track/{order.number}", {"phone_last4": "0000"}).status_code == 404
    assert post("1234").status_code == 429
    missing = client.post(f"/api/track/{order.number}", {}, content_type="application/json")
    assert missing.status_code in (422, 429)


def png_bytes(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format="PNG")
    return buffer.getvalue()


def test_photo_upload_checks_type_and_size(world, settings):
    order = new_order(world)
    api = Api(world, Role.CUSTOMER)
    ok = api.client.post(
        f"/api/orders/{order.number}/attachments", {"file": _file("broken.png", png_bytes())}, **api.headers
    )
    assert ok.status_code == 201, ok.content
    assert ok.json()["content_type"] == "image/png" and ok.json()["original_name"] == "broken.png"
    fake = api.client.post(
        f"/api/orders/{order.number}/attachments",
        {"file": _file("x.png", b"#!/bin/sh\necho hi")},
        **api.headers,
    )
    assert fake.status_code == 422 and fake.json()["code"] == "file_not_image"
    settings.FIXLOOP = {**settings.FIXLOOP, "PHOTO_MAX_BYTES": 100}
    big = api.client.post(
        f"/api/orders/{order.number}/attachments",
        {"file": _file("big.png", png_bytes((64, 64)))},
        **api.headers,
    )
    assert big.status_code == 422 and big.json()["code"] == "file_too_large"
    assert len(api.get(f"/orders/{order.number}/attachments").json()) == 1
    other = Api(world, "other_customer")
    denied = other.client.post(
        f"/api/orders/{order.number}/attachments", {"file": _file("a.png", png_bytes())}, **other.headers
    )
    assert denied.status_code == 404


def _file(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="image/png")


def test_warranty_at_intake_with_its_reason(world):
    api = Api(world, Role.AGENT, HTTP_ACCEPT_LANGUAGE="en")
    inside = api.post("/orders", create_body(world, serial="SN-W-1", customer_id=world.customer.pk)).json()
    assert inside["warranty"]["status"] == "in_warranty" and inside["warranty"]["explanation"].startswith(
        "Factory warranty until"
    )
    outside = api.post(
        "/orders", create_body(world, serial="SN-W-2", in_warranty=False, customer_id=world.customer.pk)
    ).json()
    assert outside["warranty"]["status"] == "out_of_warranty"
    body = create_body(world, serial="SN-W-3", customer_id=world.customer.pk)
    body["device"].pop("purchase_date")
    unknown = api.post("/orders", body).json()
    assert unknown["warranty"]["status"] == "unknown" and unknown["warranty"]["reason"] == "no_purchase_date"


def test_repair_warranty_covers_a_repeat_fault_and_links_a_rework_order(world):
    from fixloop.workorders.tests.helpers import run

    order = run(
        world, new_order(world, mode="on_site", serial="SN-RW-1", in_warranty=False), PATHS["on_site_quoted"]
    )
    device = order.device
    device.refresh_from_db()
    assert device.repair_warranty_order_id == order.pk
    again = Api(world, Role.AGENT).post(
        "/orders", create_body(world, serial="SN-RW-1", customer_id=world.customer.pk)
    )
    assert again.json()["warranty"]["status"] == "repair_warranty"
    rework = Api(world, Role.AGENT).post(f"/orders/{order.number}/rework", {"symptoms": "同样的故障又出现了"})
    assert rework.status_code == 201
    assert (
        rework.json()["rework_of_id"] == order.pk and rework.json()["warranty"]["status"] == "repair_warranty"
    )
    device.repair_warranty_until = timezone.localdate() - dt.timedelta(days=1)
    device.save(update_fields=["repair_warranty_until"])
    expired = Api(world, Role.AGENT).post(f"/orders/{order.number}/rework", {"symptoms": "again"})
    assert expired.status_code == 409 and expired.json()["code"] == "repair_warranty_expired"


def test_openapi_and_docs_are_served(client):
    schema = client.get("/api/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/orders/{number}/transitions" in paths and "/api/track/{number}" in paths
    assert client.get("/api/docs").status_code == 200
