"""App config for operations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "fixloop.ops"
    label = "ops"
    verbose_name = _("Operations")

    def ready(self):
        from fixloop.ops import checks  # noqa: F401  (registers the deploy checks)
