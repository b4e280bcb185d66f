"""SLA choices: clocks, escalation levels, snapshot status and the queue's urgency, each with a label."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fixloop.sla.clocks import KIND_LABELS, ClockKind


class ClockChoice(models.TextChoices):
    FIRST_RESPONSE = ClockKind.FIRST_RESPONSE.value, KIND_LABELS[ClockKind.FIRST_RESPONSE]
    ARRIVAL = ClockKind.ARRIVAL.value, KIND_LABELS[ClockKind.ARRIVAL]
    RESOLUTION = ClockKind.RESOLUTION.value, KIND_LABELS[ClockKind.RESOLUTION]


class Level(models.TextChoices):
    WARNING = "warning", pgettext_lazy("sla level", "Warning")
    BREACH = "breach", pgettext_lazy("sla level", "Breach")


class SnapshotStatus(models.TextChoices):
    """The order's SLA as computed: breached beats running, running beats paused, paused beats met."""

    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    MET = "met", _("Met")
    BREACHED = "breached", _("Breached")
    NONE = "none", _("No SLA")


class Urgency(models.TextChoices):
    """The queue's SLA status at this moment; the badge colour is the value (`sla-<value>`)."""

    OK = "ok", _("On time")
    WARNING = "warning", pgettext_lazy("sla urgency", "At risk")
    BREACHED = "breached", _("Breached")
    PAUSED = "paused", _("Paused")
    MET = "met", _("Met")
    TODAY = "today", _("Breaching today")
