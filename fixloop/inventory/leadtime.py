"""Lead-time and protection-period demand as discrete distributions, and the fill rates they imply."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

# Tail mass we are willing to drop when truncating a distribution: far below any fill-rate target.
_TAIL = 1e-7


@dataclass(frozen=True)
class LeadTimeDemand:
    """Demand distributions for one part at one location under a periodic-review policy.

    `lead` is the pmf (index = units) of demand over the supplier lead time L; `protection` over
    L + R, the time an order placed at a review must cover until the next order arrives.
    """

    lead: np.ndarray
    protection: np.ndarray
    model: str

    @property
    def cycle_demand(self) -> float:
        """Mean demand of one review period, taken from the pmfs so the fill rate stays consistent."""
        return max(mean_of(self.protection) - mean_of(self.lead), 0.0)


def _normalise(pmf: np.ndarray) -> np.ndarray:
    total = pmf.sum()
    return pmf / total if total > 0 else np.array([1.0])


def mean_of(pmf: np.ndarray) -> float:
    """Mean of a pmf indexed by units."""
    return float((np.arange(pmf.size) * pmf).sum())


def count_pmf(mean: float, variance: float) -> np.ndarray:
    """Poisson if the variance does not exceed the mean, else the negative binomial with both moments."""
    if mean <= 0:
        return np.array([1.0])
    if variance <= mean * (1 + 1e-9):
        dist = stats.poisson(mean)
    else:
        # scipy's nbinom(n, p): mean n(1-p)/p, variance n(1-p)/p^2, so p = mean/var, n = mean p/(1-p).
        p = mean / variance
        dist = stats.nbinom(mean * p / (1 - p), p)
    top = int(dist.ppf(1 - _TAIL)) + 1
    return _normalise(dist.pmf(np.arange(top + 1)))


def normal_pmf(mean: float, sd: float) -> np.ndarray:
    """The normal N(mean, sd) rounded to whole units, with its mass below zero put on zero."""
    if sd <= 0:
        return empirical_pmf(np.array([mean]))
    top = max(int(np.ceil(mean + 6 * sd)), 0) + 1
    cdf = stats.norm.cdf(np.arange(top + 1) + 0.5, loc=mean, scale=sd)
    return _normalise(np.diff(np.concatenate([[0.0], cdf])))


def empirical_pmf(samples: np.ndarray) -> np.ndarray:
    """Distribution of the given demand samples, rounded to whole units and floored at zero."""
    units = np.rint(np.clip(np.asarray(samples, dtype=float), 0, None)).astype(int)
    if units.size == 0:
        return np.array([1.0])
    return np.bincount(units) / units.size


def from_period_pmf(period: np.ndarray, *, lead_time: int, review_period: int) -> LeadTimeDemand:
    """Lead-time and protection-period demand as sums of independent periods with the given pmf."""

    def power(times: int) -> np.ndarray:
        total = np.array([1.0])
        for _ in range(times):
            total = np.convolve(total, period)
        return total

    return LeadTimeDemand(
        lead=power(lead_time), protection=power(lead_time + review_period), model="independent periods"
    )


def shortage_curve(pmf: np.ndarray, size: int) -> np.ndarray:
    """E[(D - S)^+] for S = 0 .. size - 1, using E[(D - S)^+] = sum over j >= S of P(D > j)."""
    survival = 1.0 - np.cumsum(pmf)
    tail = np.cumsum(np.clip(survival, 0.0, None)[::-1])[::-1]
    return np.concatenate([tail, np.zeros(max(size - tail.size, 0))])[:size]


def fill_rate_curve(ltd: LeadTimeDemand) -> np.ndarray:
    """Expected fill rate for every order-up-to level S = 0 .. max demand (backorders allowed).

    Per review cycle the units short are E[(D_{L+R} - S)^+] - E[(D_L - S)^+] (Hadley-Whitin): what
    the protection period's demand leaves uncovered, less what was already short before the
    cycle's order could arrive.
    """
    size = ltd.protection.size + 1
    if ltd.cycle_demand <= 1e-12:
        return np.ones(size)
    short = shortage_curve(ltd.protection, size) - shortage_curve(ltd.lead, size)
    return 1.0 - np.clip(short, 0.0, None) / ltd.cycle_demand


def order_up_to_for_fill_rate(ltd: LeadTimeDemand, target: float) -> int:
    """Smallest order-up-to level S whose expected fill rate reaches `target`."""
    curve = fill_rate_curve(ltd)
    reached = np.nonzero(curve >= target - 1e-12)[0]
    return int(reached[0]) if reached.size else curve.size - 1


def reorder_point_for_fill_rate(ltd: LeadTimeDemand, target: float) -> int:
    """Smallest stock level s that serves `target` of the demand expected within one lead time.

    Below s a part is at risk before any new order can arrive, so a purchase is urgent.
    """
    mean = mean_of(ltd.lead)
    if mean <= 1e-12:
        return 0
    curve = 1.0 - shortage_curve(ltd.lead, ltd.lead.size + 1) / mean
    return int(np.nonzero(curve >= target - 1e-12)[0][0])
