"""Order-up-to levels per part from a forecast and its own errors, and fixloop's default stocking policy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from fixloop.inventory import leadtime
from fixloop.inventory.forecasting import BOOSTED, POOLED, TOP_DOWN, forecast
from fixloop.inventory.simulation import simulate_order_up_to

# How the spread of lead-time demand is derived from a method's own out-of-sample errors.
ERROR_MODELS: tuple[str, ...] = ("normal", "negbin", "empirical")
# fixloop's own spread: the normal one, but each part's error variance is pulled half-way toward
# the group's variance-to-mean ratio times the part's forecast (see shrunk_variances).
SHRUNK = "shrunk"
# Weight of a part's own mean squared error; the rest goes to the pooled ratio. Half-way: in the
# rehearsal on carparts' training months (stock needed for 95 %), 0.3, 0.5 and 0.7 all beat the
# unshrunk 1.0 for each of the three candidates, while 0 (the pooled ratio alone) was far worse for
# IMAPA and SESOpt: some parts' errors really are wilder than their size suggests.
OWN_ERROR_WEIGHT = 0.5
_SPREAD_WORDS = {SHRUNK: "shrunk spread (its own errors pooled half-way with the group's)"}
# Spreads the default rehearses: the plain one stays a candidate, so shrinking must earn its place.
DEFAULT_ERROR_MODELS: tuple[str, ...] = ("normal", SHRUNK)
# fixloop's candidates: our top-down level, our pooled blend of recent means, our boosted trees across
# parts, IMAPA (the most accurate non-trivial method in RESULTS.md) and optimised SES, the plain smoother.
DEFAULT_CANDIDATES: tuple[str, ...] = (TOP_DOWN, POOLED, BOOSTED, "IMAPA", "SESOpt")
# Consecutive windows of `calibration_periods` the rehearsal pools (fewer if the history is short).
# One half-year of a thousand lumpy parts is a noisy judge: on carparts' training months the
# candidates' stock at 95 % swapped order from one half-year to the next, so three are pooled.
REHEARSAL_WINDOWS = 3
# History a rehearsal window needs before it: the protection period plus a year to forecast from.
MIN_FITTED = 12
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
    error_model: str = "normal"


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


def shrunk_variances(
    means: np.ndarray, past: np.ndarray, actual: np.ndarray, span: int, own_weight: float = OWN_ERROR_WEIGHT
) -> np.ndarray:
    """Variance of each part's `span`-period total: own MSE shrunk toward the group's MSE-to-mean ratio.

    A part's MSE comes from a couple of dozen overlapping windows of a few lumpy orders, so one
    big order inflates it for two years and a quiet spell hides a lumpy part. The group's ratio
    (sum of MSEs / sum of forecast totals) is a steady estimate of how noisy demand of a given size
    is; own_weight * MSE + (1 - own_weight) * ratio * forecast keeps each part's own evidence but
    only half of its noise.
    """
    errors = actual[:, :, :span].sum(axis=2) - past[:, :, :span].sum(axis=2)
    mse = (errors**2).mean(axis=1)
    totals = means[:, :span].sum(axis=1)
    ratio = mse.sum() / totals.sum() if totals.sum() > 0 else 0.0
    return own_weight * mse + (1 - own_weight) * ratio * totals


def _shrunk_ltds(
    means: np.ndarray, past: np.ndarray, actual: np.ndarray, settings: PolicySettings
) -> list[leadtime.LeadTimeDemand]:
    pmfs = []
    for span in (settings.lead_time, settings.protection):
        if span == 0:
            pmfs.append([np.array([1.0])] * len(means))
            continue
        sds = np.sqrt(shrunk_variances(means, past, actual, span))
        totals = means[:, :span].sum(axis=1)
        pmfs.append([leadtime.normal_pmf(float(m), float(sd)) for m, sd in zip(totals, sds, strict=True)])
    return [
        leadtime.LeadTimeDemand(lead=lt, protection=pt, model=SHRUNK) for lt, pt in zip(*pmfs, strict=True)
    ]


def lead_time_demand(
    history: np.ndarray, method: str, settings: PolicySettings, error_model: str = "normal"
) -> tuple[np.ndarray, list[leadtime.LeadTimeDemand]]:
    """Forecast means per period and lead-time demand per series for `method`.

    The spread is the method's own: errors of its forecasts of the lead-time and protection-period
    totals from the last `error_windows` origins. RMSE (not the standard deviation) is used, so a
    method's bias widens its own buffer instead of being silently forgiven.
    """
    means, past, actual = _forecasts_and_errors(history, method, settings)
    return means, ltds_from_forecasts(means, past, actual, settings, error_model)


def _forecasts_and_errors(
    history: np.ndarray, method: str, settings: PolicySettings
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    means, past, actual = forecasts_from_origins(history, [method], settings)
    return means[method], past[method], actual


def forecasts_from_origins(
    history: np.ndarray,
    methods: Sequence[str],
    settings: PolicySettings,
    cache: dict[int, dict[str, np.ndarray]] | None = None,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], np.ndarray]:
    """Forecasts from the end of `history` and from its rolling origins, for all methods at once.

    A forecast from origin o sees history[:, :o] only, so rehearsal windows of one history share
    their origins' forecasts: `cache` (origin -> forecasts) keeps each one computed once.
    """
    history = np.atleast_2d(np.asarray(history, dtype=float))
    cache = {} if cache is None else cache
    span, t = settings.protection, history.shape[1]
    windows = max(1, min(settings.error_windows, t - span - 6))
    origins = range(t - span - windows + 1, t - span + 1)
    for o in (*origins, t):
        if o not in cache:
            # statsforecast fits all the methods in one pass over the series
            cache[o] = forecast(history[:, :o], span, methods, n_jobs=settings.n_jobs)
    past = {m: np.stack([cache[o][m] for o in origins], axis=1) for m in methods}
    actual = np.stack([history[:, o : o + span] for o in origins], axis=1)
    return cache[t], past, actual


def ltds_from_forecasts(
    means: np.ndarray, past: np.ndarray, actual: np.ndarray, settings: PolicySettings, error_model: str
) -> list[leadtime.LeadTimeDemand]:
    """Lead-time demand per series from forecasts (series x h) and past forecasts/actuals (series x window x h).

    `error_model` is one of ERROR_MODELS, or SHRUNK, which pools the spread across the series.
    """
    if error_model == SHRUNK:
        return _shrunk_ltds(means, past, actual, settings)
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
        why=why
        or f"{method} forecast, {_SPREAD_WORDS.get(error_model, error_model + ' spread from its own errors')}, "
        f"aimed at {nominal:.1%}",
    )


def calibrate(
    history: np.ndarray,
    settings: PolicySettings,
    candidates: Sequence[str] = DEFAULT_CANDIDATES,
    error_models: Sequence[str] = DEFAULT_ERROR_MODELS,
    cache: dict[int, dict[str, np.ndarray]] | None = None,
) -> list[CalibrationPoint]:
    """Simulate each candidate and spread at each nominal fill rate over the last rehearsal windows.

    Each window is `calibration_periods` long; forecasts and errors for it come only from the
    periods before it, exactly as they would have been known then, so the simulation is an honest
    rehearsal of the policy. Fill rate and stock are pooled over the windows (rehearsal_windows).
    `cache` is forecasts_from_origins' cache, for callers that rehearse the same candidates on
    several prefixes of one history.
    """
    cut = settings.calibration_periods
    ends = [history.shape[1] - k * cut for k in range(rehearsal_windows(history.shape[1], settings))]
    # served units, demanded units, on-hand sum and part-periods per (method, spread, nominal)
    totals: dict[tuple[str, str, float], np.ndarray] = {}
    cache = {} if cache is None else cache
    for end in ends:
        fitted, future = history[:, : end - cut], history[:, end - cut : end]
        all_means, all_past, actual = forecasts_from_origins(fitted, candidates, settings, cache)
        for method in candidates:
            means, past = all_means[method], all_past[method]
            for model in error_models:
                ltds = ltds_from_forecasts(means, past, actual, settings, model)
                curves = [leadtime.fill_rate_curve(ltd) for ltd in ltds]
                for nominal in NOMINAL_GRID:
                    run = simulate_order_up_to(
                        future,
                        levels_from_curves(curves, nominal),
                        lead_time=settings.lead_time,
                        review_period=settings.review_period,
                    )
                    on_hand = (run.opening + run.closing) / 2
                    sums = np.array([run.served.sum(), run.demand.sum(), on_hand.sum(), on_hand.size])
                    key = (method, model, nominal)
                    totals[key] = totals.get(key, 0) + sums
    points = []
    for (method, model, nominal), (served, demanded, on_hand, cells) in totals.items():
        fill = served / demanded if demanded > 0 else 1.0
        points.append(CalibrationPoint(method, nominal, float(fill), float(on_hand / cells), model))
    return points


def rehearsal_windows(periods: int, settings: PolicySettings) -> int:
    """How many of the REHEARSAL_WINDOWS fit in `periods`, each with enough history before it (0 if none)."""
    room = periods - settings.protection - MIN_FITTED
    return max(0, min(REHEARSAL_WINDOWS, room // settings.calibration_periods))


def can_rehearse(history: np.ndarray, settings: PolicySettings) -> bool:
    """Whether `history` (parts x periods) has enough parts and periods for the rehearsal to be trusted."""
    parts, periods = history.shape
    return parts >= MIN_PARTS_TO_CALIBRATE and rehearsal_windows(periods, settings) > 0


def choose(points: Sequence[CalibrationPoint], target: float) -> CalibrationPoint:
    """Least stock among the points that reached the target; if none did, the highest fill rate."""
    reached = [p for p in points if p.fill_rate >= target]
    if reached:
        return min(reached, key=lambda p: (p.average_on_hand, -p.fill_rate))
    return max(points, key=lambda p: (p.fill_rate, -p.average_on_hand))


def plan_default(
    history: np.ndarray,
    settings: PolicySettings,
    candidates: Sequence[str] = DEFAULT_CANDIDATES,
    error_models: Sequence[str] = DEFAULT_ERROR_MODELS,
) -> StockPlan:
    """fixloop's default: the candidate and nominal level that reached the fill rate with least stock.

    Point accuracy does not pick the method (the all-zero forecast wins MASE on spare parts and
    stocks nothing). Instead each candidate rehearses the order-up-to policy on the end of the
    history; the winner is then re-fitted on all of it. The nominal level is calibrated because a
    per-part fill-rate model is only approximately right on lumpy demand, and the rehearsal
    measures by how much.
    """
    history = np.atleast_2d(np.asarray(history, dtype=float))
    if not can_rehearse(history, settings):
        why = f"too few parts or periods to rehearse; {candidates[0]} aimed at the target as is"
        return plan_with_method(history, candidates[0], settings, why=why)
    points = calibrate(history, settings, candidates, error_models)
    best = choose(points, settings.target_fill_rate)
    why = (
        f"rehearsed {len(candidates)} methods x {len(error_models)} spreads x {len(NOMINAL_GRID)} nominal "
        f"levels on the last {rehearsal_windows(history.shape[1], settings)} x "
        f"{settings.calibration_periods} periods; {best.method} ({best.error_model} "
        f"spread) aimed at {best.nominal_fill_rate:.1%} served "
        f"{best.fill_rate:.1%} with {best.average_on_hand:.2f} units on hand per part, the least stock "
        f"reaching {settings.target_fill_rate:.1%}"
    )
    plan = plan_with_method(
        history, best.method, settings, error_model=best.error_model, nominal=best.nominal_fill_rate, why=why
    )
    return replace(plan, calibration=tuple(points))
