"""Staff console: queue, order page, intake."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsoleConfig(AppConfig):
    name = "fixloop.console"
    verbose_name = _("Staff console")
