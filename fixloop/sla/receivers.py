"""Keeps each order's SLA snapshot in step with its timeline, inside the event's transaction."""

from django.dispatch import receiver

from fixloop.sla import snapshots
from fixloop.workorders.signals import order_event

# The escalation service writes these events and saves the snapshot itself, at the scan's `now`.
OWN_ACTIONS = frozenset({"sla_warning", "sla_breach"})


@receiver(order_event, dispatch_uid="sla.recompute")
def recompute_on_event(sender, order, event, actor, **kwargs) -> None:
    if event.action not in OWN_ACTIONS:
        snapshots.recompute(order, now=event.created_at)
