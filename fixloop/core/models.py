"""Abstract bases shared by every app, and the transactional outbox."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    """Creation and last-change times."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class OutboxMessage(models.Model):
    """A message written in the same transaction as the change it reports; delivered later."""

    topic = models.CharField(_("topic"), max_length=80)
    payload = models.JSONField(_("payload"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # The worker's lease (fixloop.worker.queue): who holds the message and until when; an expired
    # lease means its worker died, and any worker may claim the message again.
    available_at = models.DateTimeField(_("available from"), default=timezone.now)
    locked_by = models.CharField(_("locked by"), max_length=120, blank=True)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    dead_at = models.DateTimeField(_("dead-lettered at"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            models.Index(fields=["delivered_at", "id"], name="outbox_pending_idx"),
            # What the worker scans: small however long the delivered history grows.
            models.Index(
                fields=["available_at", "id"],
                condition=models.Q(delivered_at__isnull=True, dead_at__isnull=True),
                name="outbox_claimable_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} #{self.pk}"
