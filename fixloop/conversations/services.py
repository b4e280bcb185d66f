"""Posting to an order's conversation. Customers see and write only the customer-visible thread."""

from django.db import transaction
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.accounts.roles import STAFF_ROLES
from fixloop.conversations.models import OrderMessage
from fixloop.core.errors import Forbidden, ValidationFailed
from fixloop.notifications.notify import notify
from fixloop.organisation.models import Engineer
from fixloop.workorders.models import WorkOrder
from fixloop.workorders.selectors import order_get_for

MAX_LENGTH = 4000


def is_staff(actor: Actor) -> bool:
    return actor.role in STAFF_ROLES


@transaction.atomic
def post_message(
    actor: Actor,
    *,
    number: str,
    body: str,
    internal: bool = False,
    channel: str = OrderMessage.Channel.WEB,
    external_id: str = "",
) -> OrderMessage:
    """Add a message (or, for staff, an internal note) to the order the actor may see."""
    order = order_get_for(actor, number)
    body = (body or "").strip()
    if not body:
        raise ValidationFailed("message_empty", _("Write a message first."), {"field": "body"})
    if len(body) > MAX_LENGTH:
        raise ValidationFailed(
            "message_too_long",
            _("A message may have at most {limit} characters.").format(limit=MAX_LENGTH),
            {"field": "body", "limit": MAX_LENGTH},
        )
    if internal and not is_staff(actor):
        raise Forbidden("internal_note_forbidden", _("Only staff may write internal notes."))
    message = OrderMessage.objects.create(
        order=order,
        visibility=OrderMessage.Visibility.INTERNAL if internal else OrderMessage.Visibility.CUSTOMER,
        channel=channel,
        author_user=actor.user,
        author_role=actor.role,
        author_label=author_label(actor),
        body=body,
        external_id=external_id,
    )
    _tell_the_other_side(actor, order, message)
    return message


def author_label(actor: Actor) -> str:
    """A display name: staff by their full name, customers by theirs, partners by code."""
    user = actor.user
    if user is not None:
        return (user.get_full_name() or user.get_username())[:150]
    return actor.label


def _tell_the_other_side(actor: Actor, order: WorkOrder, message: OrderMessage) -> None:
    context = {"number": order.number, "body": message.body[:500], "author": message.author_label}
    key = f"conversation:{message.pk}"
    if message.internal:
        return
    if is_staff(actor):
        notify(
            "order.message", order_id=order.pk, customer_id=order.customer_id, context=context, dedupe_key=key
        )
    elif order.assignee_id is not None:
        engineer_user = (
            Engineer.objects.filter(pk=order.assignee_id).values_list("user_id", flat=True).first()
        )
        notify("order.customer_message", order_id=order.pk, user_ids=[engineer_user], context=context,
               dedupe_key=key)  # fmt: skip


def messages_for(actor: Actor, order: WorkOrder) -> list[OrderMessage]:
    """The thread as the actor may see it, oldest first (one query)."""
    messages = OrderMessage.objects.filter(order=order)
    if not is_staff(actor):
        messages = messages.filter(visibility=OrderMessage.Visibility.CUSTOMER)
    return list(messages)
