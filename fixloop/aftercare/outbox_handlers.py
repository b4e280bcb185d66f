"""Outbox topics aftercare reacts to."""

HANDLERS = {"workorder.close": "fixloop.aftercare.followups.on_order_closed"}
