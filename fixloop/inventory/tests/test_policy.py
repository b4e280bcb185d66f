"""Order-up-to levels from a method's own errors, and how fixloop's default chooses."""

import numpy as np
import pytest

from fixloop.inventory import leadtime
from fixloop.inventory.policy import (
    SHRUNK,
    CalibrationPoint,
    PolicySettings,
    calibrate,
    choose,
    lead_time_demand,
    plan_default,
    plan_with_method,
    rehearsal_windows,
    shrunk_variances,
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
    assert len(plan.calibration) == 2 * 2 * 16  # methods x spreads (normal, shrunk) x nominal levels
    assert {p.error_model for p in plan.calibration} == {"normal", SHRUNK}
    chosen = choose(plan.calibration, settings.target_fill_rate)
    assert (plan.method, plan.error_model, plan.nominal_fill_rate) == (
        chosen.method,
        chosen.error_model,
        chosen.nominal_fill_rate,
    )
    assert plan.order_up_to.shape == (60,)


def test_rehearsal_pools_as_many_half_years_as_the_history_allows() -> None:
    # Each window of 6 needs the protection period (2) and 12 periods of history before it.
    settings = PolicySettings(calibration_periods=6)
    assert rehearsal_windows(45, settings) == 3  # room 31: up to three windows
    assert rehearsal_windows(26, settings) == 2  # room 12
    assert rehearsal_windows(25, settings) == 1  # room 11
    assert rehearsal_windows(19, settings) == 0  # room 5: too short to rehearse at all


def test_rehearsal_pools_fill_and_stock_over_its_windows() -> None:
    # Naive on a part that always sells 1 stocks S = 2 (its 2-period demand, no error). In each of
    # the three 4-period windows it opens with 2 and closes with 1 (mean 1.5), then each order of 1
    # arrives a period later and is sold at once (mean 0.5): (1.5 + 3 * 0.5) / 4 = 0.75, all served.
    # The other half of the parts sell nothing and stock nothing, so the pooled stock is 0.375.
    history = np.array([[1.0] * 30, [0.0] * 30] * 30)
    settings = PolicySettings(error_windows=6, calibration_periods=4)
    points = calibrate(history, settings, candidates=("Naive",), error_models=("normal",))
    assert len(points) == 16
    assert all(
        p.fill_rate == pytest.approx(1.0) and p.average_on_hand == pytest.approx(0.375) for p in points
    )
    plan = plan_default(history, settings, candidates=("Naive",), error_models=("normal",))
    assert "last 3 x 4 periods" in plan.why


def test_shrunk_variance_pulls_each_part_half_way_to_the_groups_ratio() -> None:
    # Two parts, forecast total 2 each; past errors of part A are +-2 (MSE 4), part B's are 0.
    # Group ratio = (4 + 0) / (2 + 2) = 1, so A: .5*4 + .5*1*2 = 3 and B: .5*0 + .5*1*2 = 1.
    means = np.array([[1.0, 1.0], [1.0, 1.0]])
    past = np.ones((2, 4, 2))
    actual = np.array([[[2, 2], [0, 0], [2, 2], [0, 0]], [[1, 1]] * 4], dtype=float)
    np.testing.assert_allclose(shrunk_variances(means, past, actual, span=2), [3.0, 1.0])
    np.testing.assert_allclose(shrunk_variances(means, past, actual, span=2, own_weight=1.0), [4.0, 0.0])


def test_shrunk_plan_levels_by_hand() -> None:
    # Naive on 0,2,0,2,... (forecast 2 a month, errors +-2 over one and two months: MSE 4) and on a
    # steady 1 a month (no errors). One month: totals 2 and 1, ratio 4/3, so the variances are
    # .5*4 + .5*(4/3)*2 = 10/3 and .5*(4/3)*1 = 2/3. Two months: totals 4 and 2, ratio 4/6, variances
    # .5*4 + .5*(2/3)*4 = 10/3 and .5*(2/3)*2 = 2/3. The steady part gets a buffer from the group.
    history = np.array([[0.0, 2.0] * 10, [1.0] * 20])
    settings = PolicySettings(target_fill_rate=0.9, error_windows=8)
    plan = plan_with_method(history, "Naive", settings, error_model=SHRUNK)
    expected = [
        leadtime.LeadTimeDemand(
            lead=leadtime.normal_pmf(mean, np.sqrt(var)),
            protection=leadtime.normal_pmf(2 * mean, np.sqrt(var)),
            model=SHRUNK,
        )
        for mean, var in ((2.0, 10 / 3), (1.0, 2 / 3))
    ]
    _, ltds = lead_time_demand(history, "Naive", settings, SHRUNK)
    for got, want in zip(ltds, expected, strict=True):
        np.testing.assert_allclose(got.lead, want.lead)
        np.testing.assert_allclose(got.protection, want.protection)
    assert list(plan.order_up_to) == [leadtime.order_up_to_for_fill_rate(e, 0.9) for e in expected]
    assert list(plan.reorder_point) == [leadtime.reorder_point_for_fill_rate(e, 0.9) for e in expected]
    assert list(plan.order_up_to) == [6, 3] and list(plan.reorder_point) == [4, 2]
    # Unshrunk, the steady part has no errors and so no buffer beyond its two months' demand.
    plain = plan_with_method(history, "Naive", settings)
    assert list(plain.order_up_to) == [6, 2] and list(plain.reorder_point) == [4, 1]
    assert plan.error_model == SHRUNK and "shrunk" in plan.why
