"""Human-readable order numbers (RO-20261123-0042), unique under concurrent creation."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F

from fixloop.workorders.models import OrderNumberCounter


def allocate_number(prefix: str, day: dt.date) -> str:
    """Take the next number of the day in a short transaction of its own.

    Running apart from the order's transaction keeps the counter row locked only for an instant,
    so concurrent creates do not queue behind each other's commits; a failed create leaves a gap.
    """
    for _attempt in range(3):
        with transaction.atomic():
            if OrderNumberCounter.objects.filter(prefix=prefix, day=day).update(last=F("last") + 1):
                last = OrderNumberCounter.objects.values_list("last", flat=True).get(prefix=prefix, day=day)
                return f"{prefix}-{day:%Y%m%d}-{last:04d}"
        try:
            with transaction.atomic():
                OrderNumberCounter.objects.create(prefix=prefix, day=day, last=1)
                return f"{prefix}-{day:%Y%m%d}-0001"
        except IntegrityError:
            continue  # another process created today's row first: take the update path
    raise RuntimeError("could not allocate an order number")


def allocate_block(prefix: str, day: dt.date, count: int) -> int:
    """Reserve `count` consecutive numbers of the day (bulk loads); returns the first."""
    with transaction.atomic():
        OrderNumberCounter.objects.get_or_create(prefix=prefix, day=day)
        OrderNumberCounter.objects.filter(prefix=prefix, day=day).update(last=F("last") + count)
        return (
            OrderNumberCounter.objects.values_list("last", flat=True).get(prefix=prefix, day=day) - count + 1
        )
