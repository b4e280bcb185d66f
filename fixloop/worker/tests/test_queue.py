"""Claiming, leasing, retrying and dead-lettering outbox messages; periodic jobs once per period."""

import datetime as dt
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone

from fixloop.core import outbox
from fixloop.core.models import OutboxMessage
from fixloop.core.periodic import Periodic
from fixloop.worker import periodic, queue
from fixloop.worker.models import PeriodicRun, QueueProbe, WorkerHeartbeat
from fixloop.worker.probes import TOPIC, enqueue_probes
from fixloop.worker.runner import Worker

pytestmark = pytest.mark.django_db


def pending_ids():
    return set(OutboxMessage.objects.filter(delivered_at__isnull=True).values_list("id", flat=True))


def test_two_claims_take_disjoint_batches_and_count_the_attempt():
    enqueue_probes(5)

    first = queue.claim("w1", batch=3)
    second = queue.claim("w2", batch=3)

    assert len(first) == 3 and len(second) == 2
    assert not {m.pk for m in first} & {m.pk for m in second}
    assert queue.claim("w3", batch=3) == []
    assert {m.attempts for m in first + second} == {1}
    assert set(OutboxMessage.objects.values_list("locked_by", flat=True)) == {"w1", "w2"}


def test_an_expired_lease_is_claimed_again_and_the_old_holder_cannot_complete_it():
    enqueue_probes(1)
    [held] = queue.claim("dead-worker", batch=10, lease=dt.timedelta(seconds=30))
    later = timezone.now() + dt.timedelta(seconds=31)

    with mock.patch("django.utils.timezone.now", return_value=later):
        [again] = queue.claim("alive-worker", batch=10)

    assert again.pk == held.pk and again.attempts == 2
    assert queue.complete(held, "dead-worker") is False
    assert queue.complete(again, "alive-worker") is True
    assert OutboxMessage.objects.get(pk=held.pk).delivered_at is not None


def test_drain_calls_the_handler_once_per_message_and_marks_delivered():
    enqueue_probes(120)
    worker = Worker(worker_id="w-drain", batch=50)

    assert worker.drain() == 120

    assert pending_ids() == set()
    assert QueueProbe.objects.count() == 120
    assert QueueProbe.objects.values("message_id").distinct().count() == 120
    assert set(QueueProbe.objects.values_list("worker_id", flat=True)) == {"w-drain"}


def test_a_failing_handler_backs_off_then_dead_letters_after_max_attempts():
    with transaction.atomic():
        message = outbox.enqueue("test.boom", {})
    calls = []

    def boom(msg):
        calls.append(msg.pk)
        raise RuntimeError("gateway down")

    worker = Worker(worker_id="w-fail", max_attempts=3)
    with mock.patch("fixloop.worker.runner.handlers_for", return_value=[boom]):
        worker.drain()
        message.refresh_from_db()
        assert message.attempts == 1 and message.dead_at is None
        assert message.available_at > timezone.now()  # backoff: not claimable right now
        assert "RuntimeError: gateway down" in message.last_error
        assert worker.drain() == 0
        for _ in range(2):
            OutboxMessage.objects.filter(pk=message.pk).update(available_at=timezone.now())
            worker.drain()

    message.refresh_from_db()
    assert calls == [message.pk] * 3
    assert message.attempts == 3 and message.dead_at is not None and message.delivered_at is None
    assert queue.backlog()["dead"] == 1
    OutboxMessage.objects.filter(pk=message.pk).update(available_at=timezone.now())
    assert worker.drain() == 0  # dead letters are never claimed again

    assert queue.requeue(message.pk) == 1
    assert Worker(worker_id="w-after").drain() == 1  # no handler for test.boom now: delivered
    message.refresh_from_db()
    assert message.delivered_at is not None


def test_backoff_grows_exponentially():
    for attempt in (1, 4, 8):
        ceiling = queue.RETRY_BASE_SECONDS * 2 ** (attempt - 1)
        assert 0.75 * ceiling <= queue.retry_delay(attempt) <= ceiling
    assert queue.retry_delay(50) <= queue.RETRY_CAP_SECONDS


RUNS: list = []


def count_run(now):
    RUNS.append(now)
    return 7


def broken_job(now):
    raise ValueError("no data")


def test_a_periodic_job_runs_once_per_period_across_workers():
    RUNS.clear()
    job = Periodic("test.count", every=dt.timedelta(minutes=5), func=f"{__name__}.count_run")

    assert periodic.run_due("w1", [job]) == {"test.count": 7}
    assert periodic.run_due("w2", [job]) == {}
    assert len(RUNS) == 1
    run = PeriodicRun.objects.get(name="test.count")
    assert run.runs == 1 and run.last_result == 7 and run.locked_until is None

    later = timezone.now() + dt.timedelta(minutes=5, seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert periodic.run_due("w2", [job]) == {"test.count": 7}
        assert periodic.run_due("w1", [job]) == {}
    assert len(RUNS) == 2


def test_a_job_held_under_a_live_lease_is_not_run_by_another_worker():
    RUNS.clear()
    job = Periodic("test.count", every=dt.timedelta(minutes=5), func=f"{__name__}.count_run")
    assert periodic.claim_job(job, "w1", timezone.now())

    assert periodic.run_due("w2", [job]) == {}
    assert RUNS == []


def test_a_failing_job_is_recorded_and_retried_soon():
    job = Periodic("test.broken", every=dt.timedelta(hours=1), func=f"{__name__}.broken_job")

    assert periodic.run_due("w1", [job]) == {}

    run = PeriodicRun.objects.get(name="test.broken")
    assert run.last_error == "ValueError: no data" and run.locked_until is None
    assert run.next_run_at <= timezone.now() + periodic.RETRY_FAILED_AFTER


def test_heartbeat_row_tracks_the_worker():
    worker = Worker(worker_id="w-beat")
    worker.beat()
    enqueue_probes(3)
    worker.drain()
    worker.beat(stopped=True)

    beat = WorkerHeartbeat.objects.get(worker_id="w-beat")
    assert beat.delivered == 3 and beat.failed == 0 and beat.stopped_at is not None


def test_worker_command_once_drains_the_queue(capsys):
    from django.core.management import call_command

    enqueue_probes(4)
    call_command("worker", "--once", "--no-periodic", "--worker-id", "cmd")

    assert "claimed 4 message(s)" in capsys.readouterr().out
    assert pending_ids() == set()
    assert OutboxMessage.objects.filter(topic=TOPIC, delivered_at__isnull=False).count() == 4


def test_a_stopping_worker_hands_back_what_it_has_not_handled():
    enqueue_probes(5)
    worker = Worker(worker_id="w-stop", batch=5)
    handled = []

    def handle_then_stop(message):
        handled.append(message.pk)
        worker.stopping.set()  # SIGTERM arrives while the first message is in hand

    with mock.patch("fixloop.worker.runner.handlers_for", return_value=[handle_then_stop]):
        assert worker.run_batch() == 5

    assert len(handled) == 1
    rest = OutboxMessage.objects.filter(delivered_at__isnull=True)
    assert rest.count() == 4
    assert set(rest.values_list("attempts", flat=True)) == {0}
    assert len(queue.claim("w-next", batch=10)) == 4  # no waiting for the lease to run out
