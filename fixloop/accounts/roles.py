"""The roles of DESIGN.md; pure, no ORM."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CUSTOMER = "customer", _("Customer")
    AGENT = "agent", _("Agent")
    DISPATCHER = "dispatcher", _("Dispatcher")
    ENGINEER = "engineer", _("Engineer")
    WAREHOUSE = "warehouse", _("Warehouse")
    MANAGER = "manager", _("Manager")
    PARTNER = "partner", _("Partner")


STAFF_ROLES = frozenset({Role.AGENT, Role.DISPATCHER, Role.ENGINEER, Role.WAREHOUSE, Role.MANAGER})
# Roles whose order scope is "the service points I work for" (plus orders not yet routed to one).
SERVICE_POINT_ROLES = frozenset({Role.AGENT, Role.DISPATCHER, Role.WAREHOUSE})
