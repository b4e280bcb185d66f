"""Intake bookkeeping: daily order-number counters and idempotency keys."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderNumberCounter(models.Model):
    """The last number handed out per prefix and day (RO-20261123-0042)."""

    prefix = models.CharField(_("prefix"), max_length=4)
    day = models.DateField(_("day"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        ordering = ["day", "prefix"]
        verbose_name = _("order number counter")
        verbose_name_plural = _("order number counters")
        constraints = [
            models.UniqueConstraint(fields=["prefix", "day"], name="order_counter_prefix_day_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.day:%Y%m%d}: {self.last}"


class IdempotencyRecord(models.Model):
    """A create request already served: a retry with the same key returns the same order."""

    principal = models.CharField(_("principal"), max_length=40)
    key = models.CharField(_("idempotency key"), max_length=120)
    request_hash = models.CharField(_("request hash"), max_length=64)
    order = models.ForeignKey(
        "workorders.WorkOrder", verbose_name=_("order"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [
            models.UniqueConstraint(fields=["principal", "key"], name="idempotency_principal_key_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.principal}:{self.key}"
