"""Asking for a notification: modules call `notify()` inside their transaction; the worker delivers.

The outbox row is the request; the notifications app turns it into messages per recipient and channel
(templates per event and language, the recipient's channel preferences, the delivery log).
"""

from fixloop.core import outbox

TOPIC = "notify"


def notify(
    event: str,
    *,
    order_id: int | None = None,
    customer_id: int | None = None,
    user_ids: tuple[int, ...] | list[int] = (),
    context: dict | None = None,
    dedupe_key: str = "",
) -> None:
    """Request that `event` (e.g. "sla.warning", "complaint.registered") be told to these recipients.

    `context` must be JSON-serialisable; templates render from it. `dedupe_key` lets a caller that
    may run twice (a periodic job) make sure the recipients hear it once.
    """
    outbox.enqueue(
        TOPIC,
        {
            "event": event,
            "order_id": order_id,
            "customer_id": customer_id,
            "user_ids": list(user_ids),
            "context": context or {},
            "dedupe_key": dedupe_key,
        },
    )
