"""App config for service levels."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "fixloop.sla"
    label = "sla"
    verbose_name = _("Service levels")

    def ready(self) -> None:
        from fixloop.sla import receivers  # noqa: F401  (connects the order_event receiver)
        from fixloop.sla.escalation import EVENT_ACTIONS, Level
        from fixloop.workorders.states import EVENT_LABELS

        EVENT_LABELS[EVENT_ACTIONS[Level.WARNING]] = _("SLA warning")
        EVENT_LABELS[EVENT_ACTIONS[Level.BREACH]] = _("SLA breached")
