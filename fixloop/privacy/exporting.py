"""Everything fixloop holds about one customer, as a JSON-ready dict (the right of access).

Reads the owning apps' models directly; a fixed number of queries whatever the customer's history.
"""

import datetime as dt
from decimal import Decimal

from django.db import models
from django.utils import timezone

from fixloop.aftercare.models import MaintenancePlan
from fixloop.catalog.models import Device
from fixloop.complaints.models import Complaint
from fixloop.conversations.models import OrderMessage
from fixloop.customers.models import Customer
from fixloop.surveys.models import Survey
from fixloop.workorders.models import WorkOrder, WorkOrderEvent

FORMAT = "fixloop-personal-data/1"

PROFILE_FIELDS = ("id", "kind", "name", "phone", "email", "tier", "language", "created_at")
ADDRESS_FIELDS = ("label", "line", "district", "city", "latitude", "longitude", "is_default")
DEVICE_FIELDS = ("serial", "purchase_date", "purchase_channel", "repair_warranty_until")
ORDER_FIELDS = (
    "number", "kind", "channel", "service_mode", "state", "priority", "contact_name", "contact_phone",
    "service_address", "symptoms", "error_codes", "fault_frequency", "fault_since", "external_causes",
    "external_cause_note", "tried_steps", "warranty_status", "warranty_until", "appointment_start",
    "appointment_end", "cancel_reason", "created_at", "resolved_at", "closed_at",
)  # fmt: skip
SURVEY_FIELDS = ("created_at", "answered_at", "csat", "nps", "comment")
COMPLAINT_FIELDS = (
    "number",
    "kind",
    "channel",
    "state",
    "subject",
    "description",
    "answer",
    "created_at",
    "closed_at",
)
PLAN_FIELDS = ("contract_number", "interval_months", "next_due", "service_mode", "active")


def _value(value):
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _pick(obj: models.Model, fields) -> dict:
    return {name: _value(getattr(obj, name)) for name in fields}


def customer_export(customer: Customer) -> dict:
    """The customer's profile, login, addresses, devices, orders with timeline and messages, surveys,
    complaints and maintenance plans. Internal notes and staff-only records are left out."""
    orders = list(
        WorkOrder.objects.filter(customer=customer).select_related("product_model", "device").order_by("id")
    )
    events = _grouped(WorkOrderEvent.objects.filter(order__in=orders).order_by("id"))
    messages = _grouped(
        OrderMessage.objects.filter(order__in=orders, visibility=OrderMessage.Visibility.CUSTOMER).order_by(
            "id"
        )
    )
    user = customer.user
    return {
        "format": FORMAT,
        "generated_at": timezone.now().isoformat(),
        "profile": _pick(customer, PROFILE_FIELDS),
        "login": (
            {
                "username": user.get_username(),
                "email": user.email,
                "phone": user.phone,
                "language": user.language,
                "date_joined": _value(user.date_joined),
                "last_login": _value(user.last_login),
            }
            if user is not None
            else None
        ),  # fmt: skip
        "addresses": [_pick(a, ADDRESS_FIELDS) for a in customer.addresses.order_by("id")],
        "devices": [
            {**_pick(d, DEVICE_FIELDS), "model": str(d.model)}
            for d in Device.objects.filter(owner=customer).select_related("model").order_by("id")
        ],
        "orders": [_order(order, events.get(order.pk, []), messages.get(order.pk, [])) for order in orders],
        "surveys": [
            {"order": s.order.number, **_pick(s, SURVEY_FIELDS)}
            for s in Survey.objects.filter(customer=customer).select_related("order").order_by("id")
        ],
        "complaints": [
            _pick(c, COMPLAINT_FIELDS) for c in Complaint.objects.filter(customer=customer).order_by("id")
        ],
        "maintenance_plans": [
            _pick(p, PLAN_FIELDS) for p in MaintenancePlan.objects.filter(customer=customer).order_by("id")
        ],
    }


def _grouped(rows) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(row.order_id, []).append(row)
    return grouped


def _order(order: WorkOrder, events: list, messages: list) -> dict:
    return {
        **_pick(order, ORDER_FIELDS),
        "product_model": str(order.product_model) if order.product_model_id else None,
        "device_serial": order.device.serial if order.device_id else None,
        "timeline": [
            {
                "time": _value(e.created_at),
                "action": e.action,
                "from": e.from_state,
                "to": e.to_state,
                "by_role": e.actor_role,
            }
            for e in events
        ],  # fmt: skip
        "messages": [
            {"time": _value(m.created_at), "author_role": m.author_role, "channel": m.channel, "body": m.body}
            for m in messages
        ],
    }
