"""Records the guards rely on: diagnosis, quotes with options and lines, approvals, QC, acceptance, hand-overs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fixloop.workorders.choices import DamageExtent, FaultCause, Feasibility


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
    fault_point = models.CharField(_("fault point"), max_length=200, blank=True)
    damage_extent = models.CharField(
        _("damage extent"), max_length=10, choices=DamageExtent.choices, blank=True
    )
    feasibility = models.CharField(
        _("repair feasibility"), max_length=16, choices=Feasibility.choices, default=Feasibility.REPAIRABLE
    )
    parts_needed = models.TextField(_("parts needed"), blank=True)
    labour_hours = models.DecimalField(_("labour hours"), max_digits=6, decimal_places=2, default=0)
    touches_data = models.BooleanField(_("the work touches customer data"), default=False)
    data_safety_note = models.TextField(_("data-safety note"), blank=True)
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
        INTERNAL = "internal", _("Waiting for a manager's approval")
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
    tax_rate = models.DecimalField(_("tax rate"), max_digits=5, decimal_places=4, default=0)
    valid_until = models.DateField(_("valid until"))
    # Why the warranty does or does not pay, as shown to the customer (e.g. external damage voids it).
    warranty_note = models.CharField(_("warranty note"), max_length=300, blank=True)
    internal_reasons = models.JSONField(_("why a manager must approve"), default=list, blank=True)
    internal_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved internally by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    internal_approved_at = models.DateTimeField(_("approved internally at"), null=True, blank=True)
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
    subtotal = models.DecimalField(_("subtotal"), max_digits=12, decimal_places=2, default=0)
    tax = models.DecimalField(_("tax"), max_digits=12, decimal_places=2, default=0)
    # What the customer pays, tax included.
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)
    # What warranty and goodwill lines cost the company at list price (the customer pays 0 for them).
    covered = models.DecimalField(_("covered by the company"), max_digits=12, decimal_places=2, default=0)
    # The customer turned this option down and still decides on the others (time, IP, reason kept).
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    decline_reason = models.CharField(_("reason for declining"), max_length=300, blank=True)
    declined_ip = models.GenericIPAddressField(_("IP address of the decline"), null=True, blank=True)
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("declined by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

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

    class Payer(models.TextChoices):
        CUSTOMER = "customer", _("Customer")
        WARRANTY = "warranty", _("Warranty")
        GOODWILL = "goodwill", _("Free of charge (exception)")

    option = models.ForeignKey(
        QuoteOption, verbose_name=_("option"), on_delete=models.CASCADE, related_name="lines"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=200)
    # Parts stock reserves `quantity` of `part` when the option is approved.
    part = models.ForeignKey(
        "parts.Part",
        verbose_name=_("part"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    skill = models.ForeignKey(
        "organisation.Skill",
        verbose_name=_("skill"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    # The company's own cost of one unit (part cost, internal labour rate, or the fee itself).
    unit_cost = models.DecimalField(_("unit cost"), max_digits=12, decimal_places=2, default=0)
    payer = models.CharField(_("paid by"), max_length=10, choices=Payer.choices, default=Payer.CUSTOMER)
    customer_amount = models.DecimalField(_("customer pays"), max_digits=12, decimal_places=2, default=0)

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
    # On a rejection: the inspection fee the policy charges for the return.
    fee = models.DecimalField(_("fee"), max_digits=12, decimal_places=2, default=0)
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
        constraints = [
            # One decision per revision: of two concurrent approvals only one can be stored.
            models.UniqueConstraint(fields=["quote"], name="quote_approval_one_decision")
        ]

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
    photos = models.ManyToManyField(
        "workorders.Attachment", verbose_name=_("photos"), blank=True, related_name="+"
    )
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


class QcChecklistItem(models.Model):
    """One check of a product category's QC checklist; a measured value must fall inside its range."""

    category = models.ForeignKey(
        "catalog.ProductCategory",
        verbose_name=_("product category"),
        on_delete=models.CASCADE,
        related_name="qc_items",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    label = models.CharField(_("check"), max_length=120)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    min_value = models.DecimalField(_("minimum"), max_digits=12, decimal_places=3, null=True, blank=True)
    max_value = models.DecimalField(_("maximum"), max_digits=12, decimal_places=3, null=True, blank=True)

    class Meta:
        ordering = ["category", "position", "id"]
        verbose_name = _("QC checklist item")
        verbose_name_plural = _("QC checklist items")

    def __str__(self) -> str:
        return self.label

    @property
    def measured(self) -> bool:
        return self.min_value is not None or self.max_value is not None


class Handover(models.Model):
    """A hand-over receipt (交接单) when the device is received or returned, signed by both sides."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Device received")
        RETURN = "return", _("Device returned")

    order = models.ForeignKey(
        "workorders.WorkOrder", verbose_name=_("order"), on_delete=models.CASCADE, related_name="handovers"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    accessories = models.CharField(_("accessories"), max_length=500, blank=True)
    condition = models.CharField(_("visible condition"), max_length=500, blank=True)
    photos = models.ManyToManyField(
        "workorders.Attachment", verbose_name=_("photos"), blank=True, related_name="+"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    staff_signature = models.TextField(_("staff signature"), blank=True)
    customer_signer_name = models.CharField(_("customer name"), max_length=120, blank=True)
    customer_signature = models.TextField(_("customer signature"), blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("hand-over receipt")
        verbose_name_plural = _("hand-over receipts")

    def __str__(self) -> str:
        return f"{self.order_id} {self.kind}"


class DataConsent(models.Model):
    """The customer's consent to work that touches their data, and whether a backup was made first."""

    order = models.ForeignKey(
        "workorders.WorkOrder",
        verbose_name=_("order"),
        on_delete=models.CASCADE,
        related_name="data_consents",
    )
    given = models.BooleanField(_("consent given"))
    backup_made = models.BooleanField(_("backup made"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("data consent")
        verbose_name_plural = _("data consents")

    def __str__(self) -> str:
        return f"{self.order_id} consent={self.given} backup={self.backup_made}"


class ReplacedPart(models.Model):
    """A part fitted during the repair, with its serial and the repair warranty it carries."""

    order = models.ForeignKey(
        "workorders.WorkOrder",
        verbose_name=_("order"),
        on_delete=models.CASCADE,
        related_name="replaced_parts",
    )
    part = models.ForeignKey(
        "parts.Part",
        verbose_name=_("part"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.CharField(_("description"), max_length=200)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2, default=1)
    serial = models.CharField(_("new part serial"), max_length=80, blank=True)
    unit_cost = models.DecimalField(_("unit cost"), max_digits=12, decimal_places=2, default=0)
    warranty_days = models.PositiveSmallIntegerField(_("warranty (days)"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("replaced part")
        verbose_name_plural = _("replaced parts")

    def __str__(self) -> str:
        return self.description
