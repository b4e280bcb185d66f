"""Escalation at the warning threshold and at breach: once per clock and level, on the timeline."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from fixloop.accounts.roles import Role
from fixloop.core.errors import Conflict
from fixloop.core.models import OutboxMessage
from fixloop.sla import escalation
from fixloop.sla.models import Escalation, EscalationRule, Snapshot
from fixloop.sla.tests.conftest import sh
from fixloop.testing.world import make_user, new_order
from fixloop.workorders.models import WorkOrderEvent
from fixloop.workorders.tests.helpers import advance


def sla_events(order):
    return list(WorkOrderEvent.objects.filter(order=order, action__startswith="sla_").order_by("id"))


def notes(order):
    return [m.payload for m in OutboxMessage.objects.filter(topic="notify").order_by("id")
            if m.payload["order_id"] == order.pk and m.payload["event"].startswith("sla.")]  # fmt: skip


def assigned_order(world, at):
    with at(sh(2026, 11, 23, 9, 0)):
        order = new_order(world)
    with at(sh(2026, 11, 23, 9, 10)):
        order = advance(world, order, "triage")
    with at(sh(2026, 11, 23, 9, 20)):
        return advance(world, order, "assign")


def test_nothing_fires_before_the_warning_moment(sla_world, at):
    with at(sh(2026, 11, 23, 17, 0)):
        order = new_order(sla_world)
    assert escalation.scan(sh(2026, 11, 24, 9, 35)) == 0  # warning at 09:36
    assert not Escalation.objects.exists() and sla_events(order) == []


def test_warning_then_breach_each_fire_once_however_often_the_scan_runs(sla_world, at):
    order = assigned_order(sla_world, at)  # resolution: 24 business hours from Mon 09:00 → Wed 18:00
    snap = Snapshot.objects.get(order=order)
    # 80 % of 24 h is 19.2 h: Mon 8 h, Tue 8 h, Wed 09–12 3 h, then 12 minutes after lunch.
    assert snap.warn_at == sh(2026, 11, 25, 13, 12)
    warn = sh(2026, 11, 25, 13, 11)
    assert snap.next_check_at == snap.warn_at
    assert escalation.scan(warn) == 0
    with at(sh(2026, 11, 25, 13, 15)):
        assert escalation.scan(sh(2026, 11, 25, 13, 15)) == 1
        assert escalation.scan(sh(2026, 11, 25, 13, 16)) == 0  # the job ran again: nothing new
    [event] = sla_events(order)
    assert (event.action, event.actor_label, event.version) == ("sla_warning", "system", None)
    assert event.payload["clock"] == "resolution" and event.payload["level"] == "warning"
    assert event.payload["used_percent"] == 80
    manager, engineer_user = sla_world.users[Role.MANAGER], sla_world.engineer.user
    [note] = notes(order)
    assert note["event"] == "sla.warning"
    assert note["user_ids"] == sorted([manager.pk, engineer_user.pk])
    assert note["dedupe_key"] == f"sla:{order.pk}:resolution:warning"
    assert (note["context"]["clock_code"], note["context"]["due"]) == ("resolution", "2026-11-25 18:00")
    assert "80%" in event.payload["note"] and "2026-11-25 18:00" in event.payload["note"]
    assert Snapshot.objects.get(order=order).next_check_at == sh(2026, 11, 25, 18, 0)  # the breach is next
    with at(sh(2026, 11, 26, 10, 0)):
        assert escalation.scan(sh(2026, 11, 26, 10, 0)) == 1
        assert escalation.scan(sh(2026, 11, 26, 10, 30)) == 0
    assert [e.action for e in sla_events(order)] == ["sla_warning", "sla_breach"]
    with translation.override("en"):  # the timeline names them in words, not codes
        assert [str(e.action_label) for e in sla_events(order)] == ["SLA warning", "SLA breached"]
    assert [n["event"] for n in notes(order)] == ["sla.warning", "sla.breach"]
    assert Snapshot.objects.get(order=order).next_check_at is None
    assert Snapshot.objects.get(order=order).status == "breached"


def test_a_second_worker_claiming_the_same_threshold_gets_nothing(sla_world, at):
    order = assigned_order(sla_world, at)
    moment = sh(2026, 11, 26, 9, 0)
    with at(moment):
        assert escalation.escalate_order(order.pk, moment) == 2  # warning and breach, both passed
        # A worker that read the snapshot before the first committed escalates the same order again.
        assert escalation.escalate_order(order.pk, moment) == 0
    assert Escalation.objects.filter(order=order).count() == 2
    assert len(sla_events(order)) == 2 and len(notes(order)) == 2


def test_breach_rule_raises_priority_and_moves_the_order_with_a_new_version(sla_world, at):
    EscalationRule.objects.create(level="breach", raise_priority=True, move_to=sla_world.other_centre,
                                  notify_assignee=False, notify_supervisors=True)  # fmt: skip
    boss = make_user("beijing_boss", Role.MANAGER)
    boss.service_points.add(sla_world.other_centre)
    order = assigned_order(sla_world, at)
    version, priority = order.version, order.priority
    with at(sh(2026, 11, 26, 9, 0)):
        escalation.scan(sh(2026, 11, 26, 9, 0))
    order.refresh_from_db()
    assert (
        order.priority == escalation.PRIORITY_UP[priority] and order.service_point == sla_world.other_centre
    )
    assert order.version == version + 1
    breach = sla_events(order)[-1]
    assert breach.version == order.version
    assert (
        breach.payload["priority"] == order.priority
        and breach.payload["service_point"] == sla_world.other_centre.pk
    )
    # The supervisors of the order's (new) service point are told, not the engineer.
    assert notes(order)[-1]["user_ids"] == [boss.pk]


def test_a_user_holding_the_old_version_is_refused_after_an_escalation(sla_world, at):
    EscalationRule.objects.create(level="warning", raise_priority=True)
    order = assigned_order(sla_world, at)
    with at(sh(2026, 11, 25, 14, 0)):
        escalation.scan(sh(2026, 11, 25, 14, 0))
        with pytest.raises(Conflict):
            advance(sla_world, order, "schedule")  # `order` still carries the version before the escalation


def test_paused_clocks_are_not_escalated(sla_world, at):
    order = assigned_order(sla_world, at)
    with at(sh(2026, 11, 23, 9, 30)):
        order = advance(sla_world, order, "receive_device")
    with at(sh(2026, 11, 23, 10, 0)):
        order = advance(sla_world, order, "quote")
    assert Snapshot.objects.get(order=order).next_check_at is None
    assert escalation.scan(sh(2026, 12, 31, 9, 0)) == 0


def test_the_scan_reads_only_due_snapshots_with_an_index(sla_world, at):
    with at(sh(2026, 11, 23, 9, 0)):
        for i in range(6):
            new_order(sla_world, serial=f"SN-SCAN-{i}")
    Snapshot.objects.update(next_check_at=None)  # as if all were escalated or stopped
    with CaptureQueriesContext(connection) as ctx:
        assert escalation.scan(sh(2026, 11, 30, 9, 0)) == 0
    [query] = ctx.captured_queries
    assert "next_check_at" in query["sql"] and "WHERE" in query["sql"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("EXPLAIN " + query["sql"])
            plan = " ".join(row[0] for row in cursor.fetchall())
        assert "sla_snap_check_idx" in plan


def test_rules_of_the_policy_come_before_general_rules(sla_world, at):
    EscalationRule.objects.create(level="breach", move_to=sla_world.centre, notify_supervisors=False)
    EscalationRule.objects.create(policy=sla_world.default_policy, level="breach", move_to=sla_world.other_centre,
                                  clock="resolution", notify_assignee=False, notify_supervisors=False)  # fmt: skip
    order = assigned_order(sla_world, at)
    with at(sh(2026, 11, 26, 9, 0)):
        escalation.scan(sh(2026, 11, 26, 9, 0))
    order.refresh_from_db()
    assert order.service_point == sla_world.other_centre
    # Notifications are the union of the rules: the general rule asks for the engineer.
    assert notes(order)[-1]["user_ids"] == [sla_world.engineer.user.pk]


def test_scan_is_the_periodic_job():
    from fixloop.core.periodic import discover, resolve

    [job] = [j for j in discover() if j.name == "sla.scan"]
    assert resolve(job) is escalation.scan and job.every == timedelta(minutes=1)
