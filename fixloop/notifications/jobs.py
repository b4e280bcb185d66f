"""Periodic work of the notifications module."""

import datetime as dt

from fixloop.core.periodic import Periodic

PERIODIC = [
    Periodic(
        "notifications.retry_due",
        every=dt.timedelta(seconds=30),
        func="fixloop.notifications.sending.retry_due",
    ),
]
