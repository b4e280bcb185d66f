"""Building regular demand series from dated issue records."""

from datetime import date

import numpy as np

from fixloop.inventory.series import demand_series


def test_monthly_gaps_become_zeros_and_issues_are_summed() -> None:
    records = [(date(2024, 11, 3), 2), (date(2024, 11, 28), 1), (date(2025, 2, 14), 4)]
    series = demand_series(records, freq="M")
    assert series.periods == (date(2024, 11, 1), date(2024, 12, 1), date(2025, 1, 1), date(2025, 2, 1))
    np.testing.assert_array_equal(series.values, [3, 0, 0, 4])


def test_explicit_range_pads_both_ends_and_ignores_records_outside() -> None:
    records = [(date(2025, 3, 10), 1), (date(2025, 7, 1), 9)]
    series = demand_series(records, freq="M", start=date(2025, 1, 15), end=date(2025, 4, 30))
    assert series.periods[0] == date(2025, 1, 1) and series.periods[-1] == date(2025, 4, 1)
    np.testing.assert_array_equal(series.values, [0, 0, 1, 0])


def test_weekly_periods_start_on_monday() -> None:
    # 2025-06-04 is a Wednesday, 2025-06-22 a Sunday: weeks of 2, 9 and 16 June.
    series = demand_series([(date(2025, 6, 4), 1), (date(2025, 6, 22), 2)], freq="W")
    assert series.periods == (date(2025, 6, 2), date(2025, 6, 9), date(2025, 6, 16))
    np.testing.assert_array_equal(series.values, [1, 0, 2])


def test_returns_net_within_a_period_and_never_make_demand_negative() -> None:
    records = [(date(2025, 1, 5), 3), (date(2025, 1, 20), -1), (date(2025, 2, 2), -2)]
    np.testing.assert_array_equal(demand_series(records).values, [2, 0])


def test_no_records_and_no_range_is_an_empty_series() -> None:
    assert demand_series([]).values.size == 0
