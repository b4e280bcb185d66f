"""Outbox handlers: order events and notify() requests become deliveries, sent at once."""

from __future__ import annotations

from fixloop.accounts.models import User
from fixloop.customers.models import Customer
from fixloop.notifications.events import CUSTOMER, CUSTOMER_EVENT_FOR_ACTION, audience
from fixloop.notifications.planning import plan
from fixloop.notifications.sending import send_delivery, send_pending
from fixloop.workorders.models import WorkOrder


def _order(order_id):
    if not order_id:
        return None
    return (
        WorkOrder.objects.select_related("customer", "assignee__user", "product_model")
        .filter(pk=order_id)
        .first()
    )


def on_order_event(message) -> None:
    """`workorder.<action>`: tell the customer of the key steps, and the engineer of an assignment."""
    action = message.topic.partition(".")[2]
    event = CUSTOMER_EVENT_FOR_ACTION.get(action)
    if event is None and action != "assign":
        return  # notes, photos and the like tell nobody
    order = _order(message.payload.get("order_id"))
    if order is None:
        return
    # The order event's id is unique and survives re-delivery: the base of every de-duplication key.
    base = "wo-event-{}".format(message.payload.get("event_id") or f"m{message.pk}")
    deliveries = []
    if event:
        deliveries += plan(
            event, base_key=base, order=order, customer=order.customer, outbox_message_id=message.pk
        )
    if action == "assign" and order.assignee_id:
        deliveries += plan(
            "staff.assignment",
            base_key=base,
            order=order,
            users=[order.assignee.user],
            outbox_message_id=message.pk,
        )
    send_pending(deliveries)


def on_notify(message) -> None:
    """Topic `notify` (fixloop.notifications.notify.notify): any module's request to tell people."""
    p = message.payload
    event = p["event"]
    order = _order(p.get("order_id"))
    customer = Customer.objects.filter(pk=p["customer_id"]).first() if p.get("customer_id") else None
    if customer is None and order is not None and audience(event) == CUSTOMER:
        customer = order.customer
    users = list(User.objects.filter(pk__in=p.get("user_ids") or [], is_active=True).order_by("id"))
    deliveries = plan(
        event,
        base_key=p.get("dedupe_key") or f"notify-{message.pk}",
        order=order,
        customer=customer,
        users=users,
        context=p.get("context") or {},
        outbox_message_id=message.pk,
    )
    send_pending(deliveries)


def on_send_request(message) -> None:
    """`notifications.send`: a staff member asked to try a failed delivery again."""
    send_delivery(message.payload["delivery_id"])
