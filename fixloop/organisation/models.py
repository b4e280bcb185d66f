"""Service points (网点), skills and engineers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fixloop.core.models import TimeStamped


class Skill(models.Model):
    """A service skill, e.g. phone board-level repair, or appliance installation."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    # What an hour of this skill costs the customer on a quote, and what it costs the company.
    labour_rate = models.DecimalField(_("labour rate per hour"), max_digits=10, decimal_places=2, default=80)
    internal_rate = models.DecimalField(
        _("internal cost per hour"), max_digits=10, decimal_places=2, default=50
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        return self.name


class ServicePoint(TimeStamped):
    """A repair centre or partner shop, with where it is, when it opens and what it covers."""

    class Kind(models.TextChoices):
        REPAIR_CENTRE = "repair_centre", _("Repair centre")
        PARTNER_SHOP = "partner_shop", _("Partner shop")
        WAREHOUSE = "warehouse", _("Central warehouse")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.REPAIR_CENTRE)
    address = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    opening_hours = models.JSONField(
        _("opening hours"),
        default=dict,
        blank=True,
        help_text=_('Per weekday, e.g. {"mon": ["09:00", "18:00"]}.'),
    )
    areas = models.JSONField(
        _("areas covered"), default=list, blank=True, help_text=_("Districts or cities covered.")
    )
    categories = models.ManyToManyField(
        "catalog.ProductCategory", verbose_name=_("product categories covered"), blank=True, related_name="+"
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(m2m_fields=[categories])

    class Meta:
        ordering = ["code"]
        verbose_name = _("service point")
        verbose_name_plural = _("service points")

    def __str__(self) -> str:
        return self.name


class Engineer(TimeStamped):
    """A field or bench engineer: a staff user with skills and a home service point."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="engineer_profile",
    )
    home_service_point = models.ForeignKey(
        ServicePoint, verbose_name=_("home service point"), on_delete=models.PROTECT, related_name="engineers"
    )
    skills = models.ManyToManyField(Skill, verbose_name=_("skills"), blank=True, related_name="engineers")
    max_jobs_per_day = models.PositiveSmallIntegerField(_("daily job limit"), default=8)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(m2m_fields=[skills])

    class Meta:
        ordering = ["id"]
        verbose_name = _("engineer")
        verbose_name_plural = _("engineers")

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()
