"""Two scan workers on PostgreSQL escalating the same orders at the same moment: each fires once."""

import threading

import pytest
import time_machine
from django.db import connection, connections

from fixloop.core.models import OutboxMessage
from fixloop.sla import escalation
from fixloop.sla.models import Escalation, Policy
from fixloop.sla.tests.conftest import H, sh
from fixloop.testing.world import build_world, new_order
from fixloop.workorders.models import WorkOrderEvent

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is checked on PostgreSQL"),
]


def test_two_workers_scanning_together_fire_each_escalation_once():
    world = build_world()
    Policy.objects.create(name="24×7", first_response=H, resolution=8 * H)
    with time_machine.travel(sh(2026, 11, 23, 9, 0), tick=False):
        orders = [new_order(world, serial=f"SN-CC-{i}") for i in range(5)]
    moment = sh(2026, 11, 23, 9, 55)  # every first response past 80 % (48 min), none due yet
    barrier = threading.Barrier(2)
    results: list = [None, None]

    def worker(i):
        try:
            barrier.wait()
            results[i] = escalation.scan(moment)
        except Exception as exc:  # surfaced by the assertion below
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(results) == 5, results
    assert Escalation.objects.count() == 5
    assert WorkOrderEvent.objects.filter(action="sla_warning").count() == 5
    notices = OutboxMessage.objects.filter(topic="notify", payload__event="sla.warning")
    assert sorted(m.payload["order_id"] for m in notices) == sorted(o.pk for o in orders)
