"""Work order services: the only writers of order state. One function per lifecycle action."""

from fixloop.workorders.services.intake import DeviceRef, NewAddress, NewCustomer, OrderIntake, create_order
from fixloop.workorders.services.lifecycle import (
    accept,
    assign,
    cancel,
    check_in,
    close,
    dispute,
    fail_qc,
    hand_back,
    pass_qc,
    prepare_return,
    receive_device,
    resolve_remotely,
    resume_repair,
    schedule,
    start_repair,
    submit_qc,
    triage,
    wait_parts,
)
from fixloop.workorders.services.quotes import approve, quote, reject
from fixloop.workorders.services.rework import create_rework_order
from fixloop.workorders.states import Action

# The service behind each action of the transition table.
TRANSITION_SERVICES = {
    Action.TRIAGE: triage,
    Action.RESOLVE_REMOTELY: resolve_remotely,
    Action.ASSIGN: assign,
    Action.SCHEDULE: schedule,
    Action.CHECK_IN: check_in,
    Action.RECEIVE_DEVICE: receive_device,
    Action.QUOTE: quote,
    Action.APPROVE: approve,
    Action.REJECT: reject,
    Action.PREPARE_RETURN: prepare_return,
    Action.START_REPAIR: start_repair,
    Action.WAIT_PARTS: wait_parts,
    Action.RESUME_REPAIR: resume_repair,
    Action.SUBMIT_QC: submit_qc,
    Action.PASS_QC: pass_qc,
    Action.FAIL_QC: fail_qc,
    Action.HAND_BACK: hand_back,
    Action.ACCEPT: accept,
    Action.DISPUTE: dispute,
    Action.CLOSE: close,
    Action.CANCEL: cancel,
}
# Actions whose records keep the caller's IP address (signatures).
IP_ACTIONS = frozenset({Action.APPROVE, Action.REJECT, Action.ACCEPT, Action.DISPUTE})

__all__ = [
    "IP_ACTIONS",
    "TRANSITION_SERVICES",
    "DeviceRef",
    "NewAddress",
    "NewCustomer",
    "OrderIntake",
    "create_order",
    "create_rework_order",
]
