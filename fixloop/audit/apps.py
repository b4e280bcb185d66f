"""App config for audit log."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "fixloop.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from fixloop.audit import receivers

        receivers.connect()
