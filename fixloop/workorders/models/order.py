"""The work order (工单), its append-only event timeline and its attachments."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fixloop.catalog.warranty import WarrantyStatus
from fixloop.workorders.choices import Channel, Frequency, Kind, Priority, ServiceMode
from fixloop.workorders.states import State, action_label


class WorkOrder(models.Model):
    """One service request carried through the lifecycle; only workorders.services write its state."""

    number = models.CharField(_("number"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REPAIR)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    service_mode = models.CharField(_("service mode"), max_length=10, choices=ServiceMode.choices)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.NEW)
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT, related_name="orders"
    )
    contact_name = models.CharField(_("contact name"), max_length=120)
    contact_phone = models.CharField(_("contact phone"), max_length=32)
    address = models.ForeignKey(
        "customers.Address", verbose_name=_("address"), on_delete=models.SET_NULL, null=True, blank=True
    )
    service_address = models.CharField(_("service address"), max_length=300, blank=True)

    device = models.ForeignKey(
        "catalog.Device",
        verbose_name=_("device"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
    )
    product_model = models.ForeignKey(
        "catalog.ProductModel",
        verbose_name=_("product model"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )

    symptoms = models.TextField(_("symptoms"))
    error_codes = models.CharField(_("error codes"), max_length=200, blank=True)
    fault_frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices, blank=True)
    fault_since = models.DateField(_("since"), null=True, blank=True)
    external_causes = models.JSONField(_("external causes"), default=list, blank=True)
    external_cause_note = models.CharField(_("external cause details"), max_length=300, blank=True)
    tried_steps = models.TextField(_("what the customer already tried"), blank=True)
    fault_category = models.CharField(_("fault category"), max_length=60, blank=True)

    warranty_status = models.CharField(
        _("warranty"), max_length=20, choices=WarrantyStatus.choices, default=WarrantyStatus.UNKNOWN
    )
    warranty_reason = models.CharField(_("warranty reason"), max_length=40, blank=True)
    warranty_until = models.DateField(_("warranty until"), null=True, blank=True)

    service_point = models.ForeignKey(
        "organisation.ServicePoint",
        verbose_name=_("service point"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
    )
    assignee = models.ForeignKey(
        "organisation.Engineer",
        verbose_name=_("engineer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
    )
    partner = models.ForeignKey(
        "accounts.Partner",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    appointment_start = models.DateTimeField(_("appointment from"), null=True, blank=True)
    appointment_end = models.DateTimeField(_("appointment to"), null=True, blank=True)
    rework_of = models.ForeignKey(
        "self",
        verbose_name=_("rework of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reworks",
    )
    rework_count = models.PositiveSmallIntegerField(_("rework count"), default=0)
    cancel_reason = models.CharField(_("cancel reason"), max_length=300, blank=True)
    # History loaded by the importer: finished elsewhere, so no events, SLA clocks, surveys or callbacks.
    imported = models.BooleanField(
        _("imported"),
        default=False,
        editable=False,
        help_text=_("Finished before fixloop and loaded as history; it never went through the lifecycle."),
    )

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        indexes = [
            models.Index(fields=["state", "-id"], name="wo_state_idx"),
            models.Index(fields=["service_point", "-id"], name="wo_sp_idx"),
            models.Index(fields=["customer", "-id"], name="wo_customer_idx"),
            models.Index(fields=["partner", "-id"], name="wo_partner_idx"),
            models.Index(fields=["assignee", "-id"], name="wo_assignee_idx"),
            models.Index(fields=["contact_phone"], name="wo_phone_idx"),
            models.Index(fields=["created_at"], name="wo_created_idx"),
            models.Index(fields=["resolved_at"], name="wo_resolved_idx"),  # KPIs: orders resolved in a period
            # Dashboard statistics: orders closed in a period, orders touched since the last refresh.
            models.Index(fields=["closed_at"], name="wo_closed_idx"),
            models.Index(fields=["updated_at"], name="wo_updated_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(appointment_start__isnull=True)
                | Q(appointment_end__gt=models.F("appointment_start")),
                name="wo_appointment_order",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class ImmutableError(RuntimeError):
    pass


class WorkOrderEvent(models.Model):
    """One step of the order's history: who, when, which action, from which state to which, and data."""

    order = models.ForeignKey(
        WorkOrder, verbose_name=_("order"), on_delete=models.CASCADE, related_name="events"
    )
    version = models.PositiveIntegerField(_("order version"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=30)
    from_state = models.CharField(_("from"), max_length=20, blank=True)
    to_state = models.CharField(_("to"), max_length=20)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_partner = models.ForeignKey(
        "accounts.Partner",
        verbose_name=_("partner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_role = models.CharField(_("actor role"), max_length=20)
    actor_label = models.CharField(_("actor name"), max_length=150)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("work order event")
        verbose_name_plural = _("work order events")
        # KPIs: the sets of orders with a given action (remote resolutions, visits), read from the index alone.
        indexes = [
            models.Index(fields=["action", "order"], name="wo_event_action_order_idx"),
            models.Index(fields=["created_at"], name="wo_event_created_idx"),  # dashboard statistics refresh
        ]
        constraints = [
            # One event per order version: two writers can never both record the same step.
            models.UniqueConstraint(
                fields=["order", "version"],
                condition=Q(version__isnull=False),
                name="wo_event_order_version_uniq",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} v{self.version} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError("work order events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("work order events are append-only")

    @property
    def action_label(self) -> str:
        return action_label(self.action)


class Attachment(models.Model):
    """A photo or document attached to an order (type and size checked on upload)."""

    order = models.ForeignKey(
        WorkOrder, verbose_name=_("order"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="orders/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=60)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name
