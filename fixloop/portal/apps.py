"""Customer portal: my orders, report a fault, progress, quote decisions, public tracking."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "fixloop.portal"
    verbose_name = _("Customer portal")
