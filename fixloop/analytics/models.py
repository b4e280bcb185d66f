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


class DailySlice(models.Model):
    """The dashboard's dimensions every daily summary row is keyed by: local day, service point,
    category, model, engineer and channel (plain ids: the summaries outlive what they count)."""

    day = models.DateField(_("day"))
    service_point_id = models.IntegerField(null=True)
    category_id = models.IntegerField(null=True)
    product_model_id = models.IntegerField(null=True)
    engineer_id = models.IntegerField(null=True)
    channel = models.CharField(_("channel"), max_length=12, blank=True)

    class Meta:
        abstract = True


class DailyOrderStats(DailySlice):
    """One local day × service point × category × model × engineer × channel, refreshed by the worker.

    `received` counts orders created that day; the other counts and sums are over orders resolved that
    day (state resolved or closed), with the same definitions as the live KPI queries in kpis.py.
    """

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
    closed = models.PositiveIntegerField(default=0)  # orders closed that day (complaints per 100 orders)
    # SLA attainment of the orders resolved that day, as kpis.sla_attainment counts it.
    sla_orders = models.PositiveIntegerField(default=0)
    sla_onsite = models.PositiveIntegerField(default=0)
    sla_response_ok = models.PositiveIntegerField(default=0)
    sla_arrival_ok = models.PositiveIntegerField(default=0)
    sla_resolution_ok = models.PositiveIntegerField(default=0)
    sla_met = models.PositiveIntegerField(default=0)

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


class DailyOrderCounts(DailySlice):
    """Orders created on one local day × the dashboard dimensions, counted per `key` of a `measure`:
    "state" (the order's current state: volume by state, backlog) or "fault" (repair orders not
    cancelled, with a model, by fault category: the fault Pareto). Refreshed with DailyOrderStats."""

    measure = models.CharField(max_length=8)
    key = models.CharField(max_length=60, blank=True)
    n = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("daily order counts")
        verbose_name_plural = _("daily order counts")
        indexes = [models.Index(fields=["measure", "day"], name="an_counts_measure_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.measure} {self.key} {self.n}"


class DailySurveyStats(DailySlice):
    """Surveys of one local day × the dimensions of their order: `sent` counts surveys created that day,
    the other columns surveys answered that day (kpis.satisfaction's definitions)."""

    sent = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    csat_sum = models.PositiveIntegerField(default=0)
    csat_n = models.PositiveIntegerField(default=0)  # answers with a CSAT score (the mean's divisor)
    satisfied = models.PositiveIntegerField(default=0)
    promoters = models.PositiveIntegerField(default=0)
    detractors = models.PositiveIntegerField(default=0)
    c1 = models.PositiveIntegerField(default=0)
    c2 = models.PositiveIntegerField(default=0)
    c3 = models.PositiveIntegerField(default=0)
    c4 = models.PositiveIntegerField(default=0)
    c5 = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("daily survey statistics")
        verbose_name_plural = _("daily survey statistics")
        indexes = [models.Index(fields=["day"], name="an_survey_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.service_point_id}/{self.product_model_id}/{self.engineer_id}/{self.channel}"
