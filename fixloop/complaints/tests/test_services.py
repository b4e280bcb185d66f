"""Complaint lifecycle, scoping, guards and escalation from the outbox."""

import datetime as dt

import pytest
from django.utils import timezone

from fixloop.accounts.roles import Role
from fixloop.complaints import escalation, services
from fixloop.complaints.models import Complaint, ComplaintEvent, CorrectiveAction
from fixloop.complaints.selectors import complaint_get_for, complaint_list
from fixloop.complaints.states import State
from fixloop.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from fixloop.core.models import OutboxMessage
from fixloop.testing.world import new_order

pytestmark = pytest.mark.django_db


def _file(world, role=Role.CUSTOMER, **extra):
    fields = {"channel": "portal", "subject": "维修后仍然无法开机", "description": "取回第二天又坏了"}
    fields.update(extra)
    return services.register_complaint(actor=world.actor(role), **fields)


def test_customer_files_for_themselves_with_their_order(world):
    order = new_order(world)
    complaint = _file(world, order_numbers=[order.number], customer_id=world.other_customer.pk)
    assert complaint.customer == world.customer  # never on someone else's behalf
    assert complaint.number.startswith("CP") and complaint.state == State.REGISTERED
    assert list(complaint.orders.all()) == [order]
    assert complaint.respond_by - complaint.created_at == dt.timedelta(hours=24)
    notified = OutboxMessage.objects.filter(topic="notify", payload__event="complaint.registered")
    assert notified.get().payload["user_ids"] == [world.users[Role.MANAGER].pk]


def test_customer_cannot_attach_another_customers_order(world):
    order = new_order(world)
    with pytest.raises(NotFound):
        services.register_complaint(
            actor=world.actor("other_customer"), channel="portal", subject="x", description="y",
            order_numbers=[order.number],
        )  # fmt: skip
    assert not Complaint.objects.exists()


def test_customers_see_only_their_own(world):
    complaint = _file(world)
    assert complaint_get_for(world.actor(Role.CUSTOMER), complaint.number) == complaint
    with pytest.raises(NotFound):
        complaint_get_for(world.actor("other_customer"), complaint.number)
    assert complaint_list(world.actor("other_customer"), {}) == []
    assert complaint_list(world.actor(Role.AGENT), {"open": "true"}) == [complaint]
    with pytest.raises(NotFound):  # engineers see only complaints they own or act on
        complaint_get_for(world.actor(Role.ENGINEER), complaint.number)


def _walk_to_feedback(world, complaint):
    agent = world.actor(Role.AGENT)
    c = services.investigate(actor=agent, number=complaint.number, expected_version=complaint.version)
    assert c.first_response_at is not None
    c = services.propose(
        actor=agent, number=c.number, expected_version=c.version, findings="主板焊点虚焊",
        root_cause="返修未做老化测试", solution="免费更换主板并延保 6 个月", responsible_department="上海徐汇维修中心",
    )  # fmt: skip
    c = services.agree(actor=world.actor(Role.CUSTOMER), number=c.number, expected_version=c.version)
    c = services.implement(actor=agent, number=c.number, expected_version=c.version)
    return services.collect_feedback(
        actor=world.actor(Role.CUSTOMER), number=c.number, expected_version=c.version,
        feedback="满意", satisfied=True,
    )  # fmt: skip


def test_full_loop_with_actions_tracked_until_done(world):
    complaint = _file(world, severity="high")
    manager = world.actor(Role.MANAGER)
    item = services.add_action(
        actor=manager, number=complaint.number, kind="preventive", description="返修增加 2 小时老化测试",
        owner_id=world.users[Role.ENGINEER].pk, due_date=timezone.localdate() + dt.timedelta(days=7),
    )  # fmt: skip
    # The action's owner now sees the complaint.
    assert complaint_get_for(world.actor(Role.ENGINEER), complaint.number) == complaint
    c = _walk_to_feedback(world, complaint)
    assert c.state == State.FEEDBACK_COLLECTED and c.customer_satisfied is True
    with pytest.raises(Conflict) as refused:
        services.close(actor=manager, number=c.number, expected_version=c.version)
    assert refused.value.code == "actions_open"
    services.complete_action(actor=world.actor(Role.ENGINEER), action_id=item.pk, note="已加入流程")
    with pytest.raises(Conflict):
        services.complete_action(actor=manager, action_id=item.pk)
    c = services.close(actor=manager, number=c.number, expected_version=c.version)
    c.refresh_from_db()
    assert c.state == State.CLOSED and c.closed_at is not None and c.version == 7
    actions = list(ComplaintEvent.objects.filter(complaint=c).values_list("action", flat=True))
    assert actions == ["register", "add_action", "investigate", "propose", "agree", "implement",
                       "collect_feedback", "complete_action", "close"]  # fmt: skip


def test_refusals_change_nothing(world):
    complaint = _file(world)
    customer = world.actor(Role.CUSTOMER)
    with pytest.raises(Forbidden):
        services.investigate(actor=customer, number=complaint.number, expected_version=1)
    with pytest.raises(Conflict):  # not in the table from "registered"
        services.implement(actor=world.actor(Role.AGENT), number=complaint.number, expected_version=1)
    with pytest.raises(Conflict) as stale:
        services.investigate(actor=world.actor(Role.AGENT), number=complaint.number, expected_version=5)
    assert stale.value.code == "stale_version"
    c = services.investigate(actor=world.actor(Role.AGENT), number=complaint.number, expected_version=1)
    with pytest.raises(ValidationFailed) as missing:
        services.propose(actor=world.actor(Role.AGENT), number=c.number, expected_version=c.version,
                         findings="x", root_cause="y", solution="z")  # fmt: skip
    assert missing.value.details["field"] == "responsible_department"
    c.refresh_from_db()
    assert c.state == State.INVESTIGATING and c.version == 2
    assert ComplaintEvent.objects.filter(complaint=c).count() == 2


def test_consultation_is_answered_and_closed(world):
    item = _file(world, role=Role.AGENT, kind="consultation", channel="phone", customer_id=world.customer.pk)
    with pytest.raises(Forbidden):  # consultations are not investigated
        services.investigate(actor=world.actor(Role.AGENT), number=item.number, expected_version=1)
    done = services.answer(
        actor=world.actor(Role.AGENT), number=item.number, expected_version=1, answer="可以"
    )
    assert done.state == State.CLOSED and done.answer == "可以" and done.first_response_at is not None


def test_complaint_requested_topic_registers_once(world):
    order = new_order(world)
    message = OutboxMessage.objects.create(
        topic="complaint.requested", payload={"order_id": order.pk, "note": "客户说工程师态度差"}
    )
    first = escalation.on_complaint_requested(message)
    again = escalation.on_complaint_requested(message)
    assert first == again and Complaint.objects.count() == 1
    assert first.channel == "follow_up" and first.description == "客户说工程师态度差"
    assert list(first.orders.all()) == [order] and first.customer == world.customer


def test_add_action_refuses_past_due_date_and_non_staff_owner(world):
    complaint = _file(world)
    manager = world.actor(Role.MANAGER)
    with pytest.raises(ValidationFailed) as past:
        services.add_action(actor=manager, number=complaint.number, kind="corrective", description="x",
                            owner_id=world.users[Role.AGENT].pk, due_date=dt.date(2000, 1, 1))  # fmt: skip
    assert past.value.details["field"] == "due_date"
    with pytest.raises(ValidationFailed):
        services.add_action(actor=manager, number=complaint.number, kind="corrective", description="x",
                            owner_id=world.users[Role.CUSTOMER].pk, due_date=timezone.localdate())  # fmt: skip
    assert not CorrectiveAction.objects.exists()


def test_reminders_for_due_actions_and_late_responses(world):
    from fixloop.complaints import jobs

    complaint = _file(world, severity="critical")
    services.add_action(actor=world.actor(Role.MANAGER), number=complaint.number, kind="corrective",
                        description="回访客户", owner_id=world.users[Role.AGENT].pk,
                        due_date=timezone.localdate())  # fmt: skip
    later = timezone.now() + dt.timedelta(hours=3)  # past the 2-hour response target
    assert jobs.reminders(later) == 2
    events = OutboxMessage.objects.filter(topic="notify", payload__event__in=["complaint.action_due",
                                                                              "complaint.response_overdue"])  # fmt: skip
    assert sorted(m.payload["event"] for m in events) == [
        "complaint.action_due",
        "complaint.response_overdue",
    ]
    services.investigate(actor=world.actor(Role.AGENT), number=complaint.number, expected_version=1)
    assert jobs.reminders(later) == 1  # responded now; the action is still due


def test_follow_up_complaint_reaches_us_through_the_workers_handlers(world):
    """Aftercare records "complaint requested"; the worker's handler lookup routes it here, once."""
    from fixloop.aftercare import followups
    from fixloop.aftercare.models import FollowUpTask
    from fixloop.core.handlers import handlers_for
    from fixloop.demo.journeys import PATHS
    from fixloop.workorders.tests.helpers import run

    order = run(world, new_order(world, mode="remote"), PATHS["remote_resolved"])
    task = followups.on_order_closed(
        OutboxMessage.objects.get(topic="workorder.close", payload__order_id=order.pk)
    )
    followups.complete_follow_up(
        actor=world.actor(Role.AGENT), task_id=task.pk, expected_version=task.version,
        outcome=FollowUpTask.Outcome.COMPLAINT, note="工程师迟到两小时",
    )  # fmt: skip
    message = OutboxMessage.objects.get(topic="complaint.requested")
    assert escalation.on_complaint_requested in handlers_for("complaint.requested")
    for handler in handlers_for("complaint.requested") * 2:  # delivered twice: still one complaint
        handler(message)
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.source_key, complaint.description) == (
        "follow_up",
        f"follow_up:{task.pk}",
        "工程师迟到两小时",
    )
    assert list(complaint.orders.all()) == [order] and complaint.state == State.REGISTERED
    assert complaint.respond_by is not None
