"""Demo SLA setup: the 2026 China calendar for every service point, a 24×7 calendar for contract
customers, policies by priority, tier, kind and channel, escalation rules, then every order's clocks."""

from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from fixloop.organisation.models import ServicePoint
from fixloop.sla import calendars, services
from fixloop.sla.models import Calendar, EscalationRule, Policy, ServicePointCalendar

H = timedelta(hours=1)
CN_2026 = Path(__file__).resolve().parent / "fixtures" / "cn-2026.toml"
ALWAYS = 'timezone = "Asia/Shanghai"\nalways_open = true\n'

# name, criteria, first response, arrival, resolution, pause for parts, calendar code (None: the point's)
POLICIES = [
    ("标准服务", {}, 4 * H, 24 * H, 40 * H, True, None),
    ("加急工单", {"priority": "urgent"}, 1 * H, 4 * H, 16 * H, False, None),
    ("高优先级", {"priority": "high"}, 2 * H, 8 * H, 24 * H, True, None),
    ("VIP 客户", {"customer_tier": "vip"}, 2 * H, 8 * H, 24 * H, True, None),
    ("合同客户 7×24", {"customer_tier": "contract"}, 1 * H, 4 * H, 24 * H, False, "24x7"),
    ("技术支持", {"kind": "technical_support"}, 2 * H, None, 16 * H, False, None),
    ("咨询", {"kind": "consultation"}, 2 * H, None, 8 * H, False, None),
    ("经销商送修", {"kind": "repair", "channel": "partner"}, 4 * H, None, 56 * H, True, None),
]


@transaction.atomic
def _setup() -> None:
    cn = calendars.import_calendar(
        code="cn-2026", text=CN_2026.read_text(encoding="utf-8"), name="中国大陆工作日 2026"
    )
    always = calendars.import_calendar(code="24x7", text=ALWAYS, name="7×24 小时")
    Calendar.objects.exclude(pk=cn.pk).filter(is_default=True).update(is_default=False)
    Calendar.objects.filter(pk=cn.pk).update(is_default=True)
    for point in ServicePoint.objects.all():
        ServicePointCalendar.objects.get_or_create(service_point=point, defaults={"calendar": cn})
    by_code = {"24x7": always}
    for name, criteria, first, arrival, resolution, parts, cal in POLICIES:
        Policy.objects.update_or_create(
            name=name,
            defaults={"first_response": first, "arrival": arrival, "resolution": resolution,
                      "pause_for_parts": parts, "calendar": by_code.get(cal), **criteria},
        )  # fmt: skip
    if not EscalationRule.objects.exists():
        EscalationRule.objects.create(level="warning", notify_assignee=True, notify_supervisors=False)
        EscalationRule.objects.create(
            level="breach", notify_assignee=True, notify_supervisors=True, raise_priority=True
        )


def load() -> str:
    _setup()
    count = services.recompute_orders()
    return _("SLA: {policies} policies, the 2026 China holiday calendar, clocks of {orders} orders.").format(
        policies=len(POLICIES), orders=count
    )
