"""Signals other modules listen to instead of being called from the work-order services."""

from django.dispatch import Signal

# Sent inside the transaction of every timeline event, after the event and its outbox row are written.
# Arguments: order (WorkOrder, already updated), event (WorkOrderEvent), actor (Actor).
# A receiver that raises rolls the whole change back, so receivers keep to work that must be atomic with
# the change (reserving parts, stopping a clock); anything slow or external goes through the outbox.
order_event = Signal()
