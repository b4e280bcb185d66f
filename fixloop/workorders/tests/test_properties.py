"""Property: random action sequences never leave the table, and the events replay to the order's state."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixloop.core.errors import DomainError
from fixloop.demo.journeys import PERFORMER
from fixloop.testing.world import new_order
from fixloop.workorders.models import WorkOrder
from fixloop.workorders.states import TRANSITIONS, Action, State, replay
from fixloop.workorders.tests.helpers import advance

pytestmark = pytest.mark.django_db

REACHABLE = {dest for dest in TRANSITIONS.values()} | {State.NEW}
ACTIONS = list(PERFORMER)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(st.tuples(st.sampled_from(ACTIONS), st.booleans()), min_size=1, max_size=25),
    mode=st.sampled_from(["carry_in", "on_site", "pickup", "remote"]),
    in_warranty=st.booleans(),
)
def test_random_sequences_stay_in_the_table_and_replay(world, steps, mode, in_warranty):
    order = new_order(world, mode=mode, in_warranty=in_warranty, serial=f"SN-H-{WorkOrder.objects.count()}")
    for action, as_manager in steps:
        before = (order.state, order.version)
        try:
            order = advance(world, order, action, role="manager" if as_manager else None)
        except DomainError:
            fresh = WorkOrder.objects.get(pk=order.pk)
            assert (fresh.state, fresh.version) == before  # a refusal changes nothing
            continue
        assert TRANSITIONS[(State(before[0]), Action(action))] == order.state
        assert order.version == before[1] + 1
    fresh = WorkOrder.objects.get(pk=order.pk)
    assert fresh.state in REACHABLE
    events = list(fresh.events.exclude(version=None).order_by("id"))
    assert len(events) == fresh.version
    assert replay((e.action, e.from_state, e.to_state) for e in events) == fresh.state
