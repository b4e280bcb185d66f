"""The worker's spare-parts jobs: re-plan stock levels and suggestions, and pause repairs still short of parts."""

import datetime as dt

from fixloop.core.periodic import Periodic
from fixloop.parts.receivers import pause_for_parts
from fixloop.parts.services.planning import recompute_suggestions, recompute_targets
from fixloop.parts.stock_models import PartShortage

PERIODIC = [
    Periodic("parts.replan", every=dt.timedelta(hours=24), func="fixloop.parts.jobs.replan"),
    Periodic(
        "parts.pause_short_repairs",
        every=dt.timedelta(minutes=10),
        func="fixloop.parts.jobs.pause_short_repairs",
    ),
]


def replan(now: dt.datetime) -> int:
    """Targets from the ledger, then suggestions from them; both are replaced, so a rerun changes nothing."""
    return recompute_targets(now) + recompute_suggestions(now)


def pause_short_repairs(now: dt.datetime) -> int:
    """Safety net for the approval's after-commit step: repairs on the bench with open shortages wait for parts."""
    ids = PartShortage.objects.filter(status=PartShortage.Status.OPEN, order__state="repairing").values_list(
        "order_id", flat=True
    )
    return sum(pause_for_parts(order_id) for order_id in set(ids))
