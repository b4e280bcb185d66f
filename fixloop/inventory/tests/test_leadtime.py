"""Fill-rate, order-up-to and reorder-point arithmetic on distributions worked out by hand."""

import numpy as np
import pytest

from fixloop.inventory import leadtime

# One month of demand: 0 units with p 0.5, 1 with 0.3, 2 with 0.2 (mean 0.7). Lead time 1, review 1.
MONTH = np.array([0.5, 0.3, 0.2])


@pytest.fixture
def ltd() -> leadtime.LeadTimeDemand:
    return leadtime.from_period_pmf(MONTH, lead_time=1, review_period=1)


def test_two_month_demand_is_the_convolution(ltd: leadtime.LeadTimeDemand) -> None:
    # P(0)=.5*.5, P(1)=2*.5*.3, P(2)=2*.5*.2+.3*.3, P(3)=2*.3*.2, P(4)=.2*.2
    np.testing.assert_allclose(ltd.protection, [0.25, 0.30, 0.29, 0.12, 0.04])
    assert ltd.cycle_demand == pytest.approx(0.7)


def test_fill_rate_by_hand(ltd: leadtime.LeadTimeDemand) -> None:
    curve = leadtime.fill_rate_curve(ltd)
    # S=2: short per cycle = E[(D2-2)+] - E[(D1-2)+] = (1*.12 + 2*.04) - 0 = .20 -> 1 - .2/.7
    # S=1: (1*.29 + 2*.12 + 3*.04) - (1*.2) = .65 - .2 = .45 -> 1 - .45/.7
    # S=3: .04 - 0 -> 1 - .04/.7; S=4: nothing short
    np.testing.assert_allclose(curve[1:5], [1 - 0.45 / 0.7, 1 - 0.2 / 0.7, 1 - 0.04 / 0.7, 1.0])


@pytest.mark.parametrize(("target", "level"), [(0.70, 2), (0.90, 3), (0.95, 4)])
def test_order_up_to_is_the_smallest_level_reaching_the_target(
    ltd: leadtime.LeadTimeDemand, target: float, level: int
) -> None:
    assert leadtime.order_up_to_for_fill_rate(ltd, target) == level


@pytest.mark.parametrize(("target", "point"), [(0.60, 1), (0.71, 1), (0.72, 2), (0.95, 2)])
def test_reorder_point_covers_the_lead_time_demand(
    ltd: leadtime.LeadTimeDemand, target: float, point: int
) -> None:
    # Over one month: s=1 leaves E[(D-1)+] = .2 short of .7 -> 71.4 %; s=2 leaves nothing.
    assert leadtime.reorder_point_for_fill_rate(ltd, target) == point


def test_count_pmf_matches_both_moments_and_falls_back_to_poisson() -> None:
    units = np.arange(200)
    nb = leadtime.count_pmf(2.0, 6.0)
    mean = (units[: nb.size] * nb).sum()
    assert mean == pytest.approx(2.0, abs=1e-4)
    assert ((units[: nb.size] - mean) ** 2 * nb).sum() == pytest.approx(6.0, abs=1e-3)
    poisson = leadtime.count_pmf(2.0, 1.0)
    assert poisson[0] == pytest.approx(np.exp(-2.0))


def test_normal_pmf_puts_negative_mass_on_zero() -> None:
    pmf = leadtime.normal_pmf(0.0, 1.0)
    assert pmf.sum() == pytest.approx(1.0)
    assert pmf[0] == pytest.approx(0.6915, abs=1e-4)  # P(X <= 0.5) for N(0, 1)


def test_no_demand_needs_no_stock() -> None:
    ltd = leadtime.from_period_pmf(np.array([1.0]), lead_time=2, review_period=1)
    assert leadtime.order_up_to_for_fill_rate(ltd, 0.99) == 0
    assert leadtime.reorder_point_for_fill_rate(ltd, 0.99) == 0
