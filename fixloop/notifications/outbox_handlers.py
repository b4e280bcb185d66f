"""Topics the notifications module delivers."""

HANDLERS = {
    "workorder.": "fixloop.notifications.handlers.on_order_event",
    "notify": "fixloop.notifications.handlers.on_notify",
    "notifications.send": "fixloop.notifications.handlers.on_send_request",
}
