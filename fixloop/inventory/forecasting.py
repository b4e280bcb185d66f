"""Per-period demand forecasts: baselines, fixloop's top-down level, statsforecast methods, holdout selection."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

# Baselines are computed here: they need no fitting, and Zero is the method that point metrics
# flatter on sparse demand, so it must always be in the table.
BASELINES: tuple[str, ...] = ("Zero", "Naive")
# fixloop's own level: each part's share of the group's demand times the group's recent level.
TOP_DOWN = "TopDown"
# fixloop's pooled level: one least-squares blend of recent means, fitted across all the group's parts.
POOLED = "Pooled"
# fixloop's boosted level: gradient-boosted trees with a Poisson loss, fitted across the group's parts.
BOOSTED = "Boosted"
LOCAL_METHODS: tuple[str, ...] = (*BASELINES, TOP_DOWN, POOLED, BOOSTED)
# Forecast origins the pooled blend learns from: two years of months, so seasons and a fleet's
# ageing are both in the fit, while each part contributes one row per origin.
POOLED_ORIGINS = 24
# statsforecast models by the alias we report; TSB uses the fixed smoothing constants of our
# published baseline (RESULTS.md), the rest statsforecast's defaults or optimisation.
STATSFORECAST_METHODS: tuple[str, ...] = (
    "CrostonClassic",
    "CrostonOptimized",
    "CrostonSBA",
    "TSB",
    "ADIDA",
    "IMAPA",
    "SESOpt",
    "WindowAverage12",
)
ALL_METHODS: tuple[str, ...] = LOCAL_METHODS + STATSFORECAST_METHODS


def _statsforecast_model(name: str) -> object:
    from statsforecast import models  # imported lazily: the baselines work without statsforecast

    factories: dict[str, Callable[[], object]] = {
        "CrostonClassic": models.CrostonClassic,
        "CrostonOptimized": models.CrostonOptimized,
        "CrostonSBA": models.CrostonSBA,
        "TSB": lambda: models.TSB(alpha_d=0.1, alpha_p=0.1),
        "ADIDA": models.ADIDA,
        "IMAPA": models.IMAPA,
        "SESOpt": models.SimpleExponentialSmoothingOptimized,
        "WindowAverage12": lambda: models.WindowAverage(window_size=12, alias="WindowAverage12"),
    }
    return factories[name]()


def top_down(history: np.ndarray, h: int, *, share_window: int = 24, level_window: int = 3) -> np.ndarray:
    """Each series' share of the group's demand over `share_window` periods times the group's recent mean.

    The rows of `history` are one group (the parts of one location). A part sees a handful of
    issues a year, so its own recent level is mostly noise; the group's total is a large count
    whose last few periods show a change of level (a fleet ageing out, a slow season) at once.
    Shares over two years keep each part's lumpiness out of the level.
    """
    totals = history.sum(axis=0)
    group_level = totals[-level_window:].mean()
    window_total = totals[-share_window:].sum()
    shares = history[:, -share_window:].sum(axis=1) / window_total if window_total > 0 else 0.0
    return np.repeat(np.atleast_1d(shares * group_level)[:, None], h, axis=1)


def _level_features(history: np.ndarray, origins: np.ndarray) -> np.ndarray:
    """Per origin and part: the top-down level and the part's means over the last 3, 6, 12 and 24 periods.

    Row block k holds what was known at origin `origins[k]` (periods before it), so
    history[:, :o] feeds top_down and the means exactly as a forecast made then; cumulative sums
    give every origin in one pass.
    """
    cumulative = np.concatenate([np.zeros((history.shape[0], 1)), np.cumsum(history, axis=1)], axis=1)
    group = cumulative.sum(axis=0)

    def window(sums: np.ndarray, width: int) -> np.ndarray:
        return sums[..., origins] - sums[..., np.maximum(origins - width, 0)]

    own = [window(cumulative, w) / np.minimum(origins, w) for w in (3, 6, 12, 24)]
    share_total = window(group, 24)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = np.where(share_total > 0, window(cumulative, 24) / share_total, 0.0)
    top = shares * window(group, 3) / np.minimum(origins, 3)
    # (parts, origins, features) -> one row per origin and part, origin-major
    return np.stack([top, *own], axis=2).transpose(1, 0, 2).reshape(-1, 5)


def pooled_level(history: np.ndarray, h: int, *, origins: int = POOLED_ORIGINS) -> np.ndarray:
    """Each part's level as one blend of its recent means, the weights fitted on the whole group.

    A part's own history is too short and lumpy to say how fast its demand fades, so the weights
    are learnt across parts: non-negative least squares of the mean demand of the `h` periods
    after each of the last `origins` origins on the features known at that origin. Parts whose
    demand is dying out pull weight toward the short windows, steady ones toward the long ones;
    the blend of the whole group is the honest compromise. Falls back to top_down when the
    history leaves no origin to learn from.
    """
    from scipy.optimize import nnls

    t = history.shape[1]
    starts = np.arange(max(3, t - h - origins + 1), t - h + 1)
    if starts.size == 0:
        return top_down(history, h)
    features = _level_features(history, starts)
    targets = np.concatenate([history[:, o : o + h].mean(axis=1) for o in starts])
    weights, _ = nnls(features, targets)
    level = np.clip(_level_features(history, np.array([t])) @ weights, 0.0, None)
    return np.repeat(level[:, None], h, axis=1)


def _size_features(history: np.ndarray, origins: np.ndarray) -> np.ndarray:
    """Per origin and part: months with demand in the last 24, their mean size, the size-weighted size
    (sum of squares over sum: how lumpy one order is) and the mean over all history, origin-major.

    Cumulative sums give every origin in one pass, as in _level_features."""

    def last_24(values: np.ndarray) -> np.ndarray:
        sums = np.concatenate([np.zeros((values.shape[0], 1)), np.cumsum(values, axis=1)], axis=1)
        return sums[:, origins] - sums[:, np.maximum(origins - 24, 0)]

    months, total, squares = (last_24(v) for v in ((history > 0).astype(float), history, history**2))
    with np.errstate(divide="ignore", invalid="ignore"):
        size = np.where(months > 0, total / months, 0.0)
        lumpiness = np.where(total > 0, squares / total, 0.0)
    lifetime = np.cumsum(history, axis=1)[:, origins - 1] / origins
    return np.stack([months, size, lumpiness, lifetime], axis=2).transpose(1, 0, 2).reshape(-1, 4)


def _boosted_features(history: np.ndarray, origins: np.ndarray) -> np.ndarray:
    return np.concatenate([_level_features(history, origins), _size_features(history, origins)], axis=1)


# Fewer (part, origin) rows than this and the trees would learn noise: the pooled blend is used instead.
BOOSTED_MIN_ROWS = 2_000


def boosted_level(history: np.ndarray, h: int, *, origins: int = POOLED_ORIGINS) -> np.ndarray:
    """Each part's level from gradient-boosted trees fitted across the group, as pooled_level's blend is.

    The same rows as pooled_level (one per part and origin, the mean of the next `h` periods as the
    target), with how often and how lumpily a part is ordered added to its recent means, and trees
    instead of one linear blend: a fading part and a lumpy steady one with the same recent mean need
    different levels. The Poisson loss suits counts, most of them zero. Deterministic: no early
    stopping (it would hold out a random split), fixed seed.
    """
    from sklearn.ensemble import HistGradientBoostingRegressor

    t = history.shape[1]
    starts = np.arange(max(3, t - h - origins + 1), t - h + 1)
    if starts.size * history.shape[0] < BOOSTED_MIN_ROWS:
        return pooled_level(history, h, origins=origins)
    targets = np.concatenate([history[:, o : o + h].mean(axis=1) for o in starts])
    model = HistGradientBoostingRegressor(
        loss="poisson",
        learning_rate=0.05,
        max_iter=200,
        max_leaf_nodes=15,
        min_samples_leaf=100,
        early_stopping=False,
        random_state=0,
    )
    model.fit(_boosted_features(history, starts), targets)
    level = np.clip(model.predict(_boosted_features(history, np.array([t]))), 0.0, None)
    return np.repeat(level[:, None], h, axis=1)


def _local(name: str, history: np.ndarray, h: int) -> np.ndarray:
    if name == "Zero":
        return np.zeros((history.shape[0], h))
    if name == "Naive":
        return np.repeat(history[:, -1:], h, axis=1)
    if name == POOLED:
        return pooled_level(history, h)
    if name == BOOSTED:
        return boosted_level(history, h)
    return top_down(history, h)


def _statsforecast(names: Sequence[str], history: np.ndarray, h: int, n_jobs: int) -> dict[str, np.ndarray]:
    from statsforecast import StatsForecast

    n, t = history.shape
    frame = pd.DataFrame(
        {
            "unique_id": np.repeat(np.arange(n), t),
            "ds": np.tile(np.arange(t), n),
            "y": history.reshape(-1).astype(float),
        }
    )
    engine = StatsForecast(models=[_statsforecast_model(m) for m in names], freq=1, n_jobs=n_jobs)
    out = engine.forecast(df=frame, h=h).sort_values(["unique_id", "ds"])
    # A method with a fixed window (WindowAverage12) has no forecast for a shorter history: the mean of
    # the months there are stands in, as a clerk would average what is known.
    fallback = np.repeat(history.mean(axis=1, keepdims=True), h, axis=1)
    result = {}
    for m in names:
        values = out[m].to_numpy(float).reshape(n, h)
        result[m] = np.clip(np.where(np.isnan(values), fallback, values), 0.0, None)
    return result


def forecast(
    history: np.ndarray, h: int, methods: Sequence[str] = ALL_METHODS, *, n_jobs: int = 1
) -> dict[str, np.ndarray]:
    """Forecast `h` periods ahead for each row of `history` (series x periods) with each method.

    Forecasts are floored at zero: demand cannot be negative, and a negative mean would make the
    stock policy order nothing for the wrong reason.
    """
    history = np.atleast_2d(np.asarray(history, dtype=float))
    result = {m: _local(m, history, h) for m in methods if m in LOCAL_METHODS}
    external = [m for m in methods if m not in LOCAL_METHODS]
    if external:
        result.update(_statsforecast(external, history, h, n_jobs))
    return {m: result[m] for m in methods}


def rolling_forecasts(
    history: np.ndarray, h: int, n_windows: int, methods: Sequence[str] = ALL_METHODS, *, n_jobs: int = 1
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Out-of-sample forecasts from the last `n_windows` origins that leave `h` periods to compare.

    Returns forecasts per method and the actuals, both shaped (series, window, h). These are the
    honest errors a method makes on this history, which is what its stock buffer must cover.
    """
    history = np.atleast_2d(np.asarray(history, dtype=float))
    t = history.shape[1]
    origins = range(t - h - n_windows + 1, t - h + 1)
    per_origin = [forecast(history[:, :o], h, methods, n_jobs=n_jobs) for o in origins]
    forecasts = {m: np.stack([f[m] for f in per_origin], axis=1) for m in methods}
    actuals = np.stack([history[:, o : o + h] for o in origins], axis=1)
    return forecasts, actuals


def _naive_scale(train: np.ndarray, power: int) -> np.ndarray:
    steps = np.abs(np.diff(train, axis=1)) ** power
    return steps.mean(axis=1)


def mase(train: np.ndarray, actual: np.ndarray, predicted: np.ndarray) -> np.ndarray:
    """Mean absolute scaled error per series (scale: in-sample one-step naive MAE); NaN if the scale is 0."""
    scale = _naive_scale(train, 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(scale > 0, np.abs(actual - predicted).mean(axis=1) / scale, np.nan)


def rmsse(train: np.ndarray, actual: np.ndarray, predicted: np.ndarray) -> np.ndarray:
    """Root mean squared scaled error per series (the M5 definition); NaN if the scale is 0."""
    scale = _naive_scale(train, 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(scale > 0, np.sqrt(((actual - predicted) ** 2).mean(axis=1) / scale), np.nan)


def select_by_holdout(
    history: np.ndarray,
    holdout: int,
    methods: Sequence[str] = ALL_METHODS,
    *,
    metric: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray] = rmsse,
    n_jobs: int = 1,
) -> list[str]:
    """Per series, the method with the lowest `metric` on the last `holdout` periods of `history`.

    Ties (and series whose metric is undefined) go to the earliest method in `methods`, so the
    order of `methods` is the preference order. RMSSE is the default because it rewards the mean,
    which is what a stock policy needs; MASE rewards the median and so picks Zero on sparse parts.
    """
    history = np.atleast_2d(np.asarray(history, dtype=float))
    train, test = history[:, :-holdout], history[:, -holdout:]
    fc = forecast(train, holdout, methods, n_jobs=n_jobs)
    scores = np.stack([np.nan_to_num(metric(train, test, fc[m]), nan=np.inf) for m in methods], axis=1)
    return [methods[i] for i in np.argmin(scores, axis=1)]
