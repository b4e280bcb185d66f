"""Lifecycle services against a real database: journeys, refusals and guards, and their effects."""

import datetime as dt

import pytest
from django.utils import timezone

from fixloop.accounts.roles import Role
from fixloop.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from fixloop.core.models import OutboxMessage
from fixloop.demo.journeys import PATH_MODE, PATHS
from fixloop.organisation.models import Engineer
from fixloop.testing.world import new_order
from fixloop.workorders.models import QCRecord, Quote, QuoteApproval, WorkOrder, WorkOrderEvent
from fixloop.workorders.states import TRANSITIONS, Action, State, replay
from fixloop.workorders.tests.helpers import CHECKLIST_BAD, PERFORMER, advance, run

pytestmark = pytest.mark.django_db

A = Action


def snapshot(order):
    """What a refused action must leave untouched."""
    fresh = WorkOrder.objects.get(pk=order.pk)
    return (
        fresh.state,
        fresh.version,
        WorkOrderEvent.objects.filter(order=order).count(),
        OutboxMessage.objects.count(),
    )


def assert_timeline_consistent(order):
    events = list(order.events.exclude(version=None).order_by("id"))
    assert [e.version for e in events] == list(range(1, order.version + 1))
    assert replay((e.action, e.from_state, e.to_state) for e in events) == order.state


JOURNEYS = {name: (*PATH_MODE[name], PATHS[name]) for name in PATHS}


@pytest.mark.parametrize("name", JOURNEYS)
def test_journey(world, name):
    mode, in_warranty, actions = JOURNEYS[name]
    order = new_order(world, mode=mode, in_warranty=in_warranty)
    outbox_before = OutboxMessage.objects.count()
    order = run(world, order, actions)
    assert order.state == State.CLOSED
    assert order.version == len(actions) + 1
    assert OutboxMessage.objects.count() - outbox_before == len(actions)
    assert_timeline_consistent(order)
    assert order.closed_at is not None and order.resolved_at is not None


def test_rework_is_counted(world):
    order = run(world, new_order(world), JOURNEYS["carry_in_rework"][2])
    assert order.rework_count == 2  # one failed QC, one dispute
    assert QCRecord.objects.filter(order=order, passed=False).count() == 1


REFUSED = [(s, a) for s in State for a in PERFORMER if (s, a) not in TRANSITIONS]


@pytest.mark.parametrize("state,action", REFUSED, ids=[f"{s.value}-{a.value}" for s, a in REFUSED])
def test_every_refused_transition_changes_nothing(world, state, action):
    order = new_order(world)
    WorkOrder.objects.filter(pk=order.pk).update(state=state, assignee=world.engineer)
    order = WorkOrder.objects.get(pk=order.pk)
    before = snapshot(order)
    with pytest.raises((Conflict, Forbidden)) as refused:
        advance(world, order, action)
    assert refused.value.code in ("action_not_allowed", "action_forbidden")
    if refused.value.code == "action_not_allowed":
        assert "allowed_actions" in refused.value.details
    assert snapshot(order) == before


def test_stale_version_is_refused_and_changes_nothing(world):
    order = new_order(world)
    order = advance(world, order, A.TRIAGE)
    before = snapshot(order)
    order.version -= 1
    with pytest.raises(Conflict) as refused:
        advance(world, order, A.ASSIGN)
    assert refused.value.code == "stale_version"
    assert refused.value.details == {"current_version": 2}
    assert snapshot(order) == before


def at(world, actions, **kwargs):
    return run(world, new_order(world, **kwargs), actions)


@pytest.mark.parametrize(
    "setup,action,overrides,code",
    [
        ([A.TRIAGE, A.ASSIGN, A.RECEIVE_DEVICE], A.START_REPAIR, {}, "quote_required"),  # out of warranty
        ([A.TRIAGE, A.ASSIGN, A.RECEIVE_DEVICE, A.QUOTE], A.APPROVE, {"signature": ""}, "signature_required"),
        ([A.TRIAGE, A.ASSIGN, A.RECEIVE_DEVICE, A.QUOTE], A.APPROVE, {"option": 9}, "option_not_found"),
        ([A.TRIAGE, A.ASSIGN, A.RECEIVE_DEVICE, A.QUOTE], A.APPROVE, {"quote_revision": 2}, "quote_changed"),
        ([A.TRIAGE, A.ASSIGN, A.RECEIVE_DEVICE], A.QUOTE, {"options": []}, "options_required"),
        ([A.TRIAGE, A.ASSIGN, A.RECEIVE_DEVICE], A.QUOTE, {"findings": "  "}, "field_required"),
        ([A.TRIAGE], A.CANCEL, {"reason": ""}, "field_required"),
        ([A.TRIAGE], A.ASSIGN, {"engineer_id": 999999}, "engineer_not_found"),
        ([A.TRIAGE, A.ASSIGN], A.SCHEDULE, {}, "no_appointment_for_carry_in"),
    ],
)
def test_guards_refuse_and_change_nothing(world, setup, action, overrides, code):
    order = at(world, setup, in_warranty=False)
    before = snapshot(order)
    with pytest.raises((ValidationFailed, Conflict)) as refused:
        advance(world, order, action, **overrides)
    assert refused.value.code == code
    assert snapshot(order) == before


def test_pass_qc_needs_every_item_passed(world):
    order = at(world, [A.TRIAGE, A.ASSIGN, A.RECEIVE_DEVICE, A.START_REPAIR, A.SUBMIT_QC])
    before = snapshot(order)
    with pytest.raises(ValidationFailed) as refused:
        advance(world, order, A.PASS_QC, checklist=CHECKLIST_BAD)
    assert refused.value.code == "qc_items_failed"
    assert snapshot(order) == before and not QCRecord.objects.filter(order=order).exists()


def test_schedule_window_must_end_after_start(world):
    order = at(world, [A.TRIAGE, A.ASSIGN], mode="on_site")
    start = timezone.now() + dt.timedelta(days=1)
    with pytest.raises(ValidationFailed) as refused:
        advance(world, order, A.SCHEDULE, start=start, end=start)
    assert refused.value.code == "window_invalid"


def test_a_revised_quote_needs_a_new_approval(world):
    order = at(world, [A.TRIAGE, A.ASSIGN, A.RECEIVE_DEVICE, A.QUOTE], in_warranty=False)
    order = advance(world, order, A.QUOTE)  # revision 2 supersedes 1
    assert list(order.quotes.values_list("revision", "status")) == [(1, "superseded"), (2, "pending")]
    with pytest.raises(Conflict) as refused:
        advance(world, order, A.APPROVE, quote_revision=1)
    assert refused.value.details == {"current_revision": 2}
    order = advance(world, order, A.APPROVE, quote_revision=2)
    approval = QuoteApproval.objects.get(quote__order=order)
    assert (approval.quote.revision, approval.option.position, approval.decision) == (2, 1, "approved")
    assert Quote.objects.get(order=order, revision=2).status == "approved"


def test_quote_totals_are_exact_decimals(world):
    order = at(world, [A.TRIAGE, A.ASSIGN, A.RECEIVE_DEVICE, A.QUOTE], in_warranty=False)
    options = Quote.objects.get(order=order).options.order_by("position")
    # 899 + 1.5 × 80 = 1019.00; 13 % tax = 132.47 (half-up); inspection 50 + 6.50 tax.
    assert [(str(o.subtotal), str(o.tax), str(o.total)) for o in options] == [
        ("1019.00", "132.47", "1151.47"),
        ("50.00", "6.50", "56.50"),
    ]


def test_engineer_acts_only_on_own_assignment(world):
    order = at(world, [A.TRIAGE, A.ASSIGN])
    # Same service point, different engineer: sees the order but may not work on it.
    Engineer.objects.filter(pk=world.other_engineer.pk).update(home_service_point=world.centre)
    before = snapshot(order)
    with pytest.raises(Forbidden) as refused:
        advance(world, order, A.RECEIVE_DEVICE, role="other_engineer")
    assert refused.value.code == "action_forbidden"
    assert snapshot(order) == before


def test_customer_may_cancel_only_before_work_starts(world):
    early = at(world, [A.TRIAGE])
    assert advance(world, early, A.CANCEL, role=Role.CUSTOMER).state == State.CANCELLED
    late = at(world, [A.TRIAGE, A.ASSIGN, A.RECEIVE_DEVICE])
    with pytest.raises(Forbidden):
        advance(world, late, A.CANCEL, role=Role.CUSTOMER)


def test_other_customers_order_is_not_found(world):
    order = new_order(world)
    before = snapshot(order)
    with pytest.raises(NotFound):
        advance(world, order, A.CANCEL, role="other_customer")
    assert snapshot(order) == before
