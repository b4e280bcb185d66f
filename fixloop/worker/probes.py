"""`worker.probe` messages: a no-op job that records which worker handled it (health checks, benchmarks)."""

import time

from django.db import transaction

from fixloop.core.models import OutboxMessage
from fixloop.worker.context import current_worker_id
from fixloop.worker.models import QueueProbe

TOPIC = "worker.probe"


def enqueue_probes(count: int, *, sleep: float = 0.0) -> None:
    """Queue `count` probes in one transaction; `sleep` makes each one take that long to handle."""
    with transaction.atomic():
        OutboxMessage.objects.bulk_create(
            [OutboxMessage(topic=TOPIC, payload={"sleep": sleep}) for _ in range(count)], batch_size=1000
        )


def handle_probe(message) -> None:
    sleep = float(message.payload.get("sleep") or 0)
    if sleep:
        time.sleep(sleep)
    QueueProbe.objects.create(message_id=message.pk, worker_id=current_worker_id())
