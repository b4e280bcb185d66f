"""Valid payloads for each lifecycle action and typical paths: used by the demo, load data and tests."""

import datetime as dt

from django.utils import timezone

from fixloop.accounts.roles import Role
from fixloop.workorders.states import Action

A = Action

QUOTE_OPTIONS = [
    {
        "label": "更换主板 / Replace the main board",
        "lines": [
            {"kind": "part", "description": "主板 Main board", "quantity": "1", "unit_price": "899.00"},
            {"kind": "labour", "description": "人工 Labour", "quantity": "1.5", "unit_price": "80.00"},
        ],
    },
    {
        "label": "不维修，退回 / Return unrepaired",
        "lines": [
            {"kind": "inspection", "description": "检测费 Inspection", "quantity": "1", "unit_price": "50"}
        ],
    },
]
CHECKLIST_OK = [{"item": "开机 Power on", "passed": True}, {"item": "充电 Charging", "passed": True}]
CHECKLIST_BAD = [{"item": "开机 Power on", "passed": True}, {"item": "充电 Charging", "passed": False}]
# A small drawn stroke: a real PNG, so signed documents show a signature.
SIGNATURE = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAKAAAAAwCAYAAACWqXFuAAABpUlEQVR42u2dTRaCMAwGhecVWHMmTuqZXHuIuvO5EB+laZKP"
    "zhwASTPQn0SdSik3gChmhgAQEBAQAAEBAQEQEBAQAAEBAQEQEBAQAAEBAQEQEC7D/SqBLOv26St7PR8TqdVgUu8H/BZvD4RE"
    "QHfpkBEB3eT7JdU/SRUlPBo3AiZMgnLyat72ikLKCNgq0V4isyZtlGWGhIBWbzAFCWtjVV9qpBewx/SZbUq2fDDU3vSpBewp"
    "ShYJe92Hyrp3HlG+MztntRgzxGcuoFcAXk9vVJKWdSseMSpIONdK0TsA76nDO0nea7S9+HrFWHvdQ2tALyki1y0en51hXeax"
    "5qy53uFNSO/BGyU5mXfeVrvuLgL++rCr7Uh73Ev2Y5Ho6lL1MYy1hBmPC6ykUSoBRlVemgVsuQGFBI1Wf/auPZ86iLYYXLUE"
    "te4a1RoFvEp8pyshLdMU3SnQLOBZCa/S16bSBLCsW8k8via1YDqU46d41TE2a0YYYWoaVRIJAY8kKLKqgSgDCIgkUEvo94IR"
    "BSb+JwQi4ac5AAEBAQEQEBAQAAEBAQFceAPARJWwmh+t3AAAAABJRU5ErkJggg=="
)

# Who usually performs each action (the engineer being the assignee).
PERFORMER = {
    A.TRIAGE: Role.AGENT,
    A.RESOLVE_REMOTELY: Role.AGENT,
    A.ASSIGN: Role.DISPATCHER,
    A.SCHEDULE: Role.DISPATCHER,
    A.CHECK_IN: Role.ENGINEER,
    A.RECEIVE_DEVICE: Role.ENGINEER,
    A.QUOTE: Role.ENGINEER,
    A.APPROVE: Role.CUSTOMER,
    A.REJECT: Role.CUSTOMER,
    A.PREPARE_RETURN: Role.ENGINEER,
    A.START_REPAIR: Role.ENGINEER,
    A.WAIT_PARTS: Role.ENGINEER,
    A.RESUME_REPAIR: Role.WAREHOUSE,
    A.SUBMIT_QC: Role.ENGINEER,
    A.PASS_QC: Role.ENGINEER,
    A.FAIL_QC: Role.ENGINEER,
    A.HAND_BACK: Role.ENGINEER,
    A.ACCEPT: Role.CUSTOMER,
    A.DISPUTE: Role.CUSTOMER,
    A.CLOSE: Role.AGENT,
    A.CANCEL: Role.AGENT,
}

# Typical complete paths per service mode (warranty decides quote vs free repair).
PATHS = {
    "on_site_quoted": [A.TRIAGE, A.ASSIGN, A.SCHEDULE, A.CHECK_IN, A.QUOTE, A.APPROVE, A.SUBMIT_QC, A.PASS_QC, A.HAND_BACK, A.ACCEPT, A.CLOSE],
    "carry_in_warranty": [A.TRIAGE, A.ASSIGN, A.RECEIVE_DEVICE, A.START_REPAIR, A.WAIT_PARTS, A.RESUME_REPAIR, A.SUBMIT_QC, A.PASS_QC, A.HAND_BACK, A.ACCEPT, A.CLOSE],
    "carry_in_rework": [A.TRIAGE, A.ASSIGN, A.RECEIVE_DEVICE, A.START_REPAIR, A.WAIT_PARTS, A.RESUME_REPAIR, A.SUBMIT_QC, A.FAIL_QC, A.SUBMIT_QC, A.PASS_QC, A.HAND_BACK, A.DISPUTE, A.SUBMIT_QC, A.PASS_QC, A.HAND_BACK, A.ACCEPT, A.CLOSE],
    "pickup_rejected": [A.TRIAGE, A.ASSIGN, A.SCHEDULE, A.CHECK_IN, A.QUOTE, A.REJECT, A.PREPARE_RETURN, A.HAND_BACK, A.ACCEPT, A.CLOSE],
    "remote_resolved": [A.TRIAGE, A.RESOLVE_REMOTELY, A.CLOSE],
}  # fmt: skip
PATH_MODE = {
    "on_site_quoted": ("on_site", False),
    "carry_in_warranty": ("carry_in", True),
    "carry_in_rework": ("carry_in", True),
    "pickup_rejected": ("pickup", False),
    "remote_resolved": ("remote", True),
}


def _visit_window(engineer_id: int) -> dict:
    """Within the engineer's shift on a coming day, never at night (see scheduling.capacity)."""
    from fixloop.scheduling.capacity import next_visit_window

    start, end = next_visit_window(engineer_id, timezone.now())
    return {"start": start, "end": end}


def payload_for(action: str, order, *, engineer_id: int, service_point_id: int, signer: str = "张伟") -> dict:
    """A payload the action's guard accepts, given a state where the action is allowed."""
    revision = order.quotes.order_by("-revision").values_list("revision", flat=True).first() or 1
    return {
        A.TRIAGE: lambda: {
            "priority": "high",
            "fault_category": "power",
            "service_point_id": service_point_id,
        },
        A.RESOLVE_REMOTELY: lambda: {"resolution": "指导客户强制重启后恢复 / Guided a forced restart"},
        A.ASSIGN: lambda: {"engineer_id": engineer_id},
        A.SCHEDULE: lambda: _visit_window(engineer_id),
        A.CHECK_IN: lambda: {"note": "到达 / Arrived"},
        A.RECEIVE_DEVICE: lambda: {
            "accessories": "充电线 / Charger",
            "condition": "外壳轻微划痕 / Light scratches",
            "customer_signer_name": signer,
            "customer_signature": SIGNATURE,
        },
        A.QUOTE: lambda: {
            "findings": "主板供电芯片损坏 / Power IC failed",
            "cause": "hardware",
            "fault_point": "主板 PMIC U2 / Main board PMIC U2",
            "damage_extent": "moderate",
            "labour_hours": "1.5",
            "options": QUOTE_OPTIONS,
        },
        A.APPROVE: lambda: {
            "quote_revision": revision,
            "option": 1,
            "signer_name": signer,
            "signature": SIGNATURE,
        },
        A.REJECT: lambda: {"quote_revision": revision, "reason": "价格太高 / Too expensive"},
        A.PREPARE_RETURN: lambda: {"note": "已装回 / Reassembled"},
        A.START_REPAIR: lambda: {
            "findings": "电池老化 / Battery worn",
            "cause": "hardware",
            "fault_point": "电池 / Battery",
            "labour_hours": "0.5",
            "plan": "更换电池 / Replace battery",
        },
        A.WAIT_PARTS: lambda: {
            "parts": "电池 / Battery",
            "expected_date": timezone.localdate() + dt.timedelta(days=3),
        },
        A.RESUME_REPAIR: lambda: {"note": "备件到货 / Parts arrived"},
        A.SUBMIT_QC: lambda: {"work_done": "更换电池并测试 / Replaced battery and tested"},
        A.PASS_QC: lambda: {"checklist": CHECKLIST_OK},
        A.FAIL_QC: lambda: {"checklist": CHECKLIST_BAD, "notes": "充电异常 / Charging fault"},
        A.HAND_BACK: lambda: {
            "note": "客户到店取机 / Collected at the counter",
            "accessories": "充电线 / Charger",
            "condition": "与送修时一致 / As received",
            "customer_signer_name": signer,
        },
        A.ACCEPT: lambda: {"signer_name": signer, "signature": SIGNATURE, "comment": "满意 / Satisfied"},
        A.DISPUTE: lambda: {"reason": "仍然无法充电 / Still not charging"},
        A.CLOSE: lambda: {"note": ""},
        A.CANCEL: lambda: {"reason": "客户不修了 / Customer withdrew"},
    }[Action(action)]()
