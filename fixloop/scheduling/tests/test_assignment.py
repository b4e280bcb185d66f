"""Engineer suggestions: skills and levels respected, reasons spelled out, policies, auto-assign."""

import datetime as dt

import pytest
from django.utils import translation

from fixloop.accounts.roles import Role
from fixloop.core.errors import Forbidden, NotFound
from fixloop.core.outbox import OutboxMessage
from fixloop.scheduling.assignment import auto_assign, on_triaged, suggestions_for
from fixloop.scheduling.models import DispatchSettings, Policy
from fixloop.scheduling.scoring import Facts, rank
from fixloop.workorders.models import WorkOrder, WorkOrderEvent


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _slack_text(order, now):
    from fixloop.scheduling.deadlines import due_at

    # The order's due time follows the wall clock it was created at, so the slack may be either side of 0.
    hours = (due_at(order) - now).total_seconds() / 3600
    text = f"{abs(hours):.1f}".rstrip("0").rstrip(".")
    return f"SLA slack {text} h" if hours >= 0 else f"SLA overdue by {text} h"


def test_suggestions_respect_skill_levels_and_explain_themselves(sched):
    w = sched.world
    order = sched.order(mode="carry_in")
    now = sched.at(10)
    found = suggestions_for(w.actor(Role.DISPATCHER), order.number, now=now)
    assert [(s.engineer_id, s.fits) for s in found] == [(w.engineer.pk, True), (sched.second.pk, False)]
    # 09:00–18:00 with an hour's break still ahead at 10:00: 7 working hours left.
    assert found[0].explanation == (
        f"skill: 手机主板维修 (Expert); 0 jobs queued; 7 h left today; {_slack_text(order, now)}; home service point"
    )
    assert found[1].explanation.startswith("missing skill: 手机主板维修 (Advanced); 0 jobs queued")


def test_queue_and_continuity_show_in_the_reasons(sched):
    w = sched.world
    first = sched.assign(sched.order(mode="carry_in"), w.engineer)
    again = WorkOrder.objects.create(
        number="RO-AGAIN-1", channel="hotline", service_mode="carry_in", state="triaged", customer=w.customer,
        contact_name="张伟", contact_phone="13800001234", device=first.device, product_model=w.phone_model,
        symptoms="又不开机了", service_point=w.centre,
    )  # fmt: skip
    best = suggestions_for(w.actor(Role.MANAGER), again.number, now=sched.at(10))[0]
    assert best.engineer_id == w.engineer.pk
    assert "1 job queued" in best.explanation
    assert best.explanation.endswith("home service point; handled this device before")


def test_only_dispatchers_and_managers_get_suggestions_and_only_for_visible_orders(sched):
    w = sched.world
    order = sched.order(mode="carry_in")
    with pytest.raises(Forbidden):
        suggestions_for(w.actor(Role.AGENT), order.number)
    order.service_point = w.other_centre
    WorkOrder.objects.filter(pk=order.pk).update(service_point=w.other_centre)
    with pytest.raises(NotFound):
        suggestions_for(w.actor(Role.DISPATCHER), order.number)


def _facts(id, queued, hours_left=8.0, home=True, fits=True):
    return Facts(id, f"e{id}", fits, (), (), home, False, queued, hours_left, queued * 1.0)


def test_policies_order_fitting_engineers_differently():
    facts = [_facts(1, 3), _facts(2, 0, hours_left=1.0, home=False), _facts(3, 1), _facts(4, 0, fits=False)]
    best = [s.engineer_id for s in rank(facts, 24.0, Policy.BEST_SCORE)]
    least = [s.engineer_id for s in rank(facts, 24.0, Policy.LEAST_LOADED)]
    robin = [s.engineer_id for s in rank(facts, 24.0, Policy.ROUND_ROBIN, last_engineer_id=1)]
    assert best == [3, 1, 2, 4]  # home point and hours left outweigh one more job in the queue
    assert least == [2, 3, 1, 4]
    assert robin == [2, 3, 1, 4]  # the one after the last turn, wrapping around; unfit ones last
    assert [s.engineer_id for s in rank(facts, 24.0, Policy.ROUND_ROBIN, last_engineer_id=3)] == [1, 2, 3, 4]


def test_tight_sla_weighs_the_queue_more():
    calm = rank([_facts(1, 2), _facts(2, 0, home=False)], 48.0)
    tight = rank([_facts(1, 2), _facts(2, 0, home=False)], 1.0)
    assert [s.engineer_id for s in calm] == [1, 2]
    assert [s.engineer_id for s in tight] == [2, 1]
    assert "SLA slack 1 h" in tight[0].explanation


def _triage_message(order):
    return OutboxMessage.objects.filter(topic="workorder.triage", payload__order_id=order.pk).latest("id")


def test_auto_assign_after_triage_through_the_assign_service(sched):
    w = sched.world
    DispatchSettings.objects.create(service_point=w.centre, auto_assign=True)
    order = sched.order(mode="carry_in")
    on_triaged(_triage_message(order))
    order.refresh_from_db()
    assert (order.state, order.assignee_id) == ("assigned", w.engineer.pk)
    event = WorkOrderEvent.objects.get(order=order, action="assign")
    assert event.actor_label == "system"
    on_triaged(_triage_message(order))  # delivered twice: nothing more happens
    assert WorkOrderEvent.objects.filter(order=order, action="assign").count() == 1


def test_no_auto_assign_unless_the_point_enables_it(sched):
    order = sched.order(mode="carry_in")
    assert auto_assign(order.pk) is None
    order.refresh_from_db()
    assert order.assignee_id is None and order.state == "triaged"


def test_round_robin_auto_assign_takes_turns(sched):
    w = sched.world
    w.phone_model.skills.clear()  # both engineers fit
    DispatchSettings.objects.create(service_point=w.centre, auto_assign=True, policy=Policy.ROUND_ROBIN)
    got = [auto_assign(sched.order(mode="carry_in").pk).assignee_id for _ in range(3)]
    assert got == [w.engineer.pk, sched.second.pk, w.engineer.pk]


def test_sla_slack_comes_from_the_sla_snapshot(sched):
    from fixloop.sla.models import Snapshot

    w = sched.world
    order = sched.order(mode="carry_in")
    now = sched.at(10)
    Snapshot.objects.update_or_create(
        order=order, defaults={"status": "running", "due_at": now + dt.timedelta(hours=5), "computed_at": now}
    )
    best = suggestions_for(w.actor(Role.DISPATCHER), order.number, now=now)[0]
    assert "; SLA slack 5 h;" in best.explanation


def test_an_engineer_at_the_daily_job_limit_ranks_after_fitting_engineers_with_room():
    # Home point and full shift would otherwise make engineer 1 the best choice.
    full = Facts(1, "e1", True, (), (), True, True, 28, 8.0, 28.0, job_limit=8)
    room = Facts(2, "e2", True, (), (), False, False, 3, 4.0, 3.0, job_limit=8)
    unfit = Facts(3, "e3", False, (), (), True, False, 0, 8.0, 0.0, job_limit=8)
    for policy in (Policy.BEST_SCORE, Policy.LEAST_LOADED, Policy.ROUND_ROBIN):
        ranked = rank([full, room, unfit], 24.0, policy, last_engineer_id=0)
        assert [s.engineer_id for s in ranked] == [2, 1, 3], policy
    first, second, _unfit = rank([full, room, unfit], 24.0)
    assert (first.at_limit, second.at_limit) == (False, True)
    assert "daily job limit reached (28/8)" in second.explanation
    assert "daily job limit" not in first.explanation


def test_an_engineer_just_below_the_limit_is_not_at_it():
    assert not Facts(1, "e1", True, (), (), True, False, 7, 8.0, 7.0, job_limit=8).at_limit
    assert Facts(1, "e1", True, (), (), True, False, 8, 8.0, 8.0, job_limit=8).at_limit
    assert not Facts(1, "e1", True, (), (), True, False, 99, 8.0, 99.0).at_limit  # no limit known


def test_no_auto_assign_to_an_engineer_at_the_daily_job_limit(sched):
    w = sched.world
    DispatchSettings.objects.create(service_point=w.centre, auto_assign=True)
    type(w.engineer).objects.filter(pk=w.engineer.pk).update(max_jobs_per_day=0)
    order = sched.order(mode="carry_in")
    on_triaged(_triage_message(order))
    order.refresh_from_db()
    assert order.assignee_id is None
