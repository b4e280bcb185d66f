"""Demo: maintenance plans on a few devices, follow-up calls for closed orders with some outcomes."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.accounts.models import User
from fixloop.accounts.roles import Role
from fixloop.aftercare import followups, maintenance
from fixloop.aftercare.models import FollowUpTask, MaintenancePlan
from fixloop.catalog.models import Device
from fixloop.core.errors import DomainError
from fixloop.workorders.selectors import lifecycle_orders

# (days until due, every n months, contract number, what to do)
PLANS = [
    (5, 6, "HT-2026-0318", "半年保养：清洗滤网、检查冷媒压力、紧固电气接线"),
    (20, 12, "", "年度保养：除垢、检查密封圈和排水泵"),
    (45, 3, "HT-2026-0402", "季度巡检：按合同清单逐项检查并拍照留档"),
    (90, 6, "", "半年保养：清洁散热风扇，更新固件"),
]
OUTCOMES = [
    ("satisfied", "客户表示设备运行正常，对工程师服务很满意"),
    ("satisfied", "客户满意，建议下次提前电话确认上门时间"),
    ("unreachable", "电话无人接听"),
    ("complaint_requested", "客户反映工程师上门迟到两个小时且未提前告知，要求投诉"),
    None,
    None,
]


def load() -> str | None:
    system = Actor.system()
    devices = Device.objects.filter(owner__isnull=False, maintenance_plans__isnull=True).order_by("id")
    if not MaintenancePlan.objects.exists():
        for (days, months, contract, notes), device in zip(PLANS, devices, strict=False):
            maintenance.create_plan(
                actor=system, serial=device.serial, interval_months=months, contract_number=contract, notes=notes,
                next_due=timezone.localdate() + dt.timedelta(days=days),
            )  # fmt: skip
    opened = maintenance.open_due_orders(timezone.now())
    for order in lifecycle_orders().filter(state="closed", follow_up__isnull=True).order_by("id"):
        followups.schedule_follow_up(order)
    _record_some_calls()
    return _(
        "After-sales care: {plans} maintenance plans (orders opened now: {opened}), {calls} follow-up calls."
    ).format(plans=MaintenancePlan.objects.count(), opened=opened, calls=FollowUpTask.objects.count())


def _record_some_calls() -> None:
    agent = User.objects.filter(role=Role.AGENT, is_active=True).order_by("id").first()
    if agent is None or FollowUpTask.objects.exclude(outcome="").exists():
        return
    tasks = FollowUpTask.objects.filter(outcome="").select_related("assignee").order_by("id")
    for task, outcome in zip(tasks, OUTCOMES, strict=False):
        if outcome is None:
            continue
        actor = Actor.for_user(User.objects.select_related("customer_profile", "engineer_profile").get(
            pk=(task.assignee_id or agent.pk)))  # fmt: skip
        try:
            followups.complete_follow_up(
                actor=actor,
                task_id=task.pk,
                expected_version=task.version,
                outcome=outcome[0],
                note=outcome[1],
            )
        except DomainError:
            continue  # e.g. the agent does not cover that order's service point
    # A few calls are due today, so the agents' "due today" list is not empty in the demo.
    FollowUpTask.objects.filter(outcome="").update(due_date=timezone.localdate())
