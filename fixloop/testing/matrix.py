"""The permission-matrix world: one order, complaint and survey owned by customer A through partner A,
every role's way of calling, and what a response means (ok, 401/403/404, sent to sign in or away)."""

import datetime as dt
import io
import re
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from fixloop.accounts.roles import Role
from fixloop.complaints import services as complaints
from fixloop.customers.models import Customer
from fixloop.surveys import services as surveys
from fixloop.testing.world import World, build_world, intake
from fixloop.workorders import services as orders
from fixloop.workorders.models import WorkOrder
from fixloop.workorders.services.attachments import add_attachment

# The columns of the matrix, in order. "customer"/"partner" own the objects and the order's service point
# is the agent's and the engineer's; the "other_*" (another service point for staff) must not see them.
ROLES = (
    "anonymous",
    "customer",
    "other_customer",
    "agent",
    "other_agent",
    "dispatcher",
    "engineer",
    "other_engineer",
    "warehouse",
    "manager",
    "partner",
    "other_partner",
)
PARTNER_KEYS = {"partner": "partner_key", "other_partner": "other_partner_key"}
QUERIES = {
    "/api/track/{number}": "phone_last4=1234",
    "/api/customers": "phone=13800001234",
    "/api/kb/search": "q=手机无法开机",
    "/api/scheduling/orders/{number}/windows": "date={today}",
    "/portal/track/": "number={number}&phone_last4=1234",
}
MISSING = 999_999  # ids of objects the matrix world does not create: allowed roles must answer 404


@dataclass
class MatrixWorld:
    world: World
    order: WorkOrder
    complaint_number: str
    survey_token: str
    attachment_id: int

    def params(self, path: str) -> dict[str, str]:
        """Concrete values for a path template's parameters (`{name}` or `<conv:name>`)."""
        complaint = "complaints" in path
        survey = "surveys" in path and "/order/" not in path
        values = {
            "number": self.complaint_number if complaint else self.order.number,
            "token": self.survey_token if survey else "",
            "serial": self.order.device.serial,
            "kind": "receipt",
            "action": "investigate" if complaint else "cancel",
            "service_point_id": str(self.world.centre.pk),
            "date": timezone.localdate().isoformat(),
            "fmt": "csv",
            "report": "kpis",
            # The order's photo, behind the order's own rule; other <int:pk> rows use MISSING.
            "pk": self.attachment_id if path.startswith("/files/orders/") else None,
        }
        return values

    def url(self, path: str) -> str:
        """The concrete URL of a path template, with the query a GET needs to pass validation."""
        values = self.params(path)
        url = re.sub(r"\{(?P<name>\w+)\}|<(?:\w+:)?(?P<name2>\w+)>", lambda m: _fill(m, values), path)
        query = QUERIES.get(path, "").format(today=values["date"], number=self.order.number)
        return f"{url}?{query}" if query else url

    def client(self, role: str) -> Client:
        """A test client calling as `role`: a session for users, the X-API-Key header for partners."""
        if role in PARTNER_KEYS:
            return Client(HTTP_X_API_KEY=getattr(self.world, PARTNER_KEYS[role]))
        client = Client()
        if role != "anonymous":
            client.force_login(self.world.users[role])
        return client

    def api_client(self, role: str) -> Client:
        """Like client(), but users send a bearer token as API callers do."""
        if role in PARTNER_KEYS or role == "anonymous":
            return self.client(role)
        return Client(HTTP_AUTHORIZATION=f"Bearer {self.world.token(role)}")


def _fill(match: re.Match, values: dict) -> str:
    name = match.group("name") or match.group("name2")
    return str(values.get(name) or MISSING)


def build_matrix_world() -> MatrixWorld:
    """build_world() plus an assigned order of customer A taken in by partner A, a complaint and a survey."""
    world = build_world()
    Customer.objects.filter(pk=world.customer.pk).update(partner=world.partner)
    order, _created = orders.create_order(
        actor=world.actor(Role.PARTNER), intake=intake(world, serial="SN-MATRIX-1")
    )
    order = orders.triage(actor=world.actor(Role.AGENT), number=order.number, expected_version=order.version,
                          priority="normal")  # fmt: skip
    order = orders.assign(actor=world.actor(Role.DISPATCHER), number=order.number,
                          expected_version=order.version, engineer_id=world.engineer.pk)  # fmt: skip
    complaint = complaints.register_complaint(
        actor=world.actor(Role.CUSTOMER), channel="portal", subject="维修太慢", description="等了两周还没修好",
        order_numbers=[order.number],
    )  # fmt: skip
    _survey, token = surveys.invite(order=order, now=timezone.now() - dt.timedelta(minutes=1))
    photo = SimpleUploadedFile("fault.png", _png(), content_type="image/png")
    attachment = add_attachment(actor=world.actor(Role.CUSTOMER), number=order.number, upload=photo)
    return MatrixWorld(world=world, order=order, complaint_number=complaint.number, survey_token=token,
                       attachment_id=attachment.pk)  # fmt: skip


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def outcome(response) -> str:
    """A response as one matrix cell: ok, 401, 403, 404, login (sent to sign in) or away (sent home)."""
    if response.status_code in (301, 302, 303):
        return "login" if "/accounts/login" in response["Location"] else "away"
    if 200 <= response.status_code < 300:
        return "ok"
    return str(response.status_code)
