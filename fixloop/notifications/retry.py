"""When to try a failed delivery again, and when to give up: pure functions, no clock, no database."""

from __future__ import annotations

import random
from collections.abc import Callable

from fixloop.notifications.channels.base import DeliveryResult

BASE_DELAY_SECONDS = 30.0
MAX_DELAY_SECONDS = 6 * 3600.0
JITTER = 0.25
MAX_ATTEMPTS = 8


def backoff_ceiling(
    attempt: int, *, base: float = BASE_DELAY_SECONDS, cap: float = MAX_DELAY_SECONDS
) -> float:
    """The un-jittered delay after failed attempt number `attempt` (1-based): base·2^(attempt-1), capped."""
    if attempt < 1:
        raise ValueError(f"attempt is 1-based, got {attempt}")
    # Compare exponents rather than computing 2**attempt, which overflows a float for huge attempts.
    if attempt - 1 >= 64 or base * 2.0 ** (attempt - 1) >= cap:
        return cap
    return base * 2.0 ** (attempt - 1)


def next_attempt_delay(
    attempt: int,
    *,
    base: float = BASE_DELAY_SECONDS,
    cap: float = MAX_DELAY_SECONDS,
    jitter: float = JITTER,
    rand: Callable[[], float] = random.random,
) -> float:
    """Seconds to wait after failed attempt `attempt`: the ceiling minus up to `jitter` of it, at random.

    Jitter only shortens the wait, so the cap holds and retries of messages that failed together
    spread out instead of hitting a recovering endpoint at the same instant.
    """
    if not 0.0 <= jitter <= 1.0:
        raise ValueError(f"jitter must be within [0, 1], got {jitter}")
    ceiling = backoff_ceiling(attempt, base=base, cap=cap)
    return ceiling * (1.0 - jitter * rand())


def is_dead(attempts: int, *, max_attempts: int = MAX_ATTEMPTS) -> bool:
    """True once `attempts` deliveries have been tried and failed: stop and dead-letter."""
    return attempts >= max_attempts


def should_dead_letter(result: DeliveryResult, attempts: int, *, max_attempts: int = MAX_ATTEMPTS) -> bool:
    """After a failed attempt (`attempts` counts it): permanent errors die at once, retryable ones at N."""
    if result.ok:
        return False
    return not result.retryable or is_dead(attempts, max_attempts=max_attempts)
