"""Order-up-to levels per part from a forecast and its own errors, and fixloop's default stocking policy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from fixloop.inventory import leadtime
from fixloop.inventory.forecasting import TOP_DOWN, forecast, rolling_forecasts
from fixloop.inventory.simulation import simulate_order_up_to

# How the spread of lead-time demand is derived from a method's own out-of-sample errors.
ERROR_MODELS: tuple[str, ...] = ("normal", "negbin", "empirical")
# fixloop's candidates, fixed before looking at the benchmark holdout: our top-down level, IMAPA
# (the most accurate non-trivial method in RESULTS.md) and optimised SES, the plain smoother.
DEFAULT_CANDIDATES: tuple[str, ...] = (TOP_DOWN, "IMAPA", "SESOpt")
NOMINAL_GRID: tuple[float, ...] = (
    0.5, 0.6, 0.7, 0.8, 0.85, 0.88, 0.9, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99, 0.995,
)  # fmt: skip
# Below this many parts the calibration simulation is too noisy to trust.
MIN_PARTS_TO_CALIBRATE = 50


@dataclass(frozen=True)
class PolicySettings:
    """Supplier lead time and review period in forecast periods, and the fill rate to reach."""

    lead_time: int = 1
    review_period: int = 1
    target_fill_rate: float = 0.95
    error_windows: int = 24
    calibration_periods: int = 6
    n_jobs: int = 1

    @property
    def protection(self) -> int:
        """Periods an order placed at a review must cover: until the order after it arrives."""
        return self.lead_time + self.review_period


@dataclass(frozen=True)
class CalibrationPoint:
    """Result of simulating one candidate at one nominal fill rate on the end of the history."""

    method: str
    nominal_fill_rate: float
    fill_rate: float
    average_on_hand: float


@dataclass(frozen=True)
class StockPlan:
    """Stocking levels for a group of parts (one row of history each) and why they were chosen."""

    method: str
    error_model: str
    nominal_fill_rate: float
    mean_per_period: np.ndarray
    order_up_to: np.ndarray
    reorder_point: np.ndarray
    expected_fill_rate: np.ndarray
    why: str
    calibration: tuple[CalibrationPoint, ...] = ()


def _spread_pmf(model: str, mean: float, errors: np.ndarray) -> np.ndarray:
    mse = float((errors**2).mean()) if errors.size else 0.0
    if model == "normal":
        return leadtime.normal_pmf(mean, np.sqrt(mse))
    if model == "negbin":
        return leadtime.count_pmf(mean, mse)
    return leadtime.empirical_pmf(mean + errors)


def _from_errors(
    means: np.ndarray,
    past_forecasts: np.ndarray,
    past_actuals: np.ndarray,
    settings: PolicySettings,
    model: str,
) -> leadtime.LeadTimeDemand:
    pmfs = []
    for span in (settings.lead_time, settings.protection):
        if span == 0:
            pmfs.append(np.array([1.0]))
            continue
        errors = past_actuals[:, :span].sum(axis=1) - past_forecasts[:, :span].sum(axis=1)
        pmfs.append(_spread_pmf(model, float(means[:span].sum()), errors))
    return leadtime.LeadTimeDemand(lead=pmfs[0], protection=pmfs[1], model=model)


def lead_time_demand(
    history: np.ndarray, method: str, settings: PolicySettings, error_model: str = "normal"
) -> tuple[np.ndarray, list[leadtime.LeadTimeDemand]]:
    """Forecast means per period and lead-time demand per series for `method`.

    The spread is the method's own: errors of its forecasts of the lead-time and protection-period
    totals from the last `error_windows` origins. RMSE (not the standard deviation) is used, so a
    method's bias widens its own buffer instead of being silently forgiven.
    """
    history = np.atleast_2d(np.asarray(history, dtype=float))
    span = settings.protection
    windows = max(1, min(settings.error_windows, history.shape[1] - span - 6))
    means = forecast(history, span, [method], n_jobs=settings.n_jobs)[method]
    past, actual = rolling_forecasts(history, span, windows, [method], n_jobs=settings.n_jobs)
    return means, ltds_from_forecasts(means, past[method], actual, settings, error_model)


def ltds_from_forecasts(
    means: np.ndarray, past: np.ndarray, actual: np.ndarray, settings: PolicySettings, error_model: str
) -> list[leadtime.LeadTimeDemand]:
    """Lead-time demand per series from forecasts (series x h) and past forecasts/actuals (series x window x h)."""
    return [_from_errors(means[i], past[i], actual[i], settings, error_model) for i in range(len(means))]


def levels_from_curves(curves: Sequence[np.ndarray], nominal: float) -> np.ndarray:
    """Smallest level on each fill-rate curve that reaches `nominal` (the top of the curve if none does)."""
    return np.array(
        [int(np.argmax(c >= nominal - 1e-12)) if c[-1] >= nominal - 1e-12 else c.size - 1 for c in curves]
    )


def plan_with_method(
    history: np.ndarray,
    method: str,
    settings: PolicySettings,
    *,
    error_model: str = "normal",
    nominal: float | None = None,
    why: str = "",
) -> StockPlan:
    """Stocking levels from one forecasting method, aiming each part at `nominal` (default: the target)."""
    nominal = settings.target_fill_rate if nominal is None else nominal
    means, ltds = lead_time_demand(history, method, settings, error_model)
    curves = [leadtime.fill_rate_curve(ltd) for ltd in ltds]
    levels = levels_from_curves(curves, nominal)
    return StockPlan(
        method=method,
        error_model=error_model,
        nominal_fill_rate=nominal,
        mean_per_period=means.mean(axis=1),
        order_up_to=levels,
        reorder_point=np.array([leadtime.reorder_point_for_fill_rate(ltd, nominal) for ltd in ltds]),
        expected_fill_rate=np.array([c[min(s, c.size - 1)] for c, s in zip(curves, levels, strict=True)]),
        why=why or f"{method} forecast, {error_model} spread from its own errors, aimed at {nominal:.1%}",
    )


def calibrate(
    history: np.ndarray, settings: PolicySettings, candidates: Sequence[str] = DEFAULT_CANDIDATES
) -> list[CalibrationPoint]:
    """Simulate each candidate at each nominal fill rate over the last `calibration_periods` of history.

    Forecasts and errors come only from the periods before that window, exactly as they would
    have been known then, so the simulation is an honest rehearsal of the policy.
    """
    cut = settings.calibration_periods
    fitted, future = history[:, :-cut], history[:, -cut:]
    points = []
    for method in candidates:
        _, ltds = lead_time_demand(fitted, method, settings)
        curves = [leadtime.fill_rate_curve(ltd) for ltd in ltds]
        for nominal in NOMINAL_GRID:
            run = simulate_order_up_to(
                future,
                levels_from_curves(curves, nominal),
                lead_time=settings.lead_time,
                review_period=settings.review_period,
            )
            points.append(CalibrationPoint(method, nominal, run.fill_rate, run.average_on_hand))
    return points


def choose(points: Sequence[CalibrationPoint], target: float) -> CalibrationPoint:
    """Least stock among the points that reached the target; if none did, the highest fill rate."""
    reached = [p for p in points if p.fill_rate >= target]
    if reached:
        return min(reached, key=lambda p: (p.average_on_hand, -p.fill_rate))
    return max(points, key=lambda p: (p.fill_rate, -p.average_on_hand))


def plan_default(
    history: np.ndarray, settings: PolicySettings, candidates: Sequence[str] = DEFAULT_CANDIDATES
) -> StockPlan:
    """fixloop's default: the candidate and nominal level that reached the fill rate with least stock.

    Point accuracy does not pick the method (the all-zero forecast wins MASE on spare parts and
    stocks nothing). Instead each candidate rehearses the order-up-to policy on the end of the
    history; the winner is then re-fitted on all of it. The nominal level is calibrated because a
    per-part fill-rate model is only approximately right on lumpy demand, and the rehearsal
    measures by how much.
    """
    history = np.atleast_2d(np.asarray(history, dtype=float))
    enough = history.shape[1] >= settings.calibration_periods + settings.protection + 12
    if history.shape[0] < MIN_PARTS_TO_CALIBRATE or not enough:
        why = f"too few parts or periods to rehearse; {candidates[0]} aimed at the target as is"
        return plan_with_method(history, candidates[0], settings, why=why)
    points = calibrate(history, settings, candidates)
    best = choose(points, settings.target_fill_rate)
    why = (
        f"rehearsed {len(candidates)} methods x {len(NOMINAL_GRID)} nominal levels on the last "
        f"{settings.calibration_periods} periods; {best.method} aimed at {best.nominal_fill_rate:.1%} served "
        f"{best.fill_rate:.1%} with {best.average_on_hand:.2f} units on hand per part, the least stock "
        f"reaching {settings.target_fill_rate:.1%}"
    )
    plan = plan_with_method(history, best.method, settings, nominal=best.nominal_fill_rate, why=why)
    return replace(plan, calibration=tuple(points))
