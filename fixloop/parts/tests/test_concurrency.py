"""The last unit under concurrent issues and reservations, on PostgreSQL with real threads."""

import threading

import pytest
from django.db import connection, connections

from fixloop.parts.services import ledger
from fixloop.parts.services.ledger import InsufficientStock
from fixloop.parts.stock_models import StockMovement
from fixloop.parts.tests.stock import balance, build_stock, put
from fixloop.testing.world import build_world

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is checked on PostgreSQL"),
]


def in_threads(count: int, work) -> list:
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


@pytest.mark.parametrize("kind", ["scrap", "reserve"])
def test_eight_threads_after_the_last_two_units_exactly_two_win(kind):
    world = build_world()
    stock = build_stock(world)
    put(world, stock.xuhui, stock.battery, 2)
    actor = world.actor("warehouse")
    delta = {"on_hand": -1} if kind == "scrap" else {"reserved": 1}

    def take(_i):
        return ledger.post(
            actor=actor, part=stock.battery, location=stock.xuhui, kind=kind, reason="race", **delta
        )

    results = in_threads(8, take)
    winners = [r for r in results if isinstance(r, StockMovement)]
    losers = [r for r in results if isinstance(r, InsufficientStock)]
    assert (len(winners), len(losers)) == (2, 6), results
    assert balance(stock.xuhui, stock.battery) == ((0, 0) if kind == "scrap" else (2, 2))
    assert StockMovement.objects.filter(kind=kind).count() == 2
    assert ledger.ledger_mismatches() == []


def test_first_use_of_a_balance_row_by_many_threads_creates_one_row():
    world = build_world()
    stock = build_stock(world)
    actor = world.actor("warehouse")

    def receive(_i):
        return ledger.post(actor=actor, part=stock.screen, location=stock.haidian, kind="receipt", on_hand=1)

    results = in_threads(6, receive)
    assert all(isinstance(r, StockMovement) for r in results), results
    assert balance(stock.haidian, stock.screen) == (6, 0)


def test_two_repairs_fitting_the_last_free_unit_at_once_one_gets_it():
    from fixloop.core.errors import Conflict
    from fixloop.parts.services.reservations import issue_to_order
    from fixloop.testing.world import new_order
    from fixloop.workorders.tests.helpers import run

    world = build_world()
    stock = build_stock(world)
    put(world, stock.xuhui, stock.battery, 1)
    orders = [
        run(
            world,
            new_order(world, serial=f"SN-RACE-{i}"),
            ["triage", "assign", "receive_device", "start_repair"],
        )
        for i in range(2)
    ]
    actor = world.actor("engineer")

    def fit(i):
        return issue_to_order(actor=actor, number=orders[i].number, part_id=stock.battery.pk, quantity=1)

    results = in_threads(2, fit)
    assert sorted(type(r).__name__ for r in results) == ["InsufficientStock", "list"], results
    assert [r.code for r in results if isinstance(r, Conflict)] == ["insufficient_stock"]
    assert balance(stock.xuhui, stock.battery) == (0, 0)
    assert StockMovement.objects.filter(kind="issue").count() == 1


def test_two_clerks_acting_on_one_suggestion_raise_one_purchase():
    from django.utils import timezone

    from fixloop.core.errors import Conflict
    from fixloop.parts.services import movements
    from fixloop.parts.stock_models import PurchaseRequest, Suggestion

    world = build_world()
    stock = build_stock(world)
    suggestion = Suggestion.objects.create(kind="purchase", part=stock.battery, to_location=stock.xuhui,
                                           quantity=3, reasoning={}, computed_at=timezone.now())  # fmt: skip
    actor = world.actor("warehouse")
    results = in_threads(4, lambda _i: movements.act_on_suggestion(actor=actor, suggestion_id=suggestion.pk))
    assert sorted(type(r).__name__ for r in results) == ["Conflict"] * 3 + ["PurchaseRequest"], results
    assert all(r.code == "suggestion_gone" for r in results if isinstance(r, Conflict))
    assert PurchaseRequest.objects.count() == 1 and not Suggestion.objects.exists()
