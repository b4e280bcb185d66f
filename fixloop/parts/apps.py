"""App config for spare parts."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartsConfig(AppConfig):
    name = "fixloop.parts"
    label = "parts"
    verbose_name = _("Spare parts")

    def ready(self) -> None:
        from fixloop.parts.receivers import on_order_event
        from fixloop.workorders.signals import order_event

        order_event.connect(on_order_event, dispatch_uid="parts.on_order_event")
