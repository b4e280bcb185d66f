"""Satisfaction surveys sent after an order closes: one per order, answered once through a secret link."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Survey(models.Model):
    """The CSAT/NPS survey of one closed order. Only the SHA-256 of the link's token is stored."""

    order = models.OneToOneField(
        "workorders.WorkOrder", verbose_name=_("order"), on_delete=models.CASCADE, related_name="survey"
    )
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT, related_name="surveys"
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    language = models.CharField(_("language"), max_length=10)
    expires_at = models.DateTimeField(_("expires at"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, db_index=True)
    csat = models.PositiveSmallIntegerField(
        _("satisfaction (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    nps = models.PositiveSmallIntegerField(
        _("recommendation (0–10)"), null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    comment = models.TextField(_("comment"), blank=True)
    escalated = models.BooleanField(_("escalated"), default=False)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.CheckConstraint(
                condition=Q(csat__isnull=True) | Q(csat__gte=1, csat__lte=5), name="survey_csat_range"
            ),
            models.CheckConstraint(condition=Q(nps__isnull=True) | Q(nps__lte=10), name="survey_nps_range"),
        ]

    def __str__(self) -> str:
        return f"survey {self.order_id}"
