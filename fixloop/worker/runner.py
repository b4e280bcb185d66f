"""The worker loop: claim outbox messages, call their handlers, run periodic jobs, beat the heart."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
import traceback
import uuid
from dataclasses import dataclass, field

from django.db import close_old_connections, connection
from django.db.models import F
from django.utils import timezone

from fixloop.core.handlers import handlers_for
from fixloop.core.models import OutboxMessage
from fixloop.worker import periodic, queue
from fixloop.worker.context import set_worker_id
from fixloop.worker.models import WorkerHeartbeat

log = logging.getLogger(__name__)

HEARTBEAT_EVERY = 5.0
PERIODIC_EVERY = 5.0


def new_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass
class Worker:
    """One process's worth of work; `concurrency` threads each claim and deliver their own batches."""

    worker_id: str = field(default_factory=new_worker_id)
    batch: int = 50
    concurrency: int = 1
    lease: dt.timedelta = queue.DEFAULT_LEASE
    max_attempts: int = queue.MAX_ATTEMPTS
    idle_sleep: float = 1.0
    run_periodic: bool = True
    stopping: threading.Event = field(default_factory=threading.Event)
    _counts: dict = field(default_factory=lambda: {"delivered": 0, "failed": 0})
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # --- one message, one batch -------------------------------------------------------------
    def deliver(self, message: OutboxMessage) -> bool:
        """Call every handler for the message; True if all succeeded and the message is delivered."""
        try:
            for handler in handlers_for(message.topic):
                handler(message)
        except Exception as exc:
            error = "".join(traceback.format_exception_only(exc)).strip()
            dead = queue.fail(message, self.worker_id, error, max_attempts=self.max_attempts)
            log.warning(
                "outbox #%s %s failed (attempt %s%s): %s",
                message.pk,
                message.topic,
                message.attempts,
                ", dead" if dead else "",
                error,
            )
            self._count("failed")
            return False
        queue.complete(message, self.worker_id)
        self._count("delivered")
        return True

    def run_batch(self) -> int:
        """Claim one batch and deliver it; returns how many messages were claimed."""
        messages = queue.claim(self.worker_id, batch=self.batch, lease=self.lease)
        for index, message in enumerate(messages):
            if self.stopping.is_set():
                queue.release(messages[index:], self.worker_id)  # stopping: hand the rest back at once
                break
            self.deliver(message)
        return len(messages)

    def drain(self) -> int:
        """Deliver until nothing is claimable (used by --once and tests); returns messages claimed."""
        set_worker_id(self.worker_id)
        total = 0
        while not self.stopping.is_set():
            claimed = self.run_batch()
            if not claimed:
                break
            total += claimed
        return total

    def drain_threads(self) -> int:
        """`drain()` in `concurrency` threads at once (each with its own database connection)."""
        if self.concurrency == 1:
            return self.drain()
        totals: list[int] = []

        def work() -> None:
            try:
                totals.append(self.drain())
            finally:
                connection.close()

        threads = [threading.Thread(target=work) for _ in range(self.concurrency)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return sum(totals)

    # --- the long-running loop --------------------------------------------------------------
    def _count(self, key: str) -> None:
        with self._lock:
            self._counts[key] += 1

    def _deliver_loop(self) -> None:
        set_worker_id(self.worker_id)
        try:
            while not self.stopping.is_set():
                close_old_connections()
                try:
                    claimed = self.run_batch()
                except Exception:
                    log.exception("claiming from the outbox failed")
                    claimed = 0
                if not claimed:
                    self.stopping.wait(self.idle_sleep)
        finally:
            connection.close()

    def beat(self, *, stopped: bool = False) -> None:
        now = timezone.now()
        with self._lock:
            delivered, failed = self._counts["delivered"], self._counts["failed"]
            self._counts.update(delivered=0, failed=0)
        updated = WorkerHeartbeat.objects.filter(worker_id=self.worker_id).update(
            seen_at=now,
            delivered=F("delivered") + delivered,
            failed=F("failed") + failed,
            stopped_at=now if stopped else None,
        )
        if not updated:
            WorkerHeartbeat.objects.create(
                worker_id=self.worker_id,
                hostname=socket.gethostname(),
                pid=os.getpid(),
                started_at=now,
                seen_at=now,
                delivered=delivered,
                failed=failed,
                stopped_at=now if stopped else None,
            )

    def run_forever(self) -> None:
        """Deliver and run periodic jobs until `stopping` is set (SIGTERM/SIGINT), then stop cleanly."""
        set_worker_id(self.worker_id)
        self.beat()
        threads = [
            threading.Thread(target=self._deliver_loop, name=f"deliver-{i}", daemon=True)
            for i in range(self.concurrency)
        ]
        for thread in threads:
            thread.start()
        next_beat = next_periodic = 0.0
        while not self.stopping.is_set():
            close_old_connections()
            now = time.monotonic()
            try:
                if now >= next_beat:
                    self.beat()
                    next_beat = now + HEARTBEAT_EVERY
                if self.run_periodic and now >= next_periodic:
                    periodic.run_due(self.worker_id)
                    next_periodic = now + PERIODIC_EVERY
            except Exception:
                log.exception("worker housekeeping failed")
            self.stopping.wait(0.5)
        for thread in threads:
            thread.join()
        self.beat(stopped=True)
