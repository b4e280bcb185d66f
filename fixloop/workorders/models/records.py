"""Records the guards rely on: diagnosis, quotes with options and lines, approvals, QC, acceptance."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fixloop.workorders.choices import FaultCause


class Diagnosis(models.Model):
    """What the engineer found: the basis for a quote or a free repair."""

    order = models.ForeignKey(
        "workorders.WorkOrder", verbose_name=_("order"), on_delete=models.CASCADE, related_name="diagnoses"
    )
    engineer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("engineer"), on_delete=models.PROTECT, related_name="+"
    )
    findings = models.TextField(_("findings"))
    cause = models.CharField(_("cause"), max_length=20, choices=FaultCause.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("diagnosis")
        verbose_name_plural = _("diagnoses")

    def __str__(self) -> str:
        return f"{self.order_id}: {self.get_cause_display()}"


class Quote(models.Model):
    """A priced offer with one or more options; each revision needs its own approval."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the customer")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SUPERSEDED = "superseded", _("Superseded")

    order = models.ForeignKey(
        "workorders.WorkOrder", verbose_name=_("order"), on_delete=models.CASCADE, related_name="quotes"
    )
    revision = models.PositiveSmallIntegerField(_("revision"))
    diagnosis = models.ForeignKey(
        Diagnosis, verbose_name=_("diagnosis"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    valid_until = models.DateField(_("valid until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["order", "revision"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        constraints = [
            models.UniqueConstraint(fields=["order", "revision"], name="quote_order_revision_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.order_id} r{self.revision}"


class QuoteOption(models.Model):
    """One way to resolve the fault (repair, replace, return unrepaired) with its total."""

    quote = models.ForeignKey(
        Quote, verbose_name=_("quote"), on_delete=models.CASCADE, related_name="options"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    label = models.CharField(_("label"), max_length=120)
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["quote", "position"]
        verbose_name = _("quote option")
        verbose_name_plural = _("quote options")

    def __str__(self) -> str:
        return self.label


class QuoteLine(models.Model):
    """A priced line of an option."""

    class Kind(models.TextChoices):
        PART = "part", _("Part")
        LABOUR = "labour", _("Labour")
        TRANSPORT = "transport", _("Transport / on-site fee")
        INSPECTION = "inspection", _("Inspection fee")

    option = models.ForeignKey(
        QuoteOption, verbose_name=_("option"), on_delete=models.CASCADE, related_name="lines"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=200)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["option", "id"]
        verbose_name = _("quote line")
        verbose_name_plural = _("quote lines")

    def __str__(self) -> str:
        return self.description


class QuoteApproval(models.Model):
    """The customer's decision on one exact quote revision, signed, with time and IP."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    quote = models.ForeignKey(
        Quote, verbose_name=_("quote"), on_delete=models.PROTECT, related_name="approvals"
    )
    option = models.ForeignKey(
        QuoteOption, verbose_name=_("option"), on_delete=models.PROTECT, null=True, blank=True
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    signer_name = models.CharField(_("signed by"), max_length=120)
    signature = models.TextField(_("signature"), blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("quote approval")
        verbose_name_plural = _("quote approvals")

    def __str__(self) -> str:
        return f"{self.quote_id} {self.decision}"


class QCRecord(models.Model):
    """A quality check of the repaired device against a checklist."""

    order = models.ForeignKey(
        "workorders.WorkOrder", verbose_name=_("order"), on_delete=models.CASCADE, related_name="qc_records"
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("inspector"), on_delete=models.PROTECT, related_name="+"
    )
    passed = models.BooleanField(_("passed"))
    checklist = models.JSONField(_("checklist"), default=list)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("QC record")
        verbose_name_plural = _("QC records")

    def __str__(self) -> str:
        return f"{self.order_id} QC {'pass' if self.passed else 'fail'}"


class Acceptance(models.Model):
    """The customer's acceptance (or dispute) of the repaired device."""

    order = models.ForeignKey(
        "workorders.WorkOrder", verbose_name=_("order"), on_delete=models.CASCADE, related_name="acceptances"
    )
    accepted = models.BooleanField(_("accepted"))
    signer_name = models.CharField(_("signed by"), max_length=120, blank=True)
    signature = models.TextField(_("signature"), blank=True)
    comment = models.TextField(_("comment"), blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("acceptance")
        verbose_name_plural = _("acceptances")

    def __str__(self) -> str:
        return f"{self.order_id} {'accepted' if self.accepted else 'disputed'}"
