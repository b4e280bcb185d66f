"""Maintenance plans: validation, and the periodic job opening each due order exactly once."""

import datetime as dt

import pytest
from django.utils import timezone

from fixloop.accounts.roles import Role
from fixloop.aftercare import maintenance
from fixloop.aftercare.jobs import PERIODIC
from fixloop.aftercare.models import MaintenancePlan, MaintenanceVisit
from fixloop.core.errors import Conflict, Forbidden, ValidationFailed
from fixloop.core.models import OutboxMessage
from fixloop.core.periodic import resolve
from fixloop.testing.world import existing_device
from fixloop.workorders.models import WorkOrder


@pytest.fixture
def device(world):
    return existing_device(
        world, "HX-P60-000123", purchase_date=timezone.localdate() - dt.timedelta(days=200)
    )


def make_plan(world, device, *, role=Role.AGENT, **overrides):
    fields = {
        "serial": device.serial,
        "interval_months": 6,
        "next_due": timezone.localdate() + dt.timedelta(days=20),
    }
    return maintenance.create_plan(actor=world.actor(role), **{**fields, **overrides})


def at(days: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def test_create_plan(world, device):
    plan = make_plan(world, device, lead_days=7, contract_number="HT-2026-018", notes="清洗滤网，检查冷媒")
    assert (plan.customer_id, plan.interval_months, plan.lead_days, plan.active, plan.version) == (
        world.customer.pk,
        6,
        7,
        True,
        1,
    )
    assert plan.created_by_id == world.users[Role.AGENT].pk


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"serial": "NO-SUCH-SERIAL"}, "device_not_found", "serial"),
        ({"interval_months": 0}, "interval_invalid", "interval_months"),
        ({"interval_months": 61}, "interval_invalid", "interval_months"),
        ({"next_due": dt.date(2020, 1, 1)}, "due_in_past", "next_due"),
        ({"lead_days": 91}, "lead_days_invalid", "lead_days"),
        ({"service_mode": "teleport"}, "service_mode_invalid", "service_mode"),
        ({"service_point_id": 999999}, "service_point_not_found", "service_point_id"),
    ],
)
def test_bad_plans_are_refused(world, device, overrides, code, field):
    with pytest.raises(ValidationFailed) as info:
        make_plan(world, device, **overrides)
    assert (info.value.code, info.value.details["field"]) == (code, field)
    assert not MaintenancePlan.objects.exists()


def test_device_without_owner_is_refused(world, device):
    device.owner = None
    device.save(update_fields=["owner"])
    with pytest.raises(ValidationFailed) as info:
        make_plan(world, device)
    assert info.value.code == "device_without_owner"


@pytest.mark.parametrize("role", [Role.ENGINEER, Role.WAREHOUSE, Role.CUSTOMER])
def test_only_agents_dispatchers_and_managers_manage_plans(world, device, role):
    with pytest.raises(Forbidden):
        make_plan(world, device, role=role)
    assert not MaintenancePlan.objects.exists()


def test_job_opens_the_order_within_the_lead_days_once(world, device):
    plan = make_plan(world, device, lead_days=14)  # due in 20 days
    job = resolve(next(job for job in PERIODIC if job.name == "aftercare.maintenance"))
    assert job(at(5)) == 0  # 15 days ahead: too early
    assert not WorkOrder.objects.exists()
    assert job(at(6)) == 1
    assert job(at(6)) == 0  # the same moment again
    assert job(at(7)) == 0
    order = WorkOrder.objects.get()
    assert (order.kind, order.state, order.device_id, order.customer_id) == (
        "maintenance",
        "new",
        device.pk,
        world.customer.pk,
    )
    due = timezone.localdate() + dt.timedelta(days=20)
    assert due.isoformat() in order.symptoms
    visit = MaintenanceVisit.objects.get()
    assert (visit.plan_id, visit.due_date, visit.order_id) == (plan.pk, due, order.pk)
    plan.refresh_from_db()
    assert plan.next_due.month == (due.month + 5) % 12 + 1 and plan.version == 2
    told = OutboxMessage.objects.get(topic="notify", payload__event="maintenance.booked")
    assert told.payload["customer_id"] == world.customer.pk
    assert told.payload["context"]["number"] == order.number
    assert told.payload["context"]["due_date"] == due.isoformat()


def test_two_runs_reading_the_same_plan_open_one_order(world, device):
    plan = make_plan(world, device, lead_days=30)
    stale_copy = MaintenancePlan.objects.select_related("device").get(pk=plan.pk)
    assert maintenance.open_visit(plan) is not None
    assert maintenance.open_visit(stale_copy) is None  # a second worker that read the plan before the move
    assert WorkOrder.objects.count() == 1 and MaintenanceVisit.objects.count() == 1
    assert OutboxMessage.objects.filter(topic="notify", payload__event="maintenance.booked").count() == 1


def test_default_lead_days_come_from_settings(world, device, settings):
    settings.FIXLOOP_AFTERCARE = {**settings.FIXLOOP_AFTERCARE, "MAINTENANCE_LEAD_DAYS": 25}
    make_plan(world, device)  # due in 20 days, lead 25: due now
    assert maintenance.open_due_orders(timezone.now()) == 1


def test_paused_plans_open_nothing_and_stale_pause_is_refused(world, device):
    plan = make_plan(world, device, lead_days=30)
    paused = maintenance.set_plan_active(
        actor=world.actor(Role.AGENT), plan_id=plan.pk, expected_version=1, active=False
    )
    assert (paused.active, paused.version) == (False, 2)
    with pytest.raises(Conflict):
        maintenance.set_plan_active(
            actor=world.actor(Role.AGENT), plan_id=plan.pk, expected_version=1, active=True
        )
    assert maintenance.open_due_orders(timezone.now()) == 0
    assert not WorkOrder.objects.exists()


def test_month_end_due_dates_stay_at_the_month_end(world, device):
    plan = make_plan(world, device, interval_months=1, lead_days=0)
    MaintenancePlan.objects.filter(pk=plan.pk).update(next_due=dt.date(2027, 1, 31))
    plan.refresh_from_db()
    maintenance.open_visit(plan)
    plan.refresh_from_db()
    assert plan.next_due == dt.date(2027, 2, 28)


def test_a_plan_whose_device_changed_hands_does_not_stop_the_others(world, device):
    broken = make_plan(world, device, lead_days=30)
    other = existing_device(world, "HX-P60-000456")
    make_plan(world, other, lead_days=30)
    # The device now belongs to someone else: the order would be refused for the plan's customer.
    MaintenancePlan.objects.filter(pk=broken.pk).update(customer=world.other_customer)
    assert maintenance.open_due_orders(timezone.now()) == 1
    assert WorkOrder.objects.get().device_id == other.pk
    broken.refresh_from_db()
    assert broken.version == 1  # not moved on: it opens once the plan is put right
