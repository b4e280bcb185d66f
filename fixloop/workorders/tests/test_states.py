"""The transition table and replay, as pure functions."""

import pytest

from fixloop.workorders.states import (
    OPEN_STATES,
    TERMINAL,
    TRANSITIONS,
    Action,
    ReplayError,
    State,
    actions_from,
    replay,
    target,
)


def test_every_state_but_closed_and_cancelled_has_a_way_forward():
    for state in State:
        if state in (State.CLOSED, State.CANCELLED):
            assert actions_from(state) == []
        else:
            assert actions_from(state), state


def test_cancel_from_every_open_state_and_never_from_terminal():
    for state in OPEN_STATES:
        assert target(state, Action.CANCEL) == State.CANCELLED
    for state in TERMINAL:
        assert target(state, Action.CANCEL) is None


def test_every_state_is_reachable_from_new():
    seen, frontier = {State.NEW}, [State.NEW]
    while frontier:
        state = frontier.pop()
        for (source, _action), dest in TRANSITIONS.items():
            if source == state and dest not in seen:
                seen.add(dest)
                frontier.append(dest)
    assert seen == set(State)


@pytest.mark.parametrize(
    "state,action,expected",
    [
        (State.QUOTED, Action.APPROVE, State.REPAIRING),
        (State.QUOTED, Action.START_REPAIR, None),  # no repair after a quote without approval
        (State.REPAIRING, Action.PASS_QC, None),  # no ready without QC
        (State.QC, Action.FAIL_QC, State.REPAIRING),
        (State.AWAITING_ACCEPTANCE, Action.DISPUTE, State.REPAIRING),
        (State.NEW, Action.ASSIGN, None),
        (State.NEW, "no_such_action", None),
    ],
)
def test_target(state, action, expected):
    assert target(state, action) == expected


def test_replay_follows_the_table():
    steps = [
        ("create", "", "new"),
        ("triage", "new", "triaged"),
        ("resolve_remotely", "triaged", "resolved"),
        ("close", "resolved", "closed"),
    ]
    assert replay(steps) == State.CLOSED


@pytest.mark.parametrize(
    "steps",
    [
        [],
        [("triage", "new", "triaged")],  # no create
        [("create", "", "new"), ("assign", "new", "assigned")],  # not in the table
        [("create", "", "new"), ("triage", "triaged", "triaged")],  # from-state does not follow
        [("create", "", "new"), ("create", "", "new")],
    ],
)
def test_replay_refuses_broken_histories(steps):
    with pytest.raises(ReplayError):
        replay(steps)
