"""What the worker keeps in the database: a heartbeat per worker, a lease per periodic job, probes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """One row per worker process: when it started, when it was last alive, how much it did."""

    worker_id = models.CharField(_("worker"), max_length=120, unique=True)
    hostname = models.CharField(_("host"), max_length=120)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"))
    seen_at = models.DateTimeField(_("last seen at"), db_index=True)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)
    delivered = models.PositiveBigIntegerField(_("messages delivered"), default=0)
    failed = models.PositiveBigIntegerField(_("messages failed"), default=0)

    class Meta:
        ordering = ["-seen_at", "id"]
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return self.worker_id


class PeriodicRun(models.Model):
    """The schedule and lease of one periodic job, so several workers run it once per period."""

    name = models.CharField(_("job"), max_length=120, unique=True)
    next_run_at = models.DateTimeField(_("next run at"))
    locked_by = models.CharField(_("locked by"), max_length=120, blank=True)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    last_started_at = models.DateTimeField(_("last started at"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished at"), null=True, blank=True)
    last_result = models.IntegerField(_("last result"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    runs = models.PositiveIntegerField(_("runs"), default=0)

    class Meta:
        ordering = ["name"]
        verbose_name = _("periodic job run")
        verbose_name_plural = _("periodic job runs")

    def __str__(self) -> str:
        return self.name


class QueueProbe(models.Model):
    """A `worker.probe` message's trace: which worker handled it. Health checks and benchmarks use it.

    Deliberately not unique per message: a message handled twice shows up twice.
    """

    message_id = models.BigIntegerField(_("outbox message"), db_index=True)
    worker_id = models.CharField(_("worker"), max_length=120)
    handled_at = models.DateTimeField(_("handled at"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("queue probe")
        verbose_name_plural = _("queue probes")

    def __str__(self) -> str:
        return f"{self.message_id} @ {self.worker_id}"
