"""Order-up-to levels from a method's own errors, and how fixloop's default chooses."""

import numpy as np
import pytest

from fixloop.inventory import leadtime
from fixloop.inventory.policy import (
    CalibrationPoint,
    PolicySettings,
    choose,
    lead_time_demand,
    plan_default,
    plan_with_method,
)


def test_normal_spread_comes_from_the_methods_own_protection_period_errors() -> None:
    # Naive on 0,2,0,2,...: every 2-period forecast is 0+0 or 2+2 against an actual total of 2,
    # so each protection-period error is +-2 (RMSE 2) and each one-period error is +-2 (RMSE 2).
    history = np.array([[0.0, 2.0] * 10])
    settings = PolicySettings(lead_time=1, review_period=1, error_windows=8)
    means, (ltd,) = lead_time_demand(history, "Naive", settings)
    np.testing.assert_array_equal(means, [[2.0, 2.0]])
    np.testing.assert_allclose(ltd.protection, leadtime.normal_pmf(4.0, 2.0))
    np.testing.assert_allclose(ltd.lead, leadtime.normal_pmf(2.0, 2.0))


def test_plan_with_method_reports_levels_reasons_and_expected_fill() -> None:
    history = np.array([[0.0, 2.0] * 10, [0.0] * 20])
    plan = plan_with_method(history, "Naive", PolicySettings(target_fill_rate=0.9, error_windows=8))
    assert plan.order_up_to[1] == 0 and plan.reorder_point[1] == 0
    assert plan.order_up_to[0] >= plan.reorder_point[0] > 0
    assert plan.expected_fill_rate[0] >= 0.9
    assert "Naive" in plan.why and "90.0%" in plan.why


def test_choose_takes_least_stock_that_reached_the_target_else_best_fill() -> None:
    points = [
        CalibrationPoint("A", 0.95, 0.96, 5.0),
        CalibrationPoint("B", 0.90, 0.951, 4.0),
        CalibrationPoint("C", 0.80, 0.90, 2.0),
    ]
    assert choose(points, 0.95).method == "B"
    assert choose(points, 0.99).method == "A"


def test_small_group_falls_back_to_the_first_candidate_at_the_target() -> None:
    history = np.array([[0.0, 1.0, 0.0, 2.0] * 6] * 3)
    plan = plan_default(history, PolicySettings(), candidates=("TopDown",))
    assert plan.method == "TopDown" and plan.nominal_fill_rate == pytest.approx(0.95)
    assert plan.calibration == () and "too few" in plan.why


def test_default_rehearses_and_keeps_its_evidence() -> None:
    rng = np.random.default_rng(7)
    history = rng.poisson(rng.uniform(0.2, 2.0, size=(60, 1)), size=(60, 30)).astype(float)
    settings = PolicySettings(error_windows=6, calibration_periods=4)
    plan = plan_default(history, settings, candidates=("TopDown", "Naive"))
    assert len(plan.calibration) == 2 * 16
    chosen = choose(plan.calibration, settings.target_fill_rate)
    assert (plan.method, plan.nominal_fill_rate) == (chosen.method, chosen.nominal_fill_rate)
    assert plan.order_up_to.shape == (60,)
