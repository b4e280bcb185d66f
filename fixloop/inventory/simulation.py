"""Simulate a periodic-review order-up-to policy on actual demand: fill rate and stock on hand."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class SimulationResult:
    """Per series and period: demand, units served at once from stock, and opening/closing stock on hand."""

    demand: np.ndarray
    served: np.ndarray
    opening: np.ndarray
    closing: np.ndarray
    ordered: np.ndarray

    @property
    def fill_rate(self) -> float:
        """Units served from stock over units demanded, pooled over all series and periods."""
        total = self.demand.sum()
        return float(self.served.sum() / total) if total > 0 else 1.0

    @property
    def average_on_hand(self) -> float:
        """Mean stock on hand per series and period, as the mean of the opening and closing count."""
        return float(((self.opening + self.closing) / 2).mean())

    def fill_rate_per_series(self) -> np.ndarray:
        """Fill rate of each series; NaN where the series had no demand."""
        total = self.demand.sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(total > 0, self.served.sum(axis=1) / total, np.nan)


def simulate_order_up_to(
    demand: np.ndarray,
    order_up_to: np.ndarray,
    *,
    lead_time: int,
    review_period: int = 1,
) -> SimulationResult:
    """Run the (R, S) policy on `demand` (series x periods), starting with S on hand and nothing on order.

    Each period: receive what was ordered `lead_time` periods ago, then, on a review period, order
    up to S (inventory position = net stock + on order), then meet demand. Unmet demand is
    backordered (the repair waits for its part) and served first from later receipts; it does not
    count as served from stock. `order_up_to` is one level per series or one per series and period.
    """
    demand = np.atleast_2d(np.asarray(demand, dtype=float))
    n, horizon = demand.shape
    levels = np.broadcast_to(np.asarray(order_up_to, dtype=float).reshape(n, -1), (n, horizon))
    net = levels[:, 0].copy()  # on hand minus backorders
    pipeline = np.zeros((n, horizon + lead_time + 1))
    served, opening, closing, ordered = (np.zeros((n, horizon)) for _ in range(4))
    for t in range(horizon):
        net += pipeline[:, t]
        if t % review_period == 0:
            position = net + pipeline[:, t + 1 :].sum(axis=1)
            ordered[:, t] = np.maximum(levels[:, t] - position, 0.0)
            # A zero lead time means the order is on the shelf before this period's demand.
            if lead_time == 0:
                net += ordered[:, t]
            else:
                pipeline[:, t + lead_time] += ordered[:, t]
        opening[:, t] = np.maximum(net, 0.0)
        served[:, t] = np.minimum(demand[:, t], opening[:, t])
        net -= demand[:, t]
        closing[:, t] = np.maximum(net, 0.0)
    return SimulationResult(demand=demand, served=served, opening=opening, closing=closing, ordered=ordered)
