"""`fixloop bench worker`: outbox messages per second for 1 and 2 `fixloop worker` processes.

Uses the configured database (set DATABASE_URL to PostgreSQL for the multi-worker figure). The
messages are `worker.probe` no-ops, so the figure is the queue's own cost: claim, handler call (one
INSERT), mark delivered.
"""

import os
import signal
import subprocess
import sys
import time
import uuid

from django.conf import settings
from django.db import connection

from fixloop.core.models import OutboxMessage
from fixloop.worker.models import QueueProbe, WorkerHeartbeat
from fixloop.worker.probes import TOPIC, enqueue_probes


def add_arguments(parser) -> None:
    parser.add_argument("--messages", type=int, default=10_000, help="messages per round")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker processes per round")
    parser.add_argument("--batch", type=int, default=100, help="messages each worker claims at a time")


def _wait(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def _round(count: int, workers: int, batch: int) -> tuple[float, dict[str, int]]:
    tag = uuid.uuid4().hex[:6]
    ids = [f"bench-{tag}-{i}" for i in range(workers)]
    env = {**os.environ, "DATABASE_URL": settings.DATABASE_URL}
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "fixloop.cli",
                "worker",
                "--no-periodic",
                "--idle",
                "0.05",
                "--batch",
                str(batch),
                "--worker-id",
                worker_id,
            ],
            env=env,
        )  # fmt: skip
        for worker_id in ids
    ]
    try:
        if not _wait(lambda: WorkerHeartbeat.objects.filter(worker_id__in=ids).count() == workers, 120):
            raise RuntimeError("workers did not start")
        first_id = (OutboxMessage.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        started = time.perf_counter()
        enqueue_probes(count)
        mine = OutboxMessage.objects.filter(topic=TOPIC, pk__gte=first_id, delivered_at__isnull=True)
        _wait(lambda: not mine.exists(), 3600)
        elapsed = time.perf_counter() - started
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(timeout=60)
    by_worker = {
        worker_id: QueueProbe.objects.filter(worker_id=worker_id, message_id__gte=first_id).count()
        for worker_id in ids
    }
    return elapsed, by_worker


def run(options, stdout) -> None:
    engine = connection.vendor
    stdout.write(f"database: {engine}; {options.messages:,} worker.probe messages per round")
    if engine != "postgresql":
        stdout.write("note: SQLite has one writer; set DATABASE_URL=postgres://… for the multi-worker figure")
    others = OutboxMessage.objects.filter(delivered_at__isnull=True, dead_at__isnull=True).exclude(
        topic=TOPIC
    )
    if others.exists():
        stdout.write(f"note: {others.count()} other undelivered messages will be delivered during the run")
    for workers in options.workers:
        elapsed, by_worker = _round(options.messages, workers, options.batch)
        split = ", ".join(str(n) for n in by_worker.values())
        stdout.write(
            f"{workers} worker(s): {options.messages:,} messages in {elapsed:.2f} s = "
            f"{options.messages / elapsed:,.0f} messages/s (per worker: {split})"
        )
    # The probes were the benchmark's own; leave the outbox as it was.
    deleted = OutboxMessage.objects.filter(topic=TOPIC, delivered_at__isnull=False).delete()[0]
    QueueProbe.objects.filter(worker_id__startswith="bench-").delete()
    stdout.write(f"cleaned up {deleted:,} probe messages")
