"""App config for maintenance and follow-up."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AftercareConfig(AppConfig):
    name = "fixloop.aftercare"
    label = "aftercare"
    verbose_name = _("Maintenance and follow-up")
