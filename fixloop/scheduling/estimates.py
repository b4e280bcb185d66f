"""How long a job takes: a fixed duration per model/fault, else the history of similar orders, else a default."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings

from fixloop.scheduling.models import JobDuration
from fixloop.workorders.models import WorkOrderEvent

DEFAULT_MINUTES = 60
# History counts only plausible visits: shorter is a mis-click, longer spans a parts wait.
MIN_MINUTES, MAX_MINUTES = 10, 8 * 60
# Work on the device starts at check-in / receipt and its on-site part ends at one of these.
STARTS = ("check_in", "receive_device")
ENDS = ("submit_qc", "quote", "resolve_remotely", "wait_parts")


def default_minutes() -> int:
    return getattr(settings, "SCHEDULING_DEFAULT_JOB_MINUTES", DEFAULT_MINUTES)


def estimate_minutes(orders: Iterable) -> dict[int, int]:
    """Minutes per order id: fixed table, else median of history for the model+fault, model, else default."""
    orders = list(orders)
    model_ids = {o.product_model_id for o in orders if o.product_model_id}
    fixed = {(d.product_model_id, d.fault_category): d.minutes for d in JobDuration.objects.filter(
        product_model_id__in=model_ids)}  # fmt: skip
    history = _history(model_ids)
    result = {}
    for order in orders:
        key, model_key = (order.product_model_id, order.fault_category), (order.product_model_id, "")
        result[order.pk] = (
            fixed.get(key)
            or fixed.get(model_key)
            or _median(history.get(key))
            or _median(history.get(model_key))
            or default_minutes()
        )
    return result


def _median(values: list[float] | None) -> int | None:
    return round(statistics.median(values)) if values else None


def _history(model_ids: set[int]) -> dict[tuple[int, str], list[float]]:
    """Durations from first start to first end event of past orders of these models (one query)."""
    if not model_ids:
        return {}
    events = (
        WorkOrderEvent.objects.filter(order__product_model_id__in=model_ids, action__in=STARTS + ENDS)
        .order_by("order_id", "id")
        .values_list("order_id", "order__product_model_id", "order__fault_category", "action", "created_at")
    )
    started: dict[int, object] = {}
    done: set[int] = set()
    out: dict[tuple[int, str], list[float]] = defaultdict(list)
    for order_id, model_id, fault, action, at in events:
        if action in STARTS:
            started.setdefault(order_id, at)
        elif order_id in started and order_id not in done:
            done.add(order_id)
            minutes = (at - started[order_id]).total_seconds() / 60
            if MIN_MINUTES <= minutes <= MAX_MINUTES:
                out[(model_id, fault)].append(minutes)
                out[(model_id, "")].append(minutes)
    return out
