"""Backoff arithmetic and the dead-letter rule."""

from __future__ import annotations

import pytest

from fixloop.notifications.channels import DeliveryResult
from fixloop.notifications.retry import (
    MAX_ATTEMPTS,
    backoff_ceiling,
    is_dead,
    next_attempt_delay,
    should_dead_letter,
)


@pytest.mark.parametrize(
    ("attempt", "ceiling"),
    [(1, 30.0), (2, 60.0), (3, 120.0), (4, 240.0), (9, 7680.0), (10, 15360.0), (11, 21600.0), (500, 21600.0)],
)
def test_ceiling_doubles_from_base_and_stops_at_the_cap(attempt, ceiling):
    assert backoff_ceiling(attempt) == ceiling


def test_custom_base_and_cap():
    assert [backoff_ceiling(n, base=1, cap=10) for n in range(1, 7)] == [1, 2, 4, 8, 10, 10]


@pytest.mark.parametrize(("rand", "expected"), [(0.0, 120.0), (0.5, 105.0), (0.999999, 90.00003)])
def test_jitter_only_shortens_the_wait(rand, expected):
    assert next_attempt_delay(3, rand=lambda: rand) == pytest.approx(expected)


def test_jittered_delay_never_exceeds_the_cap():
    delays = [next_attempt_delay(50) for _ in range(200)]

    assert all(21600.0 * 0.75 <= d <= 21600.0 for d in delays)
    assert len(set(delays)) > 1


def test_no_jitter_is_exact():
    assert next_attempt_delay(2, jitter=0) == 60.0


@pytest.mark.parametrize(("call", "kwargs"), [(backoff_ceiling, {}), (next_attempt_delay, {})])
def test_attempts_are_one_based(call, kwargs):
    with pytest.raises(ValueError):
        call(0, **kwargs)


def test_jitter_out_of_range_is_refused():
    with pytest.raises(ValueError):
        next_attempt_delay(1, jitter=1.5)


def test_dead_after_max_attempts():
    assert MAX_ATTEMPTS == 8
    assert [is_dead(n) for n in (1, 7, 8, 9)] == [False, False, True, True]
    assert is_dead(3, max_attempts=3)


@pytest.mark.parametrize(
    ("result", "attempts", "dead"),
    [
        (DeliveryResult.success(), 8, False),
        (DeliveryResult.retry("HTTP 503"), 1, False),
        (DeliveryResult.retry("HTTP 503"), 7, False),
        (DeliveryResult.retry("HTTP 503"), 8, True),
        (DeliveryResult.permanent("HTTP 400"), 1, True),
    ],
)
def test_should_dead_letter(result, attempts, dead):
    assert should_dead_letter(result, attempts) is dead
