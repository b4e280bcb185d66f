"""Writing to the outbox: call inside the transaction whose change the message reports."""

from django.db import transaction

from fixloop.core.models import OutboxMessage


def enqueue(topic: str, payload: dict) -> OutboxMessage:
    """Append a message; refuses to run outside a transaction so it can never drift from its change."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("outbox.enqueue() must run inside the transaction of the change it reports")
    return OutboxMessage.objects.create(topic=topic, payload=payload)
