"""Periodic job: open maintenance orders ahead of their due dates."""

import datetime as dt

from fixloop.core.periodic import Periodic

PERIODIC = [
    Periodic(
        "aftercare.maintenance",
        every=dt.timedelta(hours=1),
        func="fixloop.aftercare.maintenance.open_due_orders",
    )
]
