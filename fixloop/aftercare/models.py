"""Maintenance plans (保养) with the orders they opened, and follow-up calls (回访) after closing."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class MaintenancePlan(models.Model):
    """Preventive service of one device every N months, possibly under a service contract."""

    device = models.ForeignKey(
        "catalog.Device", verbose_name=_("device"), on_delete=models.PROTECT, related_name="maintenance_plans"
    )
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT,
        related_name="maintenance_plans",
    )  # fmt: skip
    contract_number = models.CharField(_("contract number"), max_length=60, blank=True, db_index=True)
    interval_months = models.PositiveSmallIntegerField(
        _("every (months)"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    next_due = models.DateField(_("next due"), db_index=True)
    lead_days = models.PositiveSmallIntegerField(
        _("open the order (days ahead)"), null=True, blank=True, validators=[MaxValueValidator(90)],
        help_text=_("Empty: the company default."),
    )  # fmt: skip
    service_mode = models.CharField(_("service mode"), max_length=10)
    service_point = models.ForeignKey(
        "organisation.ServicePoint", verbose_name=_("service point"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    notes = models.CharField(_("what to do"), max_length=500, blank=True)
    active = models.BooleanField(_("active"), default=True)
    # Optimistic locking: an edit names the version it saw; a stale one is refused.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["next_due", "id"]
        verbose_name = _("maintenance plan")
        verbose_name_plural = _("maintenance plans")

    def __str__(self) -> str:
        return f"{self.device_id} / {self.interval_months}"


class MaintenanceVisit(models.Model):
    """The order a plan opened for one due date; unique, so a job running twice opens one order."""

    plan = models.ForeignKey(
        MaintenancePlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="visits"
    )
    due_date = models.DateField(_("due date"))
    order = models.OneToOneField(
        "workorders.WorkOrder",
        verbose_name=_("work order"),
        on_delete=models.PROTECT,
        related_name="maintenance_visit",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("maintenance visit")
        verbose_name_plural = _("maintenance visits")
        constraints = [models.UniqueConstraint(fields=["plan", "due_date"], name="maintenance_visit_once")]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.due_date}"


class FollowUpTask(models.Model):
    """A call to the customer some days after their order closed, with its script and its outcome."""

    class Outcome(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        PROBLEM_PERSISTS = "problem_persists", _("Problem persists: rework order opened")
        COMPLAINT = "complaint_requested", _("Complaint requested")
        UNREACHABLE = "unreachable", _("Could not reach the customer")

    order = models.OneToOneField(
        "workorders.WorkOrder",
        verbose_name=_("work order"),
        on_delete=models.CASCADE,
        related_name="follow_up",
    )
    due_date = models.DateField(_("due"), db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("agent"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="follow_up_tasks",
    )  # fmt: skip
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    rework_order = models.ForeignKey(
        "workorders.WorkOrder", verbose_name=_("rework order"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    call_attempts = models.PositiveSmallIntegerField(_("unanswered calls"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("completed by"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")

    def __str__(self) -> str:
        return f"{self.order_id} {self.due_date}"

    @property
    def is_open(self) -> bool:
        return not self.outcome
