"""Analytics bookkeeping: which weekly summaries went out (so a rerun never mails twice)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WeeklySummary(models.Model):
    """The managers' summary of one week (Monday to Monday), recorded when it is sent."""

    week_start = models.DateField(_("week starting"), unique=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-week_start"]
        verbose_name = _("weekly summary")
        verbose_name_plural = _("weekly summaries")

    def __str__(self) -> str:
        return f"week {self.week_start}"
