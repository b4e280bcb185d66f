"""Point forecasts, scaled error metrics and per-part method selection by holdout."""

import numpy as np
import pytest

from fixloop.inventory.forecasting import (
    _size_features,
    boosted_level,
    forecast,
    mase,
    pooled_level,
    rmsse,
    rolling_forecasts,
    select_by_holdout,
    top_down,
)


def test_mase_and_rmsse_by_hand() -> None:
    train = np.array([[0.0, 2.0, 0.0, 2.0]])  # naive steps of 2: MAE scale 2, MSE scale 4
    actual, predicted = np.array([[1.0, 1.0]]), np.array([[0.0, 0.0]])
    assert mase(train, actual, predicted)[0] == pytest.approx(0.5)
    assert rmsse(train, actual, predicted)[0] == pytest.approx(0.5)
    assert np.isnan(mase(np.array([[3.0, 3.0]]), actual, predicted)[0])  # constant history: no scale


def test_baselines_and_top_down() -> None:
    history = np.array([[0, 0, 2, 2], [1, 1, 1, 1.0]])
    result = forecast(history, 2, ["Zero", "Naive", "TopDown"])
    np.testing.assert_array_equal(result["Zero"], np.zeros((2, 2)))
    np.testing.assert_array_equal(result["Naive"], [[2, 2], [1, 1]])
    # Shares over the last 2 periods: 4/6 and 2/6 of a group level (last period total) of 3.
    np.testing.assert_allclose(top_down(history, 1, share_window=2, level_window=1), [[2.0], [1.0]])


def test_pooled_level_learns_the_blend_the_whole_group_follows() -> None:
    # Every part follows x[t] = mean of its last 3 periods, so across the group the next period is
    # exactly the 3-period mean: the least-squares blend of one-period-ahead targets must put all
    # its weight there, whatever each part's own start. The forecast is each part's last-3 mean.
    starts = [[9.0, 0.0, 0.0], [0.0, 6.0, 0.0], [3.0, 0.0, 12.0], [0.0, 0.0, 0.0], [1.0, 5.0, 2.0]]
    rows = []
    for start in starts:
        row = list(start)
        while len(row) < 12:
            row.append(sum(row[-3:]) / 3)
        rows.append(row)
    history = np.array(rows)
    np.testing.assert_allclose(
        pooled_level(history, 1), history[:, -3:].mean(axis=1, keepdims=True), atol=1e-6
    )


def test_pooled_level_keeps_steady_parts_and_falls_back_when_nothing_to_learn() -> None:
    steady = np.array([[2.0] * 20, [0.5] * 20, [0.0] * 20])
    np.testing.assert_allclose(pooled_level(steady, 3), [[2.0] * 3, [0.5] * 3, [0.0] * 3])
    short = np.array([[1.0, 3.0], [0.0, 2.0]])  # no origin leaves a period to compare with
    np.testing.assert_allclose(pooled_level(short, 2), top_down(short, 2))
    np.testing.assert_allclose(forecast(steady, 3, ["Pooled"])["Pooled"], pooled_level(steady, 3))


def test_boosted_level_learns_each_parts_rate_across_the_group_and_is_deterministic() -> None:
    rng = np.random.default_rng(3)
    rates = rng.uniform(0.1, 3.0, size=300)
    history = rng.poisson(rates[:, None], size=(300, 36)).astype(float)
    level = boosted_level(history, 2)
    assert level.shape == (300, 2) and (level[:, 0] == level[:, 1]).all()
    assert np.corrcoef(level[:, 0], rates)[0, 1] > 0.9
    assert abs(level[:, 0].mean() / rates.mean() - 1) < 0.1
    np.testing.assert_array_equal(boosted_level(history, 2), level)
    np.testing.assert_array_equal(forecast(history, 2, ["Boosted"])["Boosted"], level)


def test_size_features_at_each_origin_see_only_the_months_before_it() -> None:
    # 26 months: an order of 4 in month 0, nothing for 23 months, then 1, 3 (months 24 and 25).
    history = np.array([[4.0] + [0.0] * 23 + [1.0, 3.0], [0.0] * 26])
    features = _size_features(history, np.array([24, 26]))
    # At origin 24 (months 0-23 known): one month with demand, size 4, lumpiness 16/4, lifetime 4/24.
    np.testing.assert_allclose(features[0], [1, 4.0, 4.0, 4 / 24])
    np.testing.assert_allclose(features[1], [0, 0.0, 0.0, 0.0])  # the silent part, origin-major
    # At origin 26 the window is months 2-25: the first order has left it, the lifetime mean keeps it.
    np.testing.assert_allclose(features[2], [2, 2.0, 10 / 4, 8 / 26])


def test_boosted_level_falls_back_to_the_pooled_blend_on_a_small_group() -> None:
    history = np.array([[0.0, 1.0, 0.0, 2.0] * 5, [1.0] * 20, [0.0] * 20])
    np.testing.assert_allclose(boosted_level(history, 2), pooled_level(history, 2))


def test_selection_by_holdout_picks_per_part() -> None:
    fading = [1.0, 0.0] * 6 + [0.0, 0.0, 0.0]  # stops: Zero is right for the last 3 periods
    stepped = [1.0, 0.0] * 5 + [5.0, 5.0, 5.0, 5.0, 5.0]  # jumps to 5: Naive is right
    choice = select_by_holdout(np.array([fading, stepped]), 3, ["Zero", "Naive"])
    assert choice == ["Zero", "Naive"]


def test_statsforecast_methods_run_through_the_same_interface() -> None:
    history = np.array([[0, 1, 0, 2, 0, 0, 3, 0, 1, 0, 0, 2.0], [2, 0, 0, 1, 0, 1, 0, 0, 0, 2, 0, 1.0]])
    result = forecast(history, 3, ["CrostonClassic", "IMAPA", "TSB"])
    for values in result.values():
        assert values.shape == (2, 3)
        assert (values > 0).all() and np.allclose(values, values[:, :1])  # flat, positive levels


def test_rolling_forecasts_line_up_with_what_followed_each_origin() -> None:
    history = np.arange(10.0)[None, :]
    past, actual = rolling_forecasts(history, 2, 3, ["Naive"])
    # Origins 6, 7, 8: naive forecasts 5, 6, 7 against the next two values.
    np.testing.assert_array_equal(past["Naive"][0, :, 0], [5, 6, 7])
    np.testing.assert_array_equal(actual[0], [[6, 7], [7, 8], [8, 9]])


def test_a_window_longer_than_the_history_falls_back_to_its_mean() -> None:
    history = np.array([[0, 2, 0, 4, 0, 0.0], [1, 1, 1, 1, 1, 1.0]])
    result = forecast(history, 2, ["WindowAverage12"])["WindowAverage12"]
    np.testing.assert_allclose(result, [[1.0, 1.0], [1.0, 1.0]])
