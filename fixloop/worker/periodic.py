"""Running periodic jobs once per period across many workers: a lease row per job."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from fixloop.core.periodic import Periodic, discover, resolve
from fixloop.worker.models import PeriodicRun

log = logging.getLogger(__name__)

JOB_LEASE = dt.timedelta(minutes=10)
RETRY_FAILED_AFTER = dt.timedelta(minutes=1)


def _ensure_row(job: Periodic, now: dt.datetime) -> None:
    if PeriodicRun.objects.filter(name=job.name).exists():
        return
    try:
        with transaction.atomic():
            PeriodicRun.objects.create(name=job.name, next_run_at=now)
    except IntegrityError:
        pass  # another worker created it first


def claim_job(job: Periodic, worker_id: str, now: dt.datetime, lease: dt.timedelta = JOB_LEASE) -> bool:
    """True if this worker won the job's run for this period (conditional UPDATE: one winner)."""
    _ensure_row(job, now)
    return bool(
        PeriodicRun.objects.filter(
            Q(locked_until__isnull=True) | Q(locked_until__lt=now), name=job.name, next_run_at__lte=now
        ).update(locked_by=worker_id, locked_until=now + lease, last_started_at=now)
    )


def run_job(job: Periodic, worker_id: str, now: dt.datetime) -> int | None:
    """Run `job` if due and won; schedule the next period. Returns its result, or None if not run."""
    if not claim_job(job, worker_id, now):
        return None
    mine = PeriodicRun.objects.filter(name=job.name, locked_by=worker_id)
    try:
        result = int(resolve(job)(now) or 0)
    except Exception as exc:  # a failing job must not stop the worker; it is retried soon
        log.exception("periodic job %s failed", job.name)
        finished = timezone.now()
        mine.update(
            locked_until=None,
            last_finished_at=finished,
            last_error=f"{exc.__class__.__name__}: {exc}"[:4000],
            next_run_at=finished + min(job.every, RETRY_FAILED_AFTER),
        )
        return None
    finished = timezone.now()
    # The next slot follows the schedule, not the finish time, unless the worker fell behind.
    mine.update(
        locked_until=None,
        last_finished_at=finished,
        last_result=result,
        last_error="",
        runs=F("runs") + 1,
        next_run_at=max(now + job.every, finished),
    )
    return result


def run_due(worker_id: str, jobs: list[Periodic] | None = None) -> dict[str, int]:
    """Every due job this worker won, with its result."""
    now = timezone.now()
    done = {}
    for job in discover() if jobs is None else jobs:
        result = run_job(job, worker_id, now)
        if result is not None:
            done[job.name] = result
    return done
