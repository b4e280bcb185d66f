"""The parts catalogue: what can be fitted, what it costs, who supplies it."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fixloop.core.models import TimeStamped


class Supplier(TimeStamped):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    lead_time_days = models.PositiveSmallIntegerField(_("lead time (days)"), default=7)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")

    def __str__(self) -> str:
        return self.name


class Part(TimeStamped):
    """A spare part by part number; quotes price it, the stock ledger counts it."""

    number = models.CharField(_("part number"), max_length=60, unique=True)
    name = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    compatible_models = models.ManyToManyField(
        "catalog.ProductModel", verbose_name=_("compatible models"), blank=True, related_name="parts"
    )
    unit_cost = models.DecimalField(_("unit cost"), max_digits=12, decimal_places=2)
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=2)
    serial_tracked = models.BooleanField(_("serial tracked"), default=False)
    warranty_days = models.PositiveSmallIntegerField(_("part warranty (days)"), default=90)
    supplier = models.ForeignKey(
        Supplier,
        verbose_name=_("supplier"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
    )
    lead_time_days = models.PositiveSmallIntegerField(
        _("lead time (days)"), null=True, blank=True, help_text=_("Empty: the supplier's lead time.")
    )
    substitutes = models.ManyToManyField("self", verbose_name=_("substitutes"), blank=True, symmetrical=True)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(m2m_fields=[compatible_models])

    class Meta:
        ordering = ["number"]
        verbose_name = _("part")
        verbose_name_plural = _("parts")

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def effective_lead_time_days(self) -> int:
        if self.lead_time_days is not None:
            return self.lead_time_days
        return self.supplier.lead_time_days if self.supplier else 7


# The stock ledger, its cached balances, and the records that move stock (below) live in stock_models.
from fixloop.parts.stock_models import (  # noqa: E402,F401
    CountLine,
    DefectiveReturn,
    PartShortage,
    PurchaseRequest,
    Reservation,
    StockBalance,
    StockCount,
    StockLocation,
    StockMovement,
    StockTarget,
    Suggestion,
    Transfer,
)
