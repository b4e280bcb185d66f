"""Outbox topics the surveys app reacts to."""

HANDLERS = {"workorder.close": "fixloop.surveys.services.on_order_closed"}
