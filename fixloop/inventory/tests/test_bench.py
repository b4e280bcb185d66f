"""The benchmark's data filter and its equal-fill-rate comparison."""

import io
from pathlib import Path

import numpy as np
import pytest

from fixloop.inventory.bench import SweepPoint, load_subset, run, stock_at_fill
from fixloop.inventory.forecasting import STATSFORECAST_METHODS
from fixloop.inventory.policy import PolicySettings, calibrate, choose


def _write(csv: Path, demand: np.ndarray) -> None:
    header = "Part," + ",".join(f"m{i}" for i in range(demand.shape[1]))
    csv.write_text(
        header + "\n" + "".join(f"p{i}," + ",".join(map(str, row)) + "\n" for i, row in enumerate(demand))
    )


def _options(csv: Path) -> dict[str, object]:
    return {
        "data": str(csv), "holdout": 4, "service_level": 0.9, "lead_time": 1,
        "review_period": 1, "error_windows": 3, "n_jobs": 1,
    }  # fmt: skip


def _settings() -> PolicySettings:
    # what run() builds from _options
    return PolicySettings(target_fill_rate=0.9, error_windows=3, calibration_periods=4)


def test_subset_keeps_complete_series_with_enough_demand_at_both_ends(tmp_path: Path) -> None:
    months = [f"m{i}" for i in range(40)]
    rows = {
        "kept": ["1"] * 40,
        "gap": ["1"] * 39 + [""],
        "few": ["1"] * 9 + ["0"] * 31,
        "late_only": ["0"] * 25 + ["1"] * 15,
    }
    csv = tmp_path / "parts.csv"
    csv.write_text(
        "Part," + ",".join(months) + "\n" + "".join(f"{k}," + ",".join(v) + "\n" for k, v in rows.items())
    )
    assert load_subset(str(csv)).shape == (1, 40)


def test_stock_at_fill_interpolates_and_reports_unreachable() -> None:
    sweep = [SweepPoint(0.8, 0.90, 3.0), SweepPoint(0.9, 0.94, 4.0), SweepPoint(0.95, 0.93, 5.0)]
    assert stock_at_fill(sweep, 0.92) == pytest.approx(3.5)
    assert stock_at_fill(sweep, 0.85) == pytest.approx(3.0)
    assert stock_at_fill(sweep, 0.99) == float("inf")


def test_run_accepts_django_style_options_and_prints_the_verdict(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    demand = rng.poisson(rng.uniform(0.5, 2.0, size=(60, 1)), size=(60, 36))
    demand[:, [0, -1]] = 1  # demand at both ends, so every series passes the subset filter
    csv = tmp_path / "parts.csv"
    _write(csv, demand)
    stdout = io.StringIO()
    result = run(_options(csv), stdout)
    text = stdout.getvalue()
    assert "carparts subset: 60 series x 36 months" in text and "2) Trade-off" in text
    assert "less stock than every statsforecast method at the same achieved fill rate" in text
    assert "\n\n\n" not in text  # one newline per write, as Django's OutputWrapper expects
    fill, stock, method, _ = result["default"]
    assert 0 < fill <= 1 and stock > 0 and method in {"TopDown", "Pooled", "Boosted", "IMAPA", "SESOpt"}
    assert "4) Each statsforecast method through the default's whole policy" in text
    assert "less stock than every statsforecast method through the same policy" in text


def test_each_method_through_the_default_policy_is_rehearsed_like_the_default_then_read_off_its_sweep(
    tmp_path: Path,
) -> None:
    csv = tmp_path / "parts.csv"
    rng = np.random.default_rng(6)
    demand = rng.poisson(rng.uniform(0.3, 2.0, size=(60, 1)), size=(60, 36))
    demand[:, [0, -1]] = 1
    _write(csv, demand)
    result = run(_options(csv), io.StringIO())
    runs, sweeps = result["same_policy"], result["sweeps"]
    assert set(runs) == set(STATSFORECAST_METHODS)
    for method, run_ in runs.items():
        chosen = run_.chosen
        assert chosen.method == method and chosen.error_model in {"normal", "shrunk"}
        # what the rehearsal chose is a real point of the method's own curve on the holdout
        on_curve = [p for p in sweeps[method, chosen.error_model] if p.nominal == chosen.nominal_fill_rate]
        assert on_curve == [run_.outcome]
        # the rehearsal's rule: least stock among the points that reached the target on the training months
        best = choose(calibrate(demand[:, :-4], _settings(), [method], ["normal", "shrunk"]), 0.9)
        assert (chosen.error_model, chosen.nominal_fill_rate) == (best.error_model, best.nominal_fill_rate)


def test_rolling_verdict_rejudges_the_default_on_earlier_windows_from_their_own_past(tmp_path: Path) -> None:
    rng = np.random.default_rng(4)
    demand = rng.poisson(rng.uniform(0.5, 2.0, size=(60, 1)), size=(60, 36))
    demand[:, [0, -1]] = 1
    csv = tmp_path / "parts.csv"
    _write(csv, demand)
    stdout = io.StringIO()
    result = run({**_options(csv), "windows": 3}, stdout)
    windows = result["windows"]
    assert [(w.start, w.end) for w in windows] == [(24, 28), (28, 32), (32, 36)]
    # The last window is the holdout itself: the same default, the same outcome as section 3.
    fill, stock, method, _ = result["default"]
    assert (windows[-1].fill_rate, windows[-1].average_on_hand, windows[-1].method) == (fill, stock, method)
    assert all(set(w.needed) == set(STATSFORECAST_METHODS) for w in windows)
    assert all(set(w.same_policy) == set(STATSFORECAST_METHODS) for w in windows)
    assert windows[-1].same_policy == {m: r.outcome for m, r in result["same_policy"].items()}
    assert "less stock than every statsforecast method in" in stdout.getvalue()
    assert "through the same policy, less stock than every statsforecast method in" in stdout.getvalue()


def test_the_default_is_chosen_without_looking_at_the_holdout(tmp_path: Path) -> None:
    # Everything that sets the default's levels (method, nominal, rehearsal) sees the training months
    # only: changing the held-out months must change the simulated outcome but not the choice.
    rng = np.random.default_rng(5)
    demand = rng.poisson(rng.uniform(0.5, 2.0, size=(60, 1)), size=(60, 36))
    demand[:, [0, -1]] = 1
    other = demand.copy()
    other[:, -4:-1] = rng.poisson(3.0, size=(60, 3))  # a different holdout, same training months
    results = []
    for name, rows in (("a.csv", demand), ("b.csv", other)):
        csv = tmp_path / name
        _write(csv, rows)
        result = run(_options(csv), io.StringIO())
        chosen = {
            m: (r.chosen.error_model, r.chosen.nominal_fill_rate) for m, r in result["same_policy"].items()
        }
        results.append((result["default"], chosen))
    ((fill_a, _, method_a, nominal_a), chosen_a), ((fill_b, _, method_b, nominal_b), chosen_b) = results
    assert (method_a, nominal_a) == (method_b, nominal_b)
    assert fill_a != fill_b
    # so are the statsforecast methods' levels when they go through the default's policy
    assert chosen_a == chosen_b
