"""Real `fixloop worker` processes sharing one PostgreSQL queue: exactly-once under normal running,
nothing lost when one is killed."""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection
from django.db.models import Count

from fixloop.core.models import OutboxMessage
from fixloop.worker.models import QueueProbe, WorkerHeartbeat
from fixloop.worker.probes import enqueue_probes

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="several workers share a queue on PostgreSQL"
    ),
]


def database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def start_worker(worker_id: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url(), "DJANGO_SETTINGS_MODULE": "fixloop.config.settings"}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "fixloop.cli",
            "worker",
            "--worker-id",
            worker_id,
            "--no-periodic",
            "--idle",
            "0.1",
            *args,
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def wait_for(condition, timeout: float = 90.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def stop(process: subprocess.Popen) -> int:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        raise


def undelivered() -> int:
    return OutboxMessage.objects.filter(delivered_at__isnull=True).count()


def test_two_worker_processes_deliver_1000_messages_exactly_once():
    workers = [start_worker(name, "--batch", "20") for name in ("pg-a", "pg-b")]
    try:
        wait_for(lambda: WorkerHeartbeat.objects.count() == 2, what="both workers up")
        enqueue_probes(1000, sleep=0.001)
        wait_for(lambda: undelivered() == 0, what="all delivered")
    finally:
        codes = [stop(w) for w in workers]

    assert codes == [0, 0]  # SIGTERM is a graceful stop
    per_message = QueueProbe.objects.values("message_id").annotate(n=Count("id"))
    assert per_message.count() == 1000
    assert {row["n"] for row in per_message} == {1}
    by_worker = dict(QueueProbe.objects.values_list("worker_id").annotate(n=Count("id")))
    assert set(by_worker) == {"pg-a", "pg-b"} and sum(by_worker.values()) == 1000
    assert OutboxMessage.objects.filter(attempts=1, delivered_at__isnull=False).count() == 1000
    beats = WorkerHeartbeat.objects.order_by("worker_id")
    assert [b.stopped_at is not None for b in beats] == [True, True]
    assert sum(b.delivered for b in beats) == 1000


def test_a_killed_worker_loses_nothing_its_leased_work_is_finished_by_another():
    enqueue_probes(200, sleep=0.02)
    victim = start_worker("victim", "--batch", "50", "--lease", "3")
    try:
        wait_for(lambda: QueueProbe.objects.count() >= 20, what="the victim to get going")
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=10)
    finally:
        if victim.poll() is None:
            victim.kill()
    held = set(
        OutboxMessage.objects.filter(locked_by="victim", delivered_at__isnull=True).values_list(
            "id", flat=True
        )
    )
    assert held, "the victim died holding leased messages"

    rescuer = start_worker("rescuer", "--batch", "50", "--lease", "30")
    try:
        wait_for(lambda: undelivered() == 0, what="the rescuer to finish")
    finally:
        assert stop(rescuer) == 0

    assert OutboxMessage.objects.filter(delivered_at__isnull=False).count() == 200
    handled = QueueProbe.objects.values("message_id").annotate(n=Count("id"))
    assert handled.count() == 200
    # At-least-once: only the message in hand at the kill may have run twice.
    assert sum(row["n"] - 1 for row in handled) <= 1
    rescued_by = set(QueueProbe.objects.filter(message_id__in=held).values_list("worker_id", flat=True))
    assert "rescuer" in rescued_by
    assert set(OutboxMessage.objects.filter(pk__in=held).values_list("locked_by", flat=True)) == {"rescuer"}
    victim_beat = WorkerHeartbeat.objects.get(worker_id="victim")
    assert victim_beat.stopped_at is None  # killed: never said goodbye
    assert WorkerHeartbeat.objects.get(worker_id="rescuer").stopped_at is not None
