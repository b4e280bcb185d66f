"""Driving orders through the lifecycle in tests, with valid payloads per action."""

import datetime as dt

from django.utils import timezone

from fixloop.accounts.roles import Role
from fixloop.workorders import services
from fixloop.workorders.states import Action

QUOTE_OPTIONS = [
    {
        "label": "更换主板",
        "lines": [
            {"kind": "part", "description": "主板 HX-P60", "quantity": "1", "unit_price": "899.00"},
            {"kind": "labour", "description": "人工", "quantity": "1.5", "unit_price": "80.00"},
        ],
    },
    {"label": "不维修，退回", "lines": [{"kind": "inspection", "description": "检测费", "quantity": "1", "unit_price": "50"}]},
]
CHECKLIST_OK = [{"item": "开机", "passed": True}, {"item": "充电", "passed": True}]
CHECKLIST_BAD = [{"item": "开机", "passed": True}, {"item": "充电", "passed": False}]


def valid_payload(action: str, world, order) -> dict:
    """A payload the action's guard accepts (given a suitable state)."""
    start = timezone.now() + dt.timedelta(days=1)
    current_revision = order.quotes.order_by("-revision").values_list("revision", flat=True).first() or 1
    return {
        Action.TRIAGE: {"priority": "high", "fault_category": "power", "service_point_id": world.centre.pk},
        Action.RESOLVE_REMOTELY: {"resolution": "指导客户强制重启后恢复"},
        Action.ASSIGN: {"engineer_id": world.engineer.pk},
        Action.SCHEDULE: {"start": start, "end": start + dt.timedelta(hours=2)},
        Action.CHECK_IN: {"note": "到达"},
        Action.RECEIVE_DEVICE: {"accessories": "充电线", "condition": "外壳轻微划痕"},
        Action.QUOTE: {"findings": "主板供电芯片损坏", "cause": "hardware", "options": QUOTE_OPTIONS},
        Action.APPROVE: {"quote_revision": current_revision, "option": 1, "signer_name": "张伟", "signature": "data:image/png;base64,AAAA"},
        Action.REJECT: {"quote_revision": current_revision, "reason": "太贵"},
        Action.PREPARE_RETURN: {"note": "已装回"},
        Action.START_REPAIR: {"findings": "电池老化", "cause": "hardware", "plan": "更换电池"},
        Action.WAIT_PARTS: {"parts": "电池 HX-B60", "expected_date": timezone.localdate() + dt.timedelta(days=3)},
        Action.RESUME_REPAIR: {"note": "备件到货"},
        Action.SUBMIT_QC: {"work_done": "更换电池并测试"},
        Action.PASS_QC: {"checklist": CHECKLIST_OK},
        Action.FAIL_QC: {"checklist": CHECKLIST_BAD, "notes": "充电异常"},
        Action.HAND_BACK: {"note": "客户到店取机"},
        Action.ACCEPT: {"signer_name": "张伟", "signature": "data:image/png;base64,AAAA", "comment": "满意"},
        Action.DISPUTE: {"reason": "仍然无法充电"},
        Action.CLOSE: {"note": ""},
        Action.CANCEL: {"reason": "客户不修了"},
    }[Action(action)]


# Who performs each action in the happy paths (the engineer is the assignee).
PERFORMER = {
    Action.TRIAGE: Role.AGENT,
    Action.RESOLVE_REMOTELY: Role.AGENT,
    Action.ASSIGN: Role.DISPATCHER,
    Action.SCHEDULE: Role.DISPATCHER,
    Action.CHECK_IN: Role.ENGINEER,
    Action.RECEIVE_DEVICE: Role.ENGINEER,
    Action.QUOTE: Role.ENGINEER,
    Action.APPROVE: Role.CUSTOMER,
    Action.REJECT: Role.CUSTOMER,
    Action.PREPARE_RETURN: Role.ENGINEER,
    Action.START_REPAIR: Role.ENGINEER,
    Action.WAIT_PARTS: Role.ENGINEER,
    Action.RESUME_REPAIR: Role.WAREHOUSE,
    Action.SUBMIT_QC: Role.ENGINEER,
    Action.PASS_QC: Role.ENGINEER,
    Action.FAIL_QC: Role.ENGINEER,
    Action.HAND_BACK: Role.ENGINEER,
    Action.ACCEPT: Role.CUSTOMER,
    Action.DISPUTE: Role.CUSTOMER,
    Action.CLOSE: Role.AGENT,
    Action.CANCEL: Role.AGENT,
}


def advance(world, order, action: str, role: str | None = None, **overrides):
    """Perform one action through its service as the usual performer; returns the changed order."""
    payload = {**valid_payload(action, world, order), **overrides}
    service = services.TRANSITION_SERVICES[Action(action)]
    actor = world.actor(role or PERFORMER[Action(action)])
    return service(actor=actor, number=order.number, expected_version=order.version, **payload)


def run(world, order, actions: list[str]):
    for action in actions:
        order = advance(world, order, action)
    return order
