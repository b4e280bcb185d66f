"""The order-up-to policy simulation on tiny cases followed step by step."""

import numpy as np
import pytest

from fixloop.inventory.simulation import simulate_order_up_to


def test_one_month_lead_time_by_hand() -> None:
    # S = 2, L = 1. t0: 2 on hand, order 0, serve 1 -> 1.  t1: position 1, order 1; demand 0 -> 1.
    # t2: receive 1 -> 2, order 0; demand 3, serve 2, backorder 1 -> 0.  t3: position -1, order 3;
    # nothing on the shelf, demand 1 unserved. Served 3 of 5.
    run = simulate_order_up_to(np.array([[1, 0, 3, 1]]), np.array([2]), lead_time=1)
    np.testing.assert_array_equal(run.served, [[1, 0, 2, 0]])
    np.testing.assert_array_equal(run.ordered, [[0, 1, 0, 3]])
    np.testing.assert_array_equal(run.opening, [[2, 1, 2, 0]])
    np.testing.assert_array_equal(run.closing, [[1, 1, 0, 0]])
    assert run.fill_rate == pytest.approx(3 / 5)
    assert run.average_on_hand == pytest.approx((1.5 + 1 + 1 + 0) / 4)


def test_zero_lead_time_restores_the_level_before_each_period() -> None:
    run = simulate_order_up_to(np.array([[1, 0, 3, 1]]), np.array([2]), lead_time=0)
    np.testing.assert_array_equal(run.served, [[1, 0, 2, 1]])
    assert run.fill_rate == pytest.approx(4 / 5)


def test_review_every_second_period_only_orders_on_review() -> None:
    run = simulate_order_up_to(np.array([[1, 1, 1, 1]]), np.array([3]), lead_time=1, review_period=2)
    np.testing.assert_array_equal(run.ordered, [[0, 0, 2, 0]])
    np.testing.assert_array_equal(run.served, [[1, 1, 1, 1]])


def test_fill_rate_is_pooled_over_series_and_undefined_per_series_without_demand() -> None:
    run = simulate_order_up_to(np.array([[2, 0], [0, 0]]), np.array([1, 5]), lead_time=1)
    assert run.fill_rate == pytest.approx(1 / 2)
    per_series = run.fill_rate_per_series()
    assert per_series[0] == pytest.approx(0.5) and np.isnan(per_series[1])
