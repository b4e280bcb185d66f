"""Spending budgets per service point and month (cost accounting)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Budget(models.Model):
    """What a service point may spend in one month; quotes that would go over it wait for a manager."""

    service_point = models.ForeignKey(
        "organisation.ServicePoint",
        verbose_name=_("service point"),
        on_delete=models.CASCADE,
        related_name="budgets",
    )
    # Always the first day of the month (the service normalises it).
    month = models.DateField(_("month"))
    amount = models.DecimalField(_("budget"), max_digits=12, decimal_places=2)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["month", "service_point", "id"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.UniqueConstraint(fields=["service_point", "month"], name="budget_point_month_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.service_point_id} {self.month:%Y-%m}: {self.amount}"
