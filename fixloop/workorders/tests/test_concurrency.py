"""Concurrent writers on PostgreSQL: one winner per version, idempotent creates under parallel retries."""

import threading

import pytest
from django.db import connection, connections

from fixloop.accounts.roles import Role
from fixloop.core.errors import Conflict
from fixloop.testing.world import build_world, intake, new_order
from fixloop.workorders import services
from fixloop.workorders.models import IdempotencyRecord, WorkOrder, WorkOrderEvent

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is checked on PostgreSQL"),
]


def in_threads(count: int, work) -> list:
    """Run work(i) in `count` threads released together; return each result or exception."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def runner(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_eight_threads_same_version_exactly_one_wins():
    world = build_world()
    order = new_order(world)
    actor = world.actor(Role.AGENT)

    def triage(i):
        return services.TRANSITION_SERVICES["triage"](
            actor=actor,
            number=order.number,
            expected_version=1,
            priority=["low", "normal", "high", "urgent"][i % 4],
        )

    results = in_threads(8, triage)
    winners = [r for r in results if isinstance(r, WorkOrder)]
    losers = [r for r in results if isinstance(r, Conflict)]
    assert len(winners) == 1 and len(losers) == 7, results
    assert {c.code for c in losers} == {"stale_version"}
    fresh = WorkOrder.objects.get(pk=order.pk)
    assert (fresh.state, fresh.version, fresh.priority) == ("triaged", 2, winners[0].priority)
    assert WorkOrderEvent.objects.filter(order=order, action="triage").count() == 1


def test_parallel_retries_with_one_idempotency_key_create_one_order():
    world = build_world()
    actor = world.actor(Role.AGENT)
    data = intake(world, serial="SN-IDEM-1")

    results = in_threads(
        8, lambda i: services.create_order(actor=actor, intake=data, idempotency_key="retry-me")
    )
    numbers = {r[0].number for r in results if isinstance(r, tuple)}
    assert len(numbers) == 1, results
    assert sum(1 for r in results if isinstance(r, tuple) and r[1]) == 1
    assert WorkOrder.objects.count() == 1 and IdempotencyRecord.objects.count() == 1


def test_parallel_creates_get_distinct_numbers():
    world = build_world()
    actor = world.actor(Role.AGENT)
    results = in_threads(
        8, lambda i: services.create_order(actor=actor, intake=intake(world, serial=f"SN-PAR-{i}"))[0].number
    )
    assert all(isinstance(r, str) for r in results), results
    assert len(set(results)) == 8
