"""Complaints, consultations and suggestions (投诉/咨询/建议), their timeline and corrective actions."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fixloop.complaints.states import Action, Channel, Kind, Severity, State


class Complaint(models.Model):
    """One customer complaint (or consultation/suggestion), carried through its own closed loop."""

    number = models.CharField(_("number"), max_length=24, unique=True)
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices, default=Kind.COMPLAINT)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.REGISTERED)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT, related_name="complaints"
    )
    orders = models.ManyToManyField(
        "workorders.WorkOrder", verbose_name=_("orders"), blank=True, related_name="complaints"
    )
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_complaints",
    )
    respond_by = models.DateTimeField(_("respond by"))
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)

    findings = models.TextField(_("investigation findings"), blank=True)
    responsible_department = models.CharField(_("responsible department"), max_length=120, blank=True)
    responsible_person = models.CharField(_("responsible person"), max_length=120, blank=True)
    root_cause = models.TextField(_("root cause"), blank=True)
    solution = models.TextField(_("proposed solution"), blank=True)
    customer_feedback = models.TextField(_("customer feedback"), blank=True)
    customer_satisfied = models.BooleanField(_("customer satisfied"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)

    # Where an automatic escalation came from (outbox message, survey): creating twice is a no-op.
    source_key = models.CharField(_("source"), max_length=80, null=True, blank=True, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            models.Index(fields=["state", "-id"], name="complaint_state_idx"),
            models.Index(fields=["customer", "-id"], name="complaint_customer_idx"),
            models.Index(fields=["owner", "-id"], name="complaint_owner_idx"),
        ]

    def __str__(self) -> str:
        return self.number


class ComplaintEvent(models.Model):
    """One step of a complaint's history; append-only."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="events"
    )
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
    actor_label = models.CharField(_("actor name"), max_length=150)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("complaint event")
        verbose_name_plural = _("complaint events")

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.action}"

    @property
    def action_label(self) -> str:
        extra = dict(EXTRA_ACTIONS)
        if self.action in extra:
            return str(extra[self.action])
        return Action(self.action).label if self.action in Action.values else self.action


# Timeline entries that do not change the state.
EXTRA_ACTIONS = [
    ("assign_owner", _("Owner assigned")),
    ("add_action", _("Action added")),
    ("complete_action", _("Action completed")),
    ("note", _("Note")),
]


class CorrectiveAction(models.Model):
    """A corrective or preventive action with an owner and a due date, tracked until done."""

    class Kind(models.TextChoices):
        CORRECTIVE = "corrective", _("Corrective")
        PREVENTIVE = "preventive", _("Preventive")

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="actions"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    due_date = models.DateField(_("due date"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_note = models.CharField(_("result"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["complaint", "due_date", "id"]
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")

    def __str__(self) -> str:
        return self.description
