"""Product categories and models, and customers' devices by serial."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fixloop.core.models import TimeStamped


class ProductCategory(models.Model):
    """A family of products serviced the same way (phones, laptops, washing machines…)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Chinese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("product category")
        verbose_name_plural = _("product categories")

    def __str__(self) -> str:
        return self.name


class ProductModel(models.Model):
    """A sellable model with its factory warranty and the skills its repair needs."""

    category = models.ForeignKey(
        ProductCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="models"
    )
    brand = models.CharField(_("brand"), max_length=80)
    code = models.CharField(_("model code"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    warranty_months = models.PositiveSmallIntegerField(_("warranty (months)"), default=12)
    skills = models.ManyToManyField(
        "organisation.Skill", verbose_name=_("skills needed"), blank=True, related_name="product_models"
    )
    history = HistoricalRecords(m2m_fields=[skills])

    class Meta:
        ordering = ["brand", "code"]
        verbose_name = _("product model")
        verbose_name_plural = _("product models")
        constraints = [
            models.UniqueConstraint(fields=["brand", "code"], name="product_model_brand_code_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.brand} {self.name}"


class Device(TimeStamped):
    """One physical unit, known by its serial number."""

    class PurchaseChannel(models.TextChoices):
        OFFICIAL_STORE = "official_store", _("Official store")
        ONLINE = "online", _("Online shop")
        DEALER = "dealer", _("Dealer")
        OPERATOR = "operator", _("Carrier / operator")
        OTHER = "other", _("Other")

    serial = models.CharField(_("serial number"), max_length=80, unique=True)
    model = models.ForeignKey(
        ProductModel, verbose_name=_("model"), on_delete=models.PROTECT, related_name="devices"
    )
    owner = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="devices",
        null=True,
        blank=True,
    )
    purchase_date = models.DateField(_("purchase date"), null=True, blank=True)
    purchase_channel = models.CharField(
        _("purchase channel"), max_length=20, choices=PurchaseChannel.choices, blank=True
    )
    purchase_proof = models.FileField(_("proof of purchase"), upload_to="proofs/%Y/%m/", blank=True)
    repair_warranty_until = models.DateField(
        _("repair warranty until"),
        null=True,
        blank=True,
        help_text=_("Set when an order replaces parts or repairs the device; covers repeat faults."),
    )
    repair_warranty_order = models.ForeignKey(
        "workorders.WorkOrder",
        verbose_name=_("repair warranty from order"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["id"]
        verbose_name = _("device")
        verbose_name_plural = _("devices")

    def __str__(self) -> str:
        return self.serial
