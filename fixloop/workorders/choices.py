"""Choices describing a work order at intake: kind, channel, service mode, priority, fault details."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    REPAIR = "repair", _("Repair")
    MAINTENANCE = "maintenance", _("Maintenance")
    TECHNICAL_SUPPORT = "technical_support", _("Technical support")
    CONSULTATION = "consultation", _("Consultation")
    TRAINING = "training", _("Training")
    SUGGESTION = "suggestion", _("Suggestion")


NUMBER_PREFIX = {
    Kind.REPAIR: "RO",
    Kind.MAINTENANCE: "MO",
    Kind.TECHNICAL_SUPPORT: "TS",
    Kind.CONSULTATION: "CO",
    Kind.TRAINING: "TR",
    Kind.SUGGESTION: "SG",
}


class Channel(models.TextChoices):
    WEB = "web", _("Web portal")
    APP = "app", _("App / API")
    EMAIL = "email", _("Email")
    HOTLINE = "hotline", _("Hotline")
    WALK_IN = "walk_in", _("Walk-in")
    PARTNER = "partner", _("Partner")
    MESSAGING = "messaging", _("Messaging")


class ServiceMode(models.TextChoices):
    REMOTE = "remote", _("Remote")
    ON_SITE = "on_site", _("On-site")
    CARRY_IN = "carry_in", _("Carry-in")
    PICKUP = "pickup", _("Pickup / mail-in")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Frequency(models.TextChoices):
    ALWAYS = "always", _("Always")
    OFTEN = "often", _("Often")
    SOMETIMES = "sometimes", _("Sometimes")
    ONCE = "once", _("Happened once")


class ExternalCause(models.TextChoices):
    DROP = "drop", _("Dropped")
    WATER = "water", _("Water / liquid")
    POWER_SURGE = "power_surge", _("Power surge")
    OTHER = "other", _("Other external cause")


class FaultCause(models.TextChoices):
    HARDWARE = "hardware", _("Hardware")
    SOFTWARE = "software", _("Software")
    NETWORK = "network", _("Network")
    OPERATOR_ERROR = "operator_error", _("Operator error")
    EXTERNAL_DAMAGE = "external_damage", _("External damage")


class DamageExtent(models.TextChoices):
    NONE = "none", _("No physical damage")
    MINOR = "minor", _("Minor")
    MODERATE = "moderate", _("Moderate")
    SEVERE = "severe", _("Severe")


class Feasibility(models.TextChoices):
    REPAIRABLE = "repairable", _("Repairable")
    REPLACE = "replace", _("Replace the unit")
    NOT_REPAIRABLE = "not_repairable", _("Not repairable")
