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


# Repair-time histogram upper bounds in hours; bucket i counts lo <= hours < HOUR_BUCKETS[i], the last is open.
HOUR_BUCKETS = [1, 4, 12, 24, 48, 96, 168, 336]


class DailyOrderStats(models.Model):
    """One local day × service point × category × model × engineer × channel, refreshed by the worker.

    `received` counts orders created that day; the other counts and sums are over orders resolved that
    day (state resolved or closed), with the same definitions as the live KPI queries in kpis.py.
    """

    day = models.DateField(_("day"))
    service_point_id = models.IntegerField(null=True)
    category_id = models.IntegerField(null=True)
    product_model_id = models.IntegerField(null=True)
    engineer_id = models.IntegerField(null=True)
    channel = models.CharField(_("channel"), max_length=12, blank=True)
    received = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    repairs = models.PositiveIntegerField(default=0)
    fixed = models.PositiveIntegerField(default=0)
    repeated = models.PositiveIntegerField(default=0)
    remote = models.PositiveIntegerField(default=0)
    repair_us = models.BigIntegerField(default=0)  # sum of created → resolved, in microseconds
    h0 = models.PositiveIntegerField(default=0)
    h1 = models.PositiveIntegerField(default=0)
    h2 = models.PositiveIntegerField(default=0)
    h3 = models.PositiveIntegerField(default=0)
    h4 = models.PositiveIntegerField(default=0)
    h5 = models.PositiveIntegerField(default=0)
    h6 = models.PositiveIntegerField(default=0)
    h7 = models.PositiveIntegerField(default=0)
    h8 = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("daily order statistics")
        verbose_name_plural = _("daily order statistics")
        indexes = [models.Index(fields=["day"], name="an_daily_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.service_point_id}/{self.product_model_id}/{self.engineer_id}/{self.channel}"


class SummaryRefresh(models.Model):
    """When the daily statistics were last refreshed (one row); none means "not built yet: read live"."""

    name = models.CharField(max_length=40, unique=True)
    refreshed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} {self.refreshed_at}"
