"""Demo: complaints, a consultation and a suggestion in several states of their loop."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.accounts.models import User
from fixloop.complaints import services
from fixloop.complaints.models import Complaint, ComplaintEvent
from fixloop.customers.models import Customer
from fixloop.workorders.models import WorkOrder

STORIES = [
    # (source key, kind, channel, severity, subject, description, how far the loop goes)
    (
        "demo:1",
        "complaint",
        "phone",
        "high",
        "上门工程师迟到两个小时",
        "约好上午十点，十二点才到，也没有提前打电话。",
        "closed",
    ),
    (
        "demo:2",
        "complaint",
        "portal",
        "medium",
        "维修费用比报价高",
        "取机时多收了 80 元检测费，报价里没有写。",
        "solution_proposed",
    ),
    (
        "demo:3",
        "complaint",
        "email",
        "critical",
        "返修后屏幕仍然闪烁",
        "已经修了两次，问题一直没有解决，要求更换新机。",
        "investigating",
    ),
    ("demo:4", "complaint", "phone", "low", "客服电话等待时间太长", "拨打热线排队二十分钟。", "registered"),
    (
        "demo:5",
        "consultation",
        "phone",
        "low",
        "过保后电池更换多少钱？",
        "P60 手机电池不耐用，想了解过保更换价格。",
        "answered",
    ),
    (
        "demo:6",
        "suggestion",
        "portal",
        "low",
        "希望增加周末上门服务",
        "工作日没时间在家，希望周末也能预约上门。",
        "registered",
    ),
]

# Days before loading each story's complaint was registered. Walked at load time, every step would share
# one instant and the dashboard's closure time would read 0.0 h; spread over days, the demo looks lived in.
AGE_DAYS = {"demo:1": 10, "demo:2": 3, "demo:3": 4, "demo:4": 1, "demo:5": 2, "demo:6": 1}
STEP = dt.timedelta(hours=9)  # between two recorded steps of one complaint


def _backdate(number: str, days: int) -> None:
    """Move a just-walked complaint's timeline back: registered `days` ago, one step every STEP after."""
    complaint = Complaint.objects.get(number=number)
    opened = timezone.now() - dt.timedelta(days=days)
    events = list(complaint.events.order_by("created_at", "id"))
    times = [opened + i * STEP for i in range(len(events))] or [opened]
    for event, when in zip(events, times, strict=True):
        ComplaintEvent.objects.filter(pk=event.pk).update(created_at=when)
    changes = {"created_at": opened}
    if complaint.first_response_at:
        changes["first_response_at"] = times[min(1, len(times) - 1)]
    if complaint.closed_at:
        changes["closed_at"] = times[-1]
    Complaint.objects.filter(pk=complaint.pk).update(**changes)


def _walk(number: str, target: str, staff: Actor, customer: Actor) -> None:
    def version() -> int:
        return Complaint.objects.get(number=number).version

    if target == "answered":
        services.answer(
            actor=staff,
            number=number,
            expected_version=version(),
            answer="过保电池更换 199 元（含人工），约 1 小时。",
        )
        return
    if target == "registered":
        return
    services.investigate(actor=staff, number=number, expected_version=version())
    if target == "investigating":
        return
    services.propose(
        actor=staff, number=number, expected_version=version(), findings="核对工单和结算单，确认情况属实。",
        root_cause="预约排程未考虑路程时间；结算前未与报价核对。", solution="退还多收费用并赠送一次免费保养。",
        responsible_department="上海徐汇维修中心", responsible_person="李师傅",
    )  # fmt: skip
    if target == "solution_proposed":
        return
    services.agree(actor=customer, number=number, expected_version=version())
    services.implement(actor=staff, number=number, expected_version=version(), note="已退款 80 元")
    services.collect_feedback(
        actor=staff, number=number, expected_version=version(), feedback="客户表示满意", satisfied=True
    )
    services.close(actor=staff, number=number, expected_version=version())


def load() -> str | None:
    manager = User.objects.filter(username="manager").first()
    customer = Customer.objects.filter(phone="13800005000").select_related("user").first()
    if manager is None or customer is None or customer.user is None:
        return None
    staff = Actor.for_user(manager)
    customer_actor = Actor(role="customer", user=customer.user, customer_id=customer.pk)
    orders = list(
        WorkOrder.objects.filter(customer=customer).order_by("id").values_list("number", flat=True)[:3]
    )
    created = 0
    for key, kind, channel, severity, subject, description, target in STORIES:
        if Complaint.objects.filter(source_key=key).exists():
            continue
        complaint = services.register_complaint(
            actor=staff, kind=kind, channel=channel, customer_id=customer.pk, severity=severity, subject=subject,
            description=description, order_numbers=orders[:1] if kind == "complaint" else [], source_key=key,
        )  # fmt: skip
        if target == "closed":
            services.add_action(
                actor=staff, number=complaint.number, kind="preventive", description="排程时按距离预留路程时间",
                owner_id=manager.pk, due_date=timezone.localdate() + dt.timedelta(days=7),
            )  # fmt: skip
            item = complaint.actions.get()
            services.complete_action(actor=staff, action_id=item.pk, note="已上线排程规则")
        _walk(complaint.number, target, staff, customer_actor)
        _backdate(complaint.number, AGE_DAYS.get(key, 1))
        created += 1
    return (
        _("Complaints: {new} new, {total} in all.").format(new=created, total=Complaint.objects.count())
        if created
        else None
    )
