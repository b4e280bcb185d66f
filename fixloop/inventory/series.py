"""Turn dated stock-issue records into regular monthly or weekly demand series (gaps become zeros)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import numpy as np

Frequency = Literal["M", "W"]


@dataclass(frozen=True)
class DemandSeries:
    """Demand per period: `periods[i]` is the first day of the period whose demand is `values[i]`."""

    periods: tuple[date, ...]
    values: np.ndarray
    freq: Frequency


def period_start(day: date, freq: Frequency) -> date:
    """First day of the month (M) or the ISO week, Monday (W), that contains `day`."""
    if freq == "M":
        return day.replace(day=1)
    return day - timedelta(days=day.weekday())


def next_period(start: date, freq: Frequency) -> date:
    """First day of the period after the one starting on `start`."""
    if freq == "M":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start + timedelta(days=7)


def demand_series(
    records: Iterable[tuple[date, float]],
    *,
    freq: Frequency = "M",
    start: date | None = None,
    end: date | None = None,
) -> DemandSeries:
    """Sum issue quantities per period from `start` to `end` (inclusive, defaulting to the records' span).

    Quantities are netted within a period (a return cancels an issue of the same month) and floored at
    zero: a period with more returns than issues had no demand, it did not have negative demand.
    Records outside [start, end] are ignored, so a caller can pass the whole ledger.
    """
    rows = [(period_start(day, freq), float(qty)) for day, qty in records]
    if start is None and end is None and not rows:
        return DemandSeries(periods=(), values=np.zeros(0), freq=freq)
    first = period_start(start, freq) if start else min(p for p, _ in rows)
    last = period_start(end, freq) if end else max(p for p, _ in rows)
    periods: list[date] = []
    cursor = first
    while cursor <= last:
        periods.append(cursor)
        cursor = next_period(cursor, freq)
    index = {p: i for i, p in enumerate(periods)}
    values = np.zeros(len(periods))
    for p, qty in rows:
        if p in index:
            values[index[p]] += qty
    return DemandSeries(periods=tuple(periods), values=np.maximum(values, 0.0), freq=freq)
