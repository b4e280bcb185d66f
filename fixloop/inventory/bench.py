"""`fixloop bench parts`: forecast accuracy and simulated fill rate vs stock on the carparts data."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TextIO

import numpy as np
import pandas as pd

from fixloop.inventory import leadtime
from fixloop.inventory.forecasting import (
    ALL_METHODS,
    STATSFORECAST_METHODS,
    forecast,
    mase,
    rmsse,
    rolling_forecasts,
    select_by_holdout,
)
from fixloop.inventory.policy import (
    DEFAULT_ERROR_MODELS,
    ERROR_MODELS,
    MIN_FITTED,
    NOMINAL_GRID,
    SHRUNK,
    CalibrationPoint,
    PolicySettings,
    StockPlan,
    calibrate,
    can_rehearse,
    choose,
    forecasts_from_origins,
    levels_from_curves,
    ltds_from_forecasts,
    plan_default,
)
from fixloop.inventory.simulation import simulate_order_up_to

SELECTED = "Selected(RMSSE)"
# Spreads every method is swept with: the policy's own models plus the default's pooled one, so the
# equal-fill comparison gives the statsforecast methods everything the default has.
SPREADS: tuple[str, ...] = (*ERROR_MODELS, SHRUNK)
# Columns of the printed trade-off table; the comparison uses the whole NOMINAL_GRID.
TABLE_LEVELS: tuple[float, ...] = (0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995)
WHY_TIMING = (
    "Review period R = {r} month(s): the data are monthly and the worker re-plans monthly. Lead time L = {l} "
    "month(s): an OEM distribution centre that ships a monthly order within the month; with a {h}-month "
    "holdout a longer L would leave most simulated months served by the opening stock instead of the "
    "policy's orders. An order placed at a review covers L + R = {p} months. Each part starts the holdout "
    "with S on hand and nothing on order; unmet demand is backordered; fill rate = units served from "
    "stock / units demanded, pooled over parts; stock = mean of opening and closing on-hand per part-month."
)


@dataclass(frozen=True)
class SweepPoint:
    """Simulated outcome of one method and spread model aimed at one nominal fill rate."""

    nominal: float
    fill_rate: float
    average_on_hand: float


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `fixloop bench parts` (also the module's own command line)."""
    parser.add_argument("--data", required=True, help="carparts.csv (Hyndman's car parts, monthly)")
    parser.add_argument("--holdout", type=int, default=6, help="months held out at the end (default 6)")
    parser.add_argument("--service-level", type=float, default=0.95, help="target fill rate (default 0.95)")
    parser.add_argument("--lead-time", type=int, default=1, help="supplier lead time in months (default 1)")
    parser.add_argument("--review-period", type=int, default=1, help="months between reviews (default 1)")
    parser.add_argument(
        "--error-windows", type=int, default=24, help="rolling origins for each method's errors"
    )
    parser.add_argument("--n-jobs", type=int, default=1, help="statsforecast worker processes (default 1)")
    parser.add_argument(
        "--windows",
        type=int,
        default=1,
        help="also judge the default on this many consecutive holdout-long windows ending at the last "
        "month (rolling origin; default 1: the last window only)",
    )


def load_subset(path: str) -> np.ndarray:
    """The 1,046 series of Snyder et al. (2012): complete, >= 10 months with demand, demand in first and last 15."""
    frame = pd.read_csv(path)
    values = frame.iloc[:, 1:].to_numpy(dtype=float)
    complete = values[~np.isnan(values).any(axis=1)]
    keep = (
        ((complete > 0).sum(axis=1) >= 10)
        & (complete[:, :15].sum(axis=1) > 0)
        & (complete[:, -15:].sum(axis=1) > 0)
    )
    return complete[keep]


def _accuracy(
    train: np.ndarray, test: np.ndarray, forecasts: dict[str, np.ndarray]
) -> dict[str, tuple[float, float]]:
    return {
        m: (float(np.nanmean(mase(train, test, f))), float(np.nanmean(rmsse(train, test, f))))
        for m, f in forecasts.items()
    }


def _select_rows(per_method: dict[str, np.ndarray], choice: list[str]) -> np.ndarray:
    return np.stack([per_method[m][i] for i, m in enumerate(choice)])


def _sweep(
    ltds: list[leadtime.LeadTimeDemand], test: np.ndarray, settings: PolicySettings
) -> list[SweepPoint]:
    curves = [leadtime.fill_rate_curve(ltd) for ltd in ltds]
    points = []
    for nominal in sorted({*NOMINAL_GRID, settings.target_fill_rate}):
        run = simulate_order_up_to(
            test,
            levels_from_curves(curves, nominal),
            lead_time=settings.lead_time,
            review_period=settings.review_period,
        )
        points.append(SweepPoint(nominal, run.fill_rate, run.average_on_hand))
    return points


def _sweeps(
    means: dict[str, np.ndarray],
    past: dict[str, np.ndarray],
    actual: np.ndarray,
    test: np.ndarray,
    settings: PolicySettings,
) -> dict[tuple[str, str], list[SweepPoint]]:
    """Each method's sweep over the nominal levels on `test`, with each spread model."""
    return {
        (method, model): _sweep(
            ltds_from_forecasts(means[method], past[method], actual, settings, model), test, settings
        )
        for method in means
        for model in SPREADS
    }


@dataclass(frozen=True)
class PolicyRun:
    """A method through the default's whole policy: what the rehearsal chose for it, and its outcome."""

    chosen: CalibrationPoint
    outcome: SweepPoint


def through_default_policy(
    train: np.ndarray,
    sweeps: dict[tuple[str, str], list[SweepPoint]],
    settings: PolicySettings,
    cache: dict[int, dict[str, np.ndarray]],
) -> dict[str, PolicyRun]:
    """Each statsforecast method run through the default's whole policy, calibration included.

    The same rehearsal on the training months that picks the default's spread and nominal level
    picks each method's, aiming at the same target; its outcome is then read off its sweep on the
    window. Unlike section 3's interpolation, nothing here knows the window: this is the policy a
    warehouse could actually have run with that method. `cache` holds the methods' forecasts per
    origin (forecasts_from_origins).
    """
    target = settings.target_fill_rate
    if can_rehearse(train, settings):
        points = calibrate(train, settings, STATSFORECAST_METHODS, DEFAULT_ERROR_MODELS, cache)
    else:  # plan_default's own fallback: the normal spread aimed at the target as is
        points = [CalibrationPoint(m, target, float("nan"), float("nan")) for m in STATSFORECAST_METHODS]
    runs = {}
    for method in STATSFORECAST_METHODS:
        chosen = choose([p for p in points if p.method == method], target)
        runs[method] = PolicyRun(chosen, _at(sweeps[method, chosen.error_model], chosen.nominal_fill_rate))
    return runs


def _stock_to_reach(
    sweeps: dict[tuple[str, str], list[SweepPoint]], method: str, fill: float
) -> tuple[float, str]:
    """Least stock `method` needs to reach `fill` over the spread models, and the spread that needs it."""
    needed = {model: stock_at_fill(sweeps[method, model], fill) for model in SPREADS}
    best = min(needed, key=lambda k: needed[k])
    return needed[best], best


def stock_at_fill(points: list[SweepPoint], fill: float) -> float:
    """Stock a method needs to reach `fill`, interpolated on its sweep (inf if it never gets there)."""
    ordered = sorted(points, key=lambda p: p.average_on_hand)
    best = np.maximum.accumulate([p.fill_rate for p in ordered])
    stocks = [p.average_on_hand for p in ordered]
    for k, reached in enumerate(best):
        if reached >= fill:
            if k == 0 or best[k] == best[k - 1]:
                return stocks[k]
            share = (fill - best[k - 1]) / (best[k] - best[k - 1])
            return stocks[k - 1] + share * (stocks[k] - stocks[k - 1])
    return float("inf")


def _writer(stdout: TextIO) -> Callable[..., None]:
    # One write per line, newline included: Django's OutputWrapper appends its own newline to any
    # write that lacks one, so print() would double-space the tables there.
    def out(line: str = "") -> None:
        stdout.write(line + "\n")

    return out


def _at(points: list[SweepPoint], nominal: float) -> SweepPoint:
    return min(points, key=lambda p: abs(p.nominal - nominal))


def run(options: argparse.Namespace | Mapping[str, Any], stdout: TextIO) -> dict[str, object]:
    """Run the benchmark, write its tables to `stdout`, and return the numbers for callers and tests.

    `options` is the parsed Namespace or, from a Django command, its `**options` dict.
    """
    started = time.perf_counter()
    if not isinstance(options, argparse.Namespace):
        options = argparse.Namespace(**options)
    settings = PolicySettings(
        lead_time=options.lead_time,
        review_period=options.review_period,
        target_fill_rate=options.service_level,
        error_windows=options.error_windows,
        calibration_periods=options.holdout,
        n_jobs=options.n_jobs,
    )
    data = load_subset(options.data)
    train, test = data[:, : -options.holdout], data[:, -options.holdout :]
    span = max(options.holdout, settings.protection)
    out = _writer(stdout)
    out(
        f"carparts subset: {data.shape[0]} series x {data.shape[1]} months; train {train.shape[1]}, holdout {options.holdout}"
    )
    out(
        WHY_TIMING.format(
            r=settings.review_period, l=settings.lead_time, h=options.holdout, p=settings.protection
        )
    )

    # No peeking: forecasts, error windows, the per-part selection and the default's rehearsal all
    # get `train` only; `test` is used for scoring and simulation alone (see test_bench).
    means = forecast(train, span, ALL_METHODS, n_jobs=options.n_jobs)
    windows = max(1, min(settings.error_windows, train.shape[1] - settings.protection - 6))
    past, actual = rolling_forecasts(train, settings.protection, windows, ALL_METHODS, n_jobs=options.n_jobs)
    choice = select_by_holdout(train, options.holdout, ALL_METHODS, n_jobs=options.n_jobs)
    means[SELECTED], past[SELECTED] = _select_rows(means, choice), _select_rows(past, choice)

    accuracy = _accuracy(train, test, {m: f[:, : options.holdout] for m, f in means.items()})
    sweeps = _sweeps(means, past, actual, test, settings)
    default = plan_default(train, settings)
    default_run = simulate_order_up_to(
        test, default.order_up_to, lead_time=settings.lead_time, review_period=settings.review_period
    )
    result = {
        "accuracy": accuracy,
        "sweeps": sweeps,
        "default": (
            default_run.fill_rate,
            default_run.average_on_hand,
            default.method,
            default.nominal_fill_rate,
        ),
    }
    achieved = SweepPoint(default.nominal_fill_rate, default_run.fill_rate, default_run.average_on_hand)
    # statsforecast forecasts per origin, shared by every rehearsal below (they see prefixes of `data`)
    cache: dict[int, dict[str, np.ndarray]] = {}
    same_policy = through_default_policy(train, sweeps, settings, cache)
    result["same_policy"] = same_policy
    _print_tables(out, settings, accuracy, sweeps, default, achieved)
    _print_same_policy(out, settings.target_fill_rate, same_policy, default, achieved)
    windows = getattr(options, "windows", 1)
    if windows > 1:
        # The last window is this holdout: its default and sweeps are the ones just computed.
        last = WindowVerdict(
            train.shape[1],
            data.shape[1],
            default_run.fill_rate,
            default_run.average_on_hand,
            default.method,
            {m: _stock_to_reach(sweeps, m, default_run.fill_rate)[0] for m in STATSFORECAST_METHODS},
            {m: r.outcome for m, r in same_policy.items()},
        )
        result["windows"] = rolling_verdict(data, settings, windows, out, last, cache)
    out(f"\n(elapsed {time.perf_counter() - started:.1f} s)")
    return result


def _cell(point: SweepPoint, width: int = 9) -> str:
    return f"{point.fill_rate:>{width}.3f}/{point.average_on_hand:<6.2f}"


def _print_tables(
    out: Callable[..., None],
    settings: PolicySettings,
    accuracy: dict[str, tuple[float, float]],
    sweeps: dict[tuple[str, str], list[SweepPoint]],
    default: StockPlan,
    achieved: SweepPoint,
) -> None:
    _print_accuracy(out, settings.target_fill_rate, accuracy, sweeps, default, achieved)
    _print_tradeoff(out, sweeps, default, achieved)
    _print_verdict(out, settings.target_fill_rate, sweeps, achieved)


def _print_accuracy(
    out: Callable[..., None],
    target: float,
    accuracy: dict[str, tuple[float, float]],
    sweeps: dict[tuple[str, str], list[SweepPoint]],
    default: StockPlan,
    achieved: SweepPoint,
) -> None:
    out(
        f"\n1) Accuracy, and the order-up-to policy aimed at {target:.0%} per part (fill rate / units on hand)"
    )
    out("   spread of each method = its own out-of-sample errors of the L and L+R totals (rolling origins):")
    out("   normal: N(forecast, RMSE); negbin: NB or Poisson, mean forecast, variance MSE;")
    out("   empirical: forecast + past errors. negbin has no room for spread around a zero forecast, so Zero")
    out("   (and Naive after a zero month) stock nothing; SESOpt's near-zero levels get enormous NB tails.")
    out(f"{'method':<18}{'MASE':>7}{'RMSSE':>7}" + "".join(f"{m:>16}" for m in ERROR_MODELS))
    for method, (m, r) in accuracy.items():
        cells = "".join(_cell(_at(sweeps[method, model], target)) for model in ERROR_MODELS)
        out(f"{method:<18}{m:>7.3f}{r:>7.3f}{cells}")
    out(f"{'fixloop default':<32}{_cell(achieved)}  ({default.why})")


def _print_tradeoff(
    out: Callable[..., None],
    sweeps: dict[tuple[str, str], list[SweepPoint]],
    default: StockPlan,
    achieved: SweepPoint,
) -> None:
    out("\n2) Trade-off: fill rate / mean units on hand per part as the nominal per-part fill rate rises")
    out("   Levels use the training months only; the sweep over nominal levels traces each method's whole")
    out("   curve, so any calibration of that method, however well informed, lands on its row.")
    out(f"{'method/spread':<28}" + "".join(f"{level:>14}" for level in TABLE_LEVELS))
    for (method, model), points in sweeps.items():
        out(f"{method + '/' + model:<28}" + "".join(_cell(_at(points, lv), 7) for lv in TABLE_LEVELS))
    out(
        f"{'fixloop default':<28}{_cell(achieved, 7)}at nominal {default.nominal_fill_rate:.3f}, chosen by "
        f"rehearsal on the training months ({default.method}, {default.error_model})"
    )


def _print_verdict(
    out: Callable[..., None],
    target: float,
    sweeps: dict[tuple[str, str], list[SweepPoint]],
    achieved: SweepPoint,
) -> None:
    fill, stock = achieved.fill_rate, achieved.average_on_hand
    out(f"\n3) fixloop default: fill {fill:.3f}, stock {stock:.2f}. Against each statsforecast method:")
    out("   '@target normal': aimed at the target with its normal spread (same policy, same nominal);")
    out("   'stock to reach': interpolated on its curve for its best spread model, i.e. calibrated on the")
    out("   holdout itself, in its favour. Only a lower stock than that is a win at equal fill rate.")
    out("   Every spread the default may use is offered to each method too, fixloop's 'shrunk' included")
    out("   (each part's error variance pulled half-way toward the group's variance-to-mean ratio).")
    out(f"{'method':<18}{'@target normal':>16}{'stock to reach ' + format(fill, '.3f'):>24}   best spread")
    literal, equal = True, True
    for method in STATSFORECAST_METHODS:
        at_target = _at(sweeps[method, "normal"], target)
        stock_needed, best = _stock_to_reach(sweeps, method, fill)
        literal &= stock < at_target.average_on_hand
        equal &= stock < stock_needed
        out(f"{method:<18}{_cell(at_target)}{stock_needed:>24.2f}   {best}")
    yes = {True: "yes", False: "NO"}
    out(
        f"\nfixloop default within 2 points of the {target:.0%} target: {yes[fill >= target - 0.02]} ({fill:.3f})"
    )
    out(f"less stock than every statsforecast method aimed at {target:.0%} (normal spread): {yes[literal]}")
    out(f"less stock than every statsforecast method at the same achieved fill rate: {yes[equal]}")


def _rehearsed(plan: StockPlan) -> CalibrationPoint | None:
    """The rehearsal point the plan was chosen from (None if it was too short to rehearse)."""
    chosen = (plan.method, plan.error_model, plan.nominal_fill_rate)
    return next(
        (p for p in plan.calibration if (p.method, p.error_model, p.nominal_fill_rate) == chosen), None
    )


def _print_same_policy(
    out: Callable[..., None],
    target: float,
    runs: dict[str, PolicyRun],
    default: StockPlan,
    achieved: SweepPoint,
) -> None:
    out(
        "\n4) Each statsforecast method through the default's whole policy: the same rehearsal on the training"
    )
    out(
        f"   months picks its spread and nominal level to reach {target:.0%}, as it picks the default's; nothing"
    )
    out("   here has seen the holdout. Rehearsal and holdout: fill rate / units on hand.")
    out(f"{'method':<18}{'spread':<8}{'nominal':>8}{'rehearsal':>16}{'holdout':>16}")

    def row(
        name: str, chosen: CalibrationPoint | None, spread: str, nominal: float, outcome: SweepPoint
    ) -> None:
        rehearsal = (
            _cell(SweepPoint(nominal, chosen.fill_rate, chosen.average_on_hand)) if chosen else f"{'-':>16}"
        )
        out(f"{name:<18}{spread:<8}{nominal:>8.3f}{rehearsal}{_cell(outcome)}")

    for method, run_ in runs.items():
        row(method, run_.chosen, run_.chosen.error_model, run_.chosen.nominal_fill_rate, run_.outcome)
    row("fixloop default", _rehearsed(default), default.error_model, default.nominal_fill_rate, achieved)
    fills = [achieved.fill_rate, *(r.outcome.fill_rate for r in runs.values())]
    within = sum(f >= target - 0.02 for f in fills)
    cheaper = all(achieved.average_on_hand < r.outcome.average_on_hand for r in runs.values())
    dominated = sum(
        achieved.average_on_hand < r.outcome.average_on_hand and achieved.fill_rate >= r.outcome.fill_rate
        for r in runs.values()
    )
    yes = {True: "yes", False: "NO"}
    out(f"\nwithin 2 points of the {target:.0%} target: {within} of these {len(fills)} policies")
    out(f"less stock than every statsforecast method through the same policy: {yes[cheaper]}")
    out(
        f"less stock and at least the same fill rate (the default dominates): {dominated} of {len(runs)} methods"
    )


@dataclass(frozen=True)
class WindowVerdict:
    """The default's outcome on one window, the stock each statsforecast method needs for its fill rate,
    and each method's outcome through the default's whole policy there."""

    start: int
    end: int
    fill_rate: float
    average_on_hand: float
    method: str
    needed: dict[str, float]
    same_policy: dict[str, SweepPoint]


def rolling_verdict(
    data: np.ndarray,
    settings: PolicySettings,
    windows: int,
    out: Callable[..., None],
    last: WindowVerdict,
    cache: dict[int, dict[str, np.ndarray]] | None = None,
) -> list[WindowVerdict]:
    """The equal-fill comparison of section 3 on `windows` windows, each earlier one as if it were the holdout.

    `last` is section 3's own outcome on the holdout, the last window.

    One half-year of a thousand lumpy parts is a noisy judge (the best method changes from one to the
    next), so the same comparison is repeated from earlier origins: the default is re-chosen and every
    method re-fitted on the months before each window only. Forecasts from an origin are shared by the
    windows that need them.
    """
    cut = settings.calibration_periods
    cache = {} if cache is None else cache
    verdicts = []
    for k in reversed(range(1, windows)):
        end = data.shape[1] - k * cut
        train, test = data[:, : end - cut], data[:, end - cut : end]
        if train.shape[1] < settings.protection + MIN_FITTED:
            continue
        means, past, actual = forecasts_from_origins(train, STATSFORECAST_METHODS, settings, cache)
        sweeps = _sweeps(means, past, actual, test, settings)
        plan = plan_default(train, settings)
        run_ = simulate_order_up_to(
            test, plan.order_up_to, lead_time=settings.lead_time, review_period=settings.review_period
        )
        needed = {m: _stock_to_reach(sweeps, m, run_.fill_rate)[0] for m in STATSFORECAST_METHODS}
        same = {m: r.outcome for m, r in through_default_policy(train, sweeps, settings, cache).items()}
        verdicts.append(
            WindowVerdict(end - cut, end, run_.fill_rate, run_.average_on_hand, plan.method, needed, same)
        )
    verdicts.append(last)
    _print_rolling(out, verdicts)
    return verdicts


def _print_rolling(out: Callable[..., None], verdicts: list[WindowVerdict]) -> None:
    out(
        f"\n5) Sections 3 and 4 on {len(verdicts)} windows (rolling origin; months are 0-based, end exclusive)"
    )
    out(
        "   Stock each statsforecast method needs, with its best spread, to reach the default's fill rate there."
    )
    out(
        f"{'window':<12}{'default':>16}  {'chosen':<10}"
        + "".join(f"{m[:9]:>10}" for m in STATSFORECAST_METHODS)
    )
    for v in verdicts:
        cells = "".join(f"{v.needed[m]:>10.2f}" for m in STATSFORECAST_METHODS)
        out(f"{v.start:>3}-{v.end:<8}{v.fill_rate:>9.3f}/{v.average_on_hand:<6.2f}  {v.method:<10}{cells}")
    mean_default = float(np.mean([v.average_on_hand for v in verdicts]))
    means = {m: float(np.mean([v.needed[m] for v in verdicts])) for m in STATSFORECAST_METHODS}
    out(
        f"{'mean':<12}{mean_default:>16.2f}  {'':<10}"
        + "".join(f"{means[m]:>10.2f}" for m in STATSFORECAST_METHODS)
    )
    wins = sum(v.average_on_hand < min(v.needed.values()) for v in verdicts)
    best = min(means, key=means.get)
    out(
        f"\nless stock than every statsforecast method in {wins} of {len(verdicts)} windows; on average "
        f"{mean_default:.2f} against {means[best]:.2f} for the best of them ({best}), "
        f"{mean_default / means[best] - 1:+.1%}"
    )
    _print_rolling_same_policy(out, verdicts, mean_default)


def _print_rolling_same_policy(
    out: Callable[..., None], verdicts: list[WindowVerdict], mean_default: float
) -> None:
    out(
        "\n   Each statsforecast method through the default's whole policy there (fill rate / units on hand):"
    )
    out(f"{'window':<12}{'default':>16}" + "".join(f"{m[:13]:>15}" for m in STATSFORECAST_METHODS))
    for v in verdicts:
        cells = "".join(f"{p.fill_rate:>8.3f}/{p.average_on_hand:<6.2f}" for p in v.same_policy.values())
        out(f"{v.start:>3}-{v.end:<8}{v.fill_rate:>9.3f}/{v.average_on_hand:<6.2f}{cells}")
    means = {
        m: float(np.mean([v.same_policy[m].average_on_hand for v in verdicts])) for m in STATSFORECAST_METHODS
    }
    wins = sum(v.average_on_hand < min(p.average_on_hand for p in v.same_policy.values()) for v in verdicts)
    cheapest = min(means, key=means.get)
    fill = float(np.mean([v.fill_rate for v in verdicts]))
    fill_cheapest = float(np.mean([v.same_policy[cheapest].fill_rate for v in verdicts]))
    out(
        f"\nthrough the same policy, less stock than every statsforecast method in {wins} of {len(verdicts)} "
        f"windows; on average {mean_default:.2f} units at fill {fill:.3f} against {means[cheapest]:.2f} at "
        f"{fill_cheapest:.3f} for the cheapest of them ({cheapest}), {mean_default / means[cheapest] - 1:+.1%}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m fixloop.inventory.bench", description=__doc__)
    add_arguments(parser)
    run(parser.parse_args(argv), sys.stdout)


if __name__ == "__main__":
    main()
