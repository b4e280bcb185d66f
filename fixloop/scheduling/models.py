"""Engineers' working time, dispatch policies per service point, pins and the stored daily route plans."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Shift(models.Model):
    """An engineer's regular working hours on one weekday, with an optional rest break."""

    engineer = models.ForeignKey(
        "organisation.Engineer", verbose_name=_("engineer"), on_delete=models.CASCADE, related_name="shifts"
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start = models.TimeField(_("from"))
    end = models.TimeField(_("to"))
    break_start = models.TimeField(_("break from"), null=True, blank=True)
    break_minutes = models.PositiveSmallIntegerField(_("break (minutes)"), default=0)

    class Meta:
        ordering = ["engineer_id", "weekday"]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        constraints = [
            models.UniqueConstraint(fields=["engineer", "weekday"], name="sched_shift_uniq"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="sched_shift_order"),
        ]

    def __str__(self) -> str:
        return f"{self.engineer_id} {self.get_weekday_display()} {self.start:%H:%M}-{self.end:%H:%M}"


class ShiftException(models.Model):
    """One day off the regular shift: sick, on leave, or different hours."""

    class Kind(models.TextChoices):
        SICK = "sick", _("Sick")
        LEAVE = "leave", _("Leave")
        HOURS = "hours", _("Different hours")

    engineer = models.ForeignKey(
        "organisation.Engineer",
        verbose_name=_("engineer"),
        on_delete=models.CASCADE,
        related_name="shift_exceptions",
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    start = models.TimeField(_("from"), null=True, blank=True)
    end = models.TimeField(_("to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["date", "engineer_id"]
        verbose_name = _("shift exception")
        verbose_name_plural = _("shift exceptions")
        constraints = [
            models.UniqueConstraint(fields=["engineer", "date"], name="sched_exception_uniq"),
            models.CheckConstraint(
                condition=~Q(kind="hours") | Q(start__isnull=False, end__gt=F("start")),
                name="sched_exception_hours",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.engineer_id} {self.date} {self.kind}"


class EngineerBase(models.Model):
    """Where an engineer's day starts and ends when it is not the home service point."""

    engineer = models.OneToOneField(
        "organisation.Engineer", verbose_name=_("engineer"), on_delete=models.CASCADE, related_name="base"
    )
    start_latitude = models.DecimalField(_("start latitude"), max_digits=9, decimal_places=6)
    start_longitude = models.DecimalField(_("start longitude"), max_digits=9, decimal_places=6)
    end_latitude = models.DecimalField(
        _("end latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    end_longitude = models.DecimalField(
        _("end longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    class Meta:
        ordering = ["engineer_id"]
        verbose_name = _("engineer's start and end location")
        verbose_name_plural = _("engineers' start and end locations")

    def __str__(self) -> str:
        return str(self.engineer_id)


class Level(models.IntegerChoices):
    BASIC = 1, _("Basic")
    ADVANCED = 2, _("Advanced")
    EXPERT = 3, _("Expert")


class SkillLevel(models.Model):
    """An engineer's certification level in one skill (without a row: basic, if the skill is held)."""

    engineer = models.ForeignKey(
        "organisation.Engineer", verbose_name=_("engineer"), on_delete=models.CASCADE, related_name="+"
    )
    skill = models.ForeignKey(
        "organisation.Skill", verbose_name=_("skill"), on_delete=models.CASCADE, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, default=Level.BASIC)

    class Meta:
        ordering = ["engineer_id", "skill_id"]
        verbose_name = _("skill level")
        verbose_name_plural = _("skill levels")
        constraints = [models.UniqueConstraint(fields=["engineer", "skill"], name="sched_skill_level_uniq")]

    def __str__(self) -> str:
        return f"{self.engineer_id} {self.skill_id} L{self.level}"


class RequiredLevel(models.Model):
    """The level a product model's repair needs in one of its skills (without a row: basic)."""

    product_model = models.ForeignKey(
        "catalog.ProductModel", verbose_name=_("product model"), on_delete=models.CASCADE, related_name="+"
    )
    skill = models.ForeignKey(
        "organisation.Skill", verbose_name=_("skill"), on_delete=models.CASCADE, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, default=Level.BASIC)

    class Meta:
        ordering = ["product_model_id", "skill_id"]
        verbose_name = _("required skill level")
        verbose_name_plural = _("required skill levels")
        constraints = [
            models.UniqueConstraint(fields=["product_model", "skill"], name="sched_required_level_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.product_model_id} {self.skill_id} L{self.level}"


class JobDuration(models.Model):
    """A fixed on-site duration for a product model (and optionally a fault category), overriding history."""

    product_model = models.ForeignKey(
        "catalog.ProductModel", verbose_name=_("product model"), on_delete=models.CASCADE, related_name="+"
    )
    fault_category = models.CharField(_("fault category"), max_length=60, blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes"))

    class Meta:
        ordering = ["product_model_id", "fault_category"]
        verbose_name = _("job duration")
        verbose_name_plural = _("job durations")
        constraints = [
            models.UniqueConstraint(fields=["product_model", "fault_category"], name="sched_duration_uniq"),
            models.CheckConstraint(condition=Q(minutes__gt=0), name="sched_duration_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.product_model_id} {self.fault_category} {self.minutes} min"


class Policy(models.TextChoices):
    BEST_SCORE = "best_score", _("Best score")
    ROUND_ROBIN = "round_robin", _("Round robin")
    LEAST_LOADED = "least_loaded", _("Least loaded")


class DispatchSettings(models.Model):
    """How a service point hands out carry-in and remote work: the policy and whether to auto-assign."""

    service_point = models.OneToOneField(
        "organisation.ServicePoint",
        verbose_name=_("service point"),
        on_delete=models.CASCADE,
        related_name="dispatch_settings",
    )
    policy = models.CharField(_("policy"), max_length=20, choices=Policy.choices, default=Policy.BEST_SCORE)
    auto_assign = models.BooleanField(_("assign automatically after triage"), default=False)
    # The engineer who got the last round-robin turn; the next one in id order is due.
    last_engineer = models.ForeignKey(
        "organisation.Engineer",
        verbose_name=_("last engineer in turn"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["service_point_id"]
        verbose_name = _("dispatch settings")
        verbose_name_plural = _("dispatch settings")

    def __str__(self) -> str:
        return f"{self.service_point_id} {self.policy}"


class JobPin(models.Model):
    """The dispatcher fixed this on-site order to an engineer: every re-plan keeps it there."""

    order = models.OneToOneField(
        "workorders.WorkOrder", verbose_name=_("order"), on_delete=models.CASCADE, related_name="pin"
    )
    engineer = models.ForeignKey(
        "organisation.Engineer", verbose_name=_("engineer"), on_delete=models.CASCADE, related_name="+"
    )
    pinned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pinned by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("pinned job")
        verbose_name_plural = _("pinned jobs")

    def __str__(self) -> str:
        return f"{self.order_id} -> {self.engineer_id}"


class DayPlan(models.Model):
    """The latest route plan of one service point for one day; re-planning replaces its routes."""

    service_point = models.ForeignKey(
        "organisation.ServicePoint",
        verbose_name=_("service point"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    date = models.DateField(_("date"))
    version = models.PositiveIntegerField(_("version"), default=0)
    trigger = models.CharField(_("why planned"), max_length=200, blank=True)
    solver = models.CharField(_("solver"), max_length=20, blank=True)
    runtime = models.FloatField(_("solve time (s)"), default=0)
    distance_m = models.PositiveIntegerField(_("distance (m)"), default=0)
    planned_at = models.DateTimeField(_("planned at"), null=True, blank=True)

    class Meta:
        ordering = ["-date", "service_point_id"]
        verbose_name = _("day plan")
        verbose_name_plural = _("day plans")
        constraints = [models.UniqueConstraint(fields=["service_point", "date"], name="sched_dayplan_uniq")]

    def __str__(self) -> str:
        return f"{self.service_point_id} {self.date} v{self.version}"


class PlanRoute(models.Model):
    """One engineer's day in a plan: departure, return, distance and rest break."""

    plan = models.ForeignKey(DayPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="routes")
    engineer = models.ForeignKey(
        "organisation.Engineer", verbose_name=_("engineer"), on_delete=models.CASCADE, related_name="+"
    )
    departure = models.DateTimeField(_("departure"))
    return_time = models.DateTimeField(_("back at"))
    distance_m = models.PositiveIntegerField(_("distance (m)"))
    break_start = models.DateTimeField(_("break from"), null=True, blank=True)
    break_after = models.PositiveSmallIntegerField(_("break after stop"), null=True, blank=True)

    class Meta:
        ordering = ["plan_id", "engineer_id"]
        verbose_name = _("planned route")
        verbose_name_plural = _("planned routes")
        constraints = [models.UniqueConstraint(fields=["plan", "engineer"], name="sched_route_uniq")]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.engineer_id}"


class PlanStop(models.Model):
    """One visit of a planned route, with the estimated arrival (ETA) and service start and end."""

    route = models.ForeignKey(
        PlanRoute, verbose_name=_("route"), on_delete=models.CASCADE, related_name="stops"
    )
    order = models.ForeignKey(
        "workorders.WorkOrder", verbose_name=_("order"), on_delete=models.CASCADE, related_name="+"
    )
    sequence = models.PositiveSmallIntegerField(_("stop number"))
    eta = models.DateTimeField(_("ETA"))
    start = models.DateTimeField(_("service from"))
    end = models.DateTimeField(_("service to"))
    sla_late = models.BooleanField(_("after the SLA deadline"), default=False)
    moved = models.BooleanField(_("appointment moved to another engineer"), default=False)

    class Meta:
        ordering = ["route_id", "sequence"]
        verbose_name = _("planned stop")
        verbose_name_plural = _("planned stops")

    def __str__(self) -> str:
        return f"{self.route_id} #{self.sequence} {self.order_id}"


class PlanLeftover(models.Model):
    """An order the plan could not fit today, with the reason; served by priority tomorrow."""

    plan = models.ForeignKey(
        DayPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="leftovers"
    )
    order = models.ForeignKey(
        "workorders.WorkOrder", verbose_name=_("order"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=40)
    priority = models.PositiveSmallIntegerField(_("priority"))

    class Meta:
        ordering = ["plan_id", "-priority", "id"]
        verbose_name = _("job left for tomorrow")
        verbose_name_plural = _("jobs left for tomorrow")

    def __str__(self) -> str:
        return f"{self.plan_id} {self.order_id} {self.reason}"
