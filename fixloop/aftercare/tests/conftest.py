"""Orders closed along the demo's paths, and the outbox message their closing wrote."""

import pytest

from fixloop.core.models import OutboxMessage
from fixloop.demo.journeys import PATHS
from fixloop.testing.world import new_order
from fixloop.workorders.tests.helpers import run


def closed_order(world, path: str = "remote_resolved", **kwargs):
    mode = {"remote_resolved": "remote", "carry_in_warranty": "carry_in"}[path]
    return run(world, new_order(world, mode=mode, **kwargs), PATHS[path])


def close_message(order) -> OutboxMessage:
    return OutboxMessage.objects.get(topic="workorder.close", payload__order_id=order.pk)


@pytest.fixture
def closed(world):
    return closed_order(world)
