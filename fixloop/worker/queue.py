"""The outbox as a queue: claim undelivered messages under a lease, then mark them delivered or failed.

Why a hand-written lease and not django-tasks-db, procrastinate or Celery: the outbox row is written in
the same transaction as the change it reports (that is the point of a transactional outbox), so it
already *is* the durable queue. A task library would add a second queue table (or a broker) that
the outbox would have to be copied into, with its own at-least-once gap between the two. What we need
on top of the row is small: a lease (`locked_by`/`locked_until`), an attempt count, a backoff time and
a dead-letter mark. Claiming is one short transaction:

- PostgreSQL: `SELECT … FOR UPDATE SKIP LOCKED` picks rows nobody else is claiming, so any number of
  workers on any number of machines take disjoint batches without waiting on each other;
- SQLite (the embedded default): one writer at a time (`transaction_mode=IMMEDIATE`), and the
  conditional UPDATE re-checks the lease, so two workers can never both win a row.

A killed worker's lease simply expires and the next claim takes the message again: nothing is lost,
and handlers are idempotent (at-least-once delivery).

The worker's own bookkeeping (claims, "delivered" and "failed" marks) commits with
`synchronous_commit = off` on PostgreSQL: handlers' writes stay fully durable, and if a database crash
loses the last bookkeeping commits, the message is simply delivered again, which at-least-once
already allows (a lost mark always comes after the handler's effects in the WAL, so it can never
claim a delivery whose effects were lost). It saves one disk flush per message.
"""

from __future__ import annotations

import datetime as dt
import random
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from fixloop.core.models import OutboxMessage

DEFAULT_LEASE = dt.timedelta(seconds=60)
MAX_ATTEMPTS = 10
RETRY_BASE_SECONDS = 5.0
RETRY_CAP_SECONDS = 3600.0


@contextmanager
def bookkeeping():
    """A transaction whose commit need not wait for the disk (see the module docstring)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        yield


def claimable(now: dt.datetime):
    """Undelivered, not dead, due, and not held under a live lease."""
    return OutboxMessage.objects.filter(
        Q(locked_until__isnull=True) | Q(locked_until__lt=now),
        delivered_at__isnull=True,
        dead_at__isnull=True,
        available_at__lte=now,
    )


def claim(worker_id: str, *, batch: int = 50, lease: dt.timedelta = DEFAULT_LEASE) -> list[OutboxMessage]:
    """Lease up to `batch` due messages to `worker_id`, oldest first; counts the attempt now.

    Counting at claim time means a message that kills every worker that touches it still reaches
    the dead letter instead of looping forever.
    """
    now = timezone.now()
    until = now + lease
    with bookkeeping():
        candidates = claimable(now).order_by("id")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.values_list("id", flat=True)[:batch])
        if not ids:
            return []
        claimable(now).filter(pk__in=ids).update(
            locked_by=worker_id, locked_until=until, attempts=F("attempts") + 1
        )
        return list(OutboxMessage.objects.filter(pk__in=ids, locked_by=worker_id, locked_until=until))


def complete(message: OutboxMessage, worker_id: str) -> bool:
    """Mark delivered; False if the lease was lost meanwhile (another worker took it over)."""
    with bookkeeping():
        return bool(
            OutboxMessage.objects.filter(
                pk=message.pk, locked_by=worker_id, delivered_at__isnull=True
            ).update(delivered_at=timezone.now(), locked_until=None, last_error="")
        )


def retry_delay(attempts: int) -> float:
    """Exponential backoff with jitter that only shortens the wait."""
    ceiling = min(RETRY_CAP_SECONDS, RETRY_BASE_SECONDS * 2.0 ** min(attempts - 1, 30))
    return ceiling * (1.0 - 0.25 * random.random())


def fail(message: OutboxMessage, worker_id: str, error: str, *, max_attempts: int = MAX_ATTEMPTS) -> bool:
    """Release with a backoff, or dead-letter after `max_attempts`; returns True if it is now dead."""
    now = timezone.now()
    dead = message.attempts >= max_attempts
    changes: dict = {"locked_until": None, "last_error": error[:4000]}
    if dead:
        changes["dead_at"] = now
    else:
        changes["available_at"] = now + dt.timedelta(seconds=retry_delay(message.attempts))
    with bookkeeping():
        OutboxMessage.objects.filter(pk=message.pk, locked_by=worker_id, delivered_at__isnull=True).update(
            **changes
        )
    return dead


def release(messages: list[OutboxMessage], worker_id: str) -> int:
    """Give back claimed messages not yet handled (graceful stop), so others need not wait for the lease."""
    with bookkeeping():
        return OutboxMessage.objects.filter(
            pk__in=[m.pk for m in messages], locked_by=worker_id, delivered_at__isnull=True
        ).update(locked_until=None, attempts=F("attempts") - 1)


def requeue(message_id: int) -> int:
    """Put a dead or failing message back in the queue now (a manager's retry); returns rows changed."""
    return OutboxMessage.objects.filter(pk=message_id, delivered_at__isnull=True).update(
        dead_at=None, attempts=0, available_at=timezone.now(), locked_until=None
    )


def backlog() -> dict[str, int]:
    """Counts for health checks: waiting, leased, dead."""
    now = timezone.now()
    pending = OutboxMessage.objects.filter(delivered_at__isnull=True, dead_at__isnull=True)
    return {
        "waiting": pending.count(),
        "leased": pending.filter(locked_until__gte=now).count(),
        "dead": OutboxMessage.objects.filter(dead_at__isnull=False).count(),
    }
