"""An order's conversation over the API, mounted at /api/orders/{number}/messages."""

import datetime as dt

from ninja import Router, Schema, Status
from pydantic import Field

from fixloop.conversations.models import OrderMessage
from fixloop.conversations.services import MAX_LENGTH, messages_for, post_message
from fixloop.workorders.selectors import order_get_for

router = Router(tags=["conversations"])


class MessageIn(Schema):
    body: str = Field(min_length=1, max_length=MAX_LENGTH)
    internal: bool = False


class MessageOut(Schema):
    id: int
    visibility: str
    channel: str
    author_role: str
    author_label: str
    body: str
    created_at: dt.datetime


@router.get("/{number}/messages", response=list[MessageOut], summary="An order's messages")
def list_messages(request, number: str):
    """Staff see internal notes too; customers and partners only the thread with the customer."""
    return messages_for(request.auth, order_get_for(request.auth, number))


@router.post("/{number}/messages", response={201: MessageOut}, summary="Post a message or internal note")
def create_message(request, number: str, body: MessageIn):
    message = post_message(
        request.auth, number=number, body=body.body, internal=body.internal, channel=OrderMessage.Channel.API
    )
    return Status(201, message)
