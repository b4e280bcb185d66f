"""Follow-up calls: scheduled once per closed order, and every outcome of the call."""

import datetime as dt

import pytest
from django.utils import timezone

from fixloop.accounts.roles import Role
from fixloop.aftercare import followups
from fixloop.aftercare.models import FollowUpTask
from fixloop.aftercare.tests.conftest import close_message, closed_order
from fixloop.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from fixloop.core.handlers import handlers_for
from fixloop.core.models import OutboxMessage
from fixloop.testing.world import new_order
from fixloop.workorders.models import WorkOrder

Outcome = FollowUpTask.Outcome


def scheduled(order) -> FollowUpTask:
    return followups.on_order_closed(close_message(order))


def test_closing_an_order_schedules_one_call_for_the_local_agent(world, closed, settings):
    settings.FIXLOOP_AFTERCARE = {**settings.FIXLOOP_AFTERCARE, "FOLLOWUP_AFTER_DAYS": 3}
    assert followups.on_order_closed in handlers_for("workorder.close")
    task = scheduled(closed)
    assert task.due_date == timezone.localdate(closed.closed_at) + dt.timedelta(days=3)
    assert task.assignee_id == world.users[Role.AGENT].pk
    assert (task.outcome, task.version) == ("", 1)
    # At-least-once delivery: the same message again changes nothing.
    assert scheduled(closed).pk == task.pk
    assert FollowUpTask.objects.count() == 1
    told = OutboxMessage.objects.filter(topic="notify", payload__event="followup.assigned")
    assert [m.payload["user_ids"] for m in told] == [[world.users[Role.AGENT].pk]]


def test_calls_go_to_the_least_busy_agent(world, closed):
    other = closed_order(world, serial="SN-TEST-0002")
    first, second = scheduled(closed), scheduled(other)
    # The world's centre has one agent, so both land there; a second local agent gets the next one.
    assert first.assignee_id == second.assignee_id == world.users[Role.AGENT].pk
    world.users["other_agent"].service_points.add(world.centre)
    third = scheduled(closed_order(world, serial="SN-TEST-0003"))
    assert third.assignee_id == world.users["other_agent"].pk


def test_no_call_for_an_order_that_is_not_closed_or_a_consultation(world, closed):
    message = close_message(closed)
    WorkOrder.objects.filter(pk=closed.pk).update(kind="consultation")
    assert followups.on_order_closed(message) is None
    open_order = new_order(world, serial="SN-TEST-0009")
    message.payload = {"order_id": open_order.pk}
    assert followups.on_order_closed(message) is None
    message.payload = {"order_id": 999999}
    assert followups.on_order_closed(message) is None
    assert not FollowUpTask.objects.exists()


def complete(world, task, outcome, note="", role=Role.AGENT, version=None):
    return followups.complete_follow_up(
        actor=world.actor(role), task_id=task.pk, expected_version=task.version if version is None else version,
        outcome=outcome, note=note,
    )  # fmt: skip


def test_satisfied(world, closed):
    task = complete(world, scheduled(closed), Outcome.SATISFIED, "客户表示很满意")
    assert (task.outcome, task.note, task.version) == ("satisfied", "客户表示很满意", 2)
    assert task.completed_by_id == world.users[Role.AGENT].pk and task.completed_at is not None
    with pytest.raises(Conflict) as info:
        complete(world, task, Outcome.COMPLAINT, "again")
    assert info.value.code == "follow_up_done"


def test_problem_persists_opens_a_linked_rework_order(world):
    original = closed_order(world, "carry_in_warranty")
    task = complete(world, scheduled(original), Outcome.PROBLEM_PERSISTS, "修好后第三天又无法开机")
    rework = task.rework_order
    assert (task.outcome, rework.rework_of_id, rework.symptoms) == (
        "problem_persists",
        original.pk,
        "修好后第三天又无法开机",
    )
    assert rework.kind == "repair" and rework.state == "new"


def test_problem_persists_after_the_repair_warranty_is_refused_and_nothing_changes(world, closed):
    task = scheduled(closed)  # resolved remotely: no repair warranty
    orders = WorkOrder.objects.count()
    with pytest.raises(Conflict) as info:
        complete(world, task, Outcome.PROBLEM_PERSISTS, "还是不行")
    assert info.value.code == "repair_warranty_expired"
    task.refresh_from_db()
    assert (task.outcome, task.version, WorkOrder.objects.count()) == ("", 1, orders)


def test_complaint_is_handed_to_the_complaints_module_through_the_outbox(world, closed):
    task = complete(world, scheduled(closed), Outcome.COMPLAINT, "工程师迟到两小时，态度差")
    assert task.outcome == "complaint_requested"
    message = OutboxMessage.objects.get(topic="complaint.requested")
    assert message.payload == {
        "order_id": closed.pk,
        "number": closed.number,
        "customer_id": closed.customer_id,
        "follow_up_id": task.pk,
        "note": "工程师迟到两小时，态度差",
        "agent_id": world.users[Role.AGENT].pk,
    }


def test_unreachable_calls_again_tomorrow_then_gives_up(world, closed):
    task = scheduled(closed)
    task = complete(world, task, Outcome.UNREACHABLE)
    assert (task.outcome, task.call_attempts, task.due_date) == (
        "",
        1,
        timezone.localdate() + dt.timedelta(days=1),
    )
    task = complete(world, task, Outcome.UNREACHABLE, "关机")
    task = complete(world, task, Outcome.UNREACHABLE)
    assert (task.outcome, task.call_attempts) == ("unreachable", 3)
    assert task.note.count("\n") == 2 and "关机" in task.note


@pytest.mark.parametrize(
    ("outcome", "note", "code", "field"),
    [
        ("", "", "outcome_invalid", "outcome"),
        ("happy", "", "outcome_invalid", "outcome"),
        (Outcome.PROBLEM_PERSISTS, "   ", "note_required", "note"),
        (Outcome.COMPLAINT, "", "note_required", "note"),
    ],
)
def test_bad_input_changes_nothing(world, closed, outcome, note, code, field):
    task = scheduled(closed)
    with pytest.raises(ValidationFailed) as info:
        complete(world, task, outcome, note)
    assert (info.value.code, info.value.details["field"]) == (code, field)
    task.refresh_from_db()
    assert (task.outcome, task.version) == ("", 1)
    assert not OutboxMessage.objects.filter(topic="complaint.requested").exists()


def test_stale_version_is_refused(world, closed):
    task = scheduled(closed)
    complete(world, task, Outcome.UNREACHABLE)
    with pytest.raises(Conflict) as info:
        complete(world, task, Outcome.SATISFIED, version=1)
    assert info.value.code == "stale_version"
    task.refresh_from_db()
    assert (task.outcome, task.version) == ("", 2)


def test_permissions(world, closed):
    task = scheduled(closed)
    for role in (Role.ENGINEER, Role.DISPATCHER, Role.CUSTOMER):
        with pytest.raises(Forbidden):
            complete(world, task, Outcome.SATISFIED, role=role)
    with pytest.raises(NotFound):  # another agent's call
        complete(world, task, Outcome.SATISFIED, role="other_agent")
    assert complete(world, task, Outcome.SATISFIED, role=Role.MANAGER).outcome == "satisfied"


def test_lists_mine_due_today(world, closed):
    task = scheduled(closed)
    agent = world.actor(Role.AGENT)
    today = timezone.localdate()
    assert list(followups.task_list(agent, due_by=today)) == []
    FollowUpTask.objects.filter(pk=task.pk).update(due_date=today)
    assert [t.pk for t in followups.task_list(agent, due_by=today)] == [task.pk]
    assert list(followups.task_list(world.actor("other_agent"))) == []
    FollowUpTask.objects.filter(pk=task.pk).update(assignee=None)
    assert [t.pk for t in followups.task_list(world.actor("other_agent"), mine=False)] == [task.pk]
    assert [t.pk for t in followups.task_list(world.actor(Role.MANAGER))] == [task.pk]
