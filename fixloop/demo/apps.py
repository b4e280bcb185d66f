"""App config for demo data, synthetic load data and the serve command."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "fixloop.demo"
    label = "demo"
    verbose_name = _("Demo data")
