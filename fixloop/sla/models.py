"""SLA data: business calendars, policies, escalation rules, per-order clock snapshots and escalations."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fixloop.customers.models import Customer
from fixloop.sla.calendar import WEEKDAYS, BusinessCalendar, CalendarError, parse_days, parse_hours
from fixloop.sla.choices import ClockChoice, Level, SnapshotStatus
from fixloop.workorders.choices import Channel, Kind, Priority
from fixloop.workorders.states import State

HOURS_HELP = _('Working hours, e.g. "09:00-12:00, 13:00-18:00"; empty: closed.')


class Calendar(models.Model):
    """A business calendar: a time zone, working hours per weekday, holidays and make-up working days."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    timezone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")
    always_open = models.BooleanField(_("open 24×7"), default=False)
    mon = models.CharField(_("Monday"), max_length=120, blank=True, help_text=HOURS_HELP)
    tue = models.CharField(_("Tuesday"), max_length=120, blank=True, help_text=HOURS_HELP)
    wed = models.CharField(_("Wednesday"), max_length=120, blank=True, help_text=HOURS_HELP)
    thu = models.CharField(_("Thursday"), max_length=120, blank=True, help_text=HOURS_HELP)
    fri = models.CharField(_("Friday"), max_length=120, blank=True, help_text=HOURS_HELP)
    sat = models.CharField(_("Saturday"), max_length=120, blank=True, help_text=HOURS_HELP)
    sun = models.CharField(_("Sunday"), max_length=120, blank=True, help_text=HOURS_HELP)
    makeup = models.CharField(
        _("make-up day hours"), max_length=120, blank=True, help_text=_("Empty: Monday's hours.")
    )
    days = models.TextField(
        _("holidays and make-up days"),
        blank=True,
        help_text=_("One line per date: date,kind,name[,hours] with kind holiday or workday."),
    )
    is_default = models.BooleanField(
        _("default"), default=False, help_text=_("Used for orders whose service point has no calendar.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="sla_one_default_cal"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def business_calendar(self) -> BusinessCalendar:
        """The pure calendar these fields describe (CalendarError if they are invalid)."""
        if self.always_open:
            return BusinessCalendar.twenty_four_seven(self.timezone)
        weekly = {i: parse_hours(getattr(self, day)) for i, day in enumerate(WEEKDAYS) if getattr(self, day)}
        makeup = parse_hours(self.makeup) if self.makeup else weekly.get(0, ())
        probe = BusinessCalendar.twenty_four_seven(self.timezone)  # validates the zone name
        return BusinessCalendar(tz=probe.tz, weekly=weekly, days=parse_days(self.days, makeup))

    def clean(self) -> None:
        errors = {}
        for name in (*WEEKDAYS, "makeup"):
            try:
                parse_hours(getattr(self, name))
            except CalendarError as exc:
                errors[name] = str(exc)
        try:
            parse_days(self.days)
        except CalendarError as exc:
            errors["days"] = str(exc)
        try:
            BusinessCalendar.twenty_four_seven(self.timezone)
        except CalendarError as exc:
            errors["timezone"] = str(exc)
        if errors:
            raise ValidationError(errors)


class ServicePointCalendar(models.Model):
    """Which calendar a service point keeps."""

    service_point = models.OneToOneField(
        "organisation.ServicePoint",
        verbose_name=_("service point"),
        on_delete=models.CASCADE,
        related_name="sla_calendar",
    )
    calendar = models.ForeignKey(
        Calendar, verbose_name=_("calendar"), on_delete=models.PROTECT, related_name="service_points"
    )

    class Meta:
        ordering = ["service_point_id"]
        verbose_name = _("service point calendar")
        verbose_name_plural = _("service point calendars")

    def __str__(self) -> str:
        return f"{self.service_point_id} → {self.calendar_id}"


class Policy(models.Model):
    """Targets for an order matched by kind, priority, customer tier and channel (blank: any).

    The most specific active policy wins (most criteria set); the one with none set is the default.
    """

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, blank=True)
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices, blank=True)
    customer_tier = models.CharField(
        _("customer tier"), max_length=10, choices=Customer.Tier.choices, blank=True
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices, blank=True)
    first_response = models.DurationField(_("first response target"), null=True, blank=True)
    arrival = models.DurationField(
        _("on-site arrival target"), null=True, blank=True, help_text=_("Applies to on-site orders only.")
    )
    resolution = models.DurationField(_("resolution target"), null=True, blank=True)
    pause_for_customer = models.BooleanField(
        _("pause while waiting for the customer"),
        default=True,
        help_text=_("Quote awaiting approval, repaired device awaiting acceptance."),
    )
    pause_for_parts = models.BooleanField(_("pause while waiting for parts"), default=False)
    warning_percent = models.PositiveSmallIntegerField(_("warning threshold, percent of target used"), default=80)
    calendar = models.ForeignKey(
        Calendar,
        verbose_name=_("calendar"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="policies",
        help_text=_("Empty: the calendar of the order's service point."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "priority", "customer_tier", "channel"],
                condition=Q(is_active=True),
                name="sla_policy_criteria_uniq",
            ),
            models.CheckConstraint(
                condition=Q(warning_percent__gte=1, warning_percent__lte=99), name="sla_policy_warning_range"
            ),
        ]

    CRITERIA = ("kind", "priority", "customer_tier", "channel")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        for name in ("first_response", "arrival", "resolution"):
            value = getattr(self, name)
            if value is not None and value <= timedelta(0):
                raise ValidationError({name: _("A target must be longer than zero.")})

    @property
    def pause_states(self) -> frozenset[str]:
        states: set[str] = set()
        if self.pause_for_customer:
            states |= {State.QUOTED, State.AWAITING_ACCEPTANCE}
        if self.pause_for_parts:
            states.add(State.AWAITING_PARTS)
        return frozenset(states)


class EscalationRule(models.Model):
    """What happens when a clock reaches the policy's warning threshold or its due time."""

    policy = models.ForeignKey(
        Policy,
        verbose_name=_("policy"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="escalation_rules",
        help_text=_("Empty: every policy."),
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    clock = models.CharField(
        _("clock"), max_length=20, choices=ClockChoice.choices, blank=True, help_text=_("Empty: every clock.")
    )
    notify_assignee = models.BooleanField(_("notify the engineer"), default=True)
    notify_supervisors = models.BooleanField(_("notify the supervisors"), default=True)
    raise_priority = models.BooleanField(_("raise the priority one step"), default=False)
    move_to = models.ForeignKey(
        "organisation.ServicePoint",
        verbose_name=_("move to service point"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("escalation rule")
        verbose_name_plural = _("escalation rules")

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.get_clock_display() or '*'}"


class Snapshot(models.Model):
    """An order's clocks as last computed from its events; a cache, recomputable at any time.

    Columns beside the JSON serve the queue filter and the escalation scan: `due_at` and `warn_at` are
    the earliest due and warning moments of the running clocks, `next_check_at` the earliest threshold
    not escalated yet (indexed, so the periodic scan reads only what is due).
    """

    order = models.OneToOneField(
        "workorders.WorkOrder",
        verbose_name=_("order"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="sla_snapshot",
    )
    policy = models.ForeignKey(
        Policy, verbose_name=_("policy"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    calendar = models.ForeignKey(
        Calendar,
        verbose_name=_("calendar"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=SnapshotStatus.choices)
    clocks = models.JSONField(_("clocks"), default=list, blank=True)
    due_at = models.DateTimeField(_("next due"), null=True, blank=True)
    due_clock = models.CharField(_("next due clock"), max_length=20, blank=True)
    warn_at = models.DateTimeField(_("next warning"), null=True, blank=True)
    next_check_at = models.DateTimeField(_("next escalation check"), null=True, blank=True)
    problem = models.CharField(_("problem"), max_length=300, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        ordering = ["order_id"]
        verbose_name = _("SLA snapshot")
        verbose_name_plural = _("SLA snapshots")
        indexes = [
            models.Index(
                fields=["next_check_at"], name="sla_snap_check_idx", condition=Q(next_check_at__isnull=False)
            ),
            models.Index(fields=["due_at"], name="sla_snap_due_idx", condition=Q(due_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"SLA {self.order_id} {self.status}"


class Escalation(models.Model):
    """One escalation fired: at most one per order, clock and level, however often the scan runs."""

    order = models.ForeignKey(
        "workorders.WorkOrder",
        verbose_name=_("order"),
        on_delete=models.CASCADE,
        related_name="sla_escalations",
    )
    clock = models.CharField(_("clock"), max_length=20, choices=ClockChoice.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    due_at = models.DateTimeField(_("due at"))
    fired_at = models.DateTimeField(_("fired at"))
    actions = models.JSONField(_("actions taken"), default=list, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("SLA escalation")
        verbose_name_plural = _("SLA escalations")
        constraints = [
            models.UniqueConstraint(fields=["order", "clock", "level"], name="sla_escalation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} {self.clock} {self.level}"
