"""The work order's states, actions and transition table (DESIGN.md). Pure: no ORM."""

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class State(models.TextChoices):
    NEW = "new", pgettext_lazy("order state", "New")
    TRIAGED = "triaged", pgettext_lazy("order state", "Triaged")
    ASSIGNED = "assigned", pgettext_lazy("order state", "Assigned")
    SCHEDULED = "scheduled", pgettext_lazy("order state", "Scheduled")
    DIAGNOSING = "diagnosing", pgettext_lazy("order state", "Diagnosing")
    QUOTED = "quoted", pgettext_lazy("order state", "Quoted")
    REPAIRING = "repairing", pgettext_lazy("order state", "Repairing")
    AWAITING_PARTS = "awaiting_parts", pgettext_lazy("order state", "Awaiting parts")
    QC = "qc", pgettext_lazy("order state", "Quality check")
    READY = "ready", pgettext_lazy("order state", "Ready")
    RETURNING = "returning", pgettext_lazy("order state", "Returning unrepaired")
    AWAITING_ACCEPTANCE = "awaiting_acceptance", pgettext_lazy("order state", "Awaiting acceptance")
    RESOLVED = "resolved", pgettext_lazy("order state", "Resolved")
    CLOSED = "closed", pgettext_lazy("order state", "Closed")
    CANCELLED = "cancelled", pgettext_lazy("order state", "Cancelled")


class Action(models.TextChoices):
    CREATE = "create", pgettext_lazy("order action", "Create")
    TRIAGE = "triage", pgettext_lazy("order action", "Triage")
    RESOLVE_REMOTELY = "resolve_remotely", pgettext_lazy("order action", "Resolve remotely")
    ASSIGN = "assign", pgettext_lazy("order action", "Assign")
    SCHEDULE = "schedule", pgettext_lazy("order action", "Schedule")
    CHECK_IN = "check_in", pgettext_lazy("order action", "Check in")
    RECEIVE_DEVICE = "receive_device", pgettext_lazy("order action", "Receive device")
    QUOTE = "quote", pgettext_lazy("order action", "Quote")
    APPROVE = "approve", pgettext_lazy("order action", "Approve quote")
    REJECT = "reject", pgettext_lazy("order action", "Reject quote")
    PREPARE_RETURN = "prepare_return", pgettext_lazy("order action", "Prepare return")
    START_REPAIR = "start_repair", pgettext_lazy("order action", "Start repair")
    WAIT_PARTS = "wait_parts", pgettext_lazy("order action", "Wait for parts")
    RESUME_REPAIR = "resume_repair", pgettext_lazy("order action", "Resume repair")
    SUBMIT_QC = "submit_qc", pgettext_lazy("order action", "Submit to QC")
    PASS_QC = "pass_qc", pgettext_lazy("order action", "Pass QC")
    FAIL_QC = "fail_qc", pgettext_lazy("order action", "Fail QC")
    HAND_BACK = "hand_back", pgettext_lazy("order action", "Hand back")
    ACCEPT = "accept", pgettext_lazy("order action", "Accept")
    DISPUTE = "dispute", pgettext_lazy("order action", "Dispute")
    CLOSE = "close", pgettext_lazy("order action", "Close")
    CANCEL = "cancel", pgettext_lazy("order action", "Cancel")


# Timeline entries that are not transitions: the work order's own, and those other apps add (SLA
# escalations, …), which register their labels here from their AppConfig.ready().
EVENT_LABELS: dict[str, str] = {
    "attachment": _("Attachment added"),
    "approve_quote_internally": _("Quote approved internally"),
    "decline_quote_option": _("Quote option declined"),
}


def action_label(action: str) -> str:
    if action in Action.values:
        return Action(action).label
    return EVENT_LABELS.get(action, action)


S, A = State, Action

TERMINAL = frozenset({S.RESOLVED, S.CLOSED, S.CANCELLED})
OPEN_STATES = frozenset(State) - TERMINAL

# (from state, action) -> to state. The single source of truth for the lifecycle.
TRANSITIONS: dict[tuple[State, Action], State] = {
    (S.NEW, A.TRIAGE): S.TRIAGED,
    (S.TRIAGED, A.TRIAGE): S.TRIAGED,  # re-triage before anyone is assigned
    (S.TRIAGED, A.RESOLVE_REMOTELY): S.RESOLVED,
    (S.TRIAGED, A.ASSIGN): S.ASSIGNED,
    (S.ASSIGNED, A.ASSIGN): S.ASSIGNED,  # reassign
    (S.SCHEDULED, A.ASSIGN): S.ASSIGNED,  # reassign drops the appointment
    (S.ASSIGNED, A.SCHEDULE): S.SCHEDULED,
    (S.SCHEDULED, A.SCHEDULE): S.SCHEDULED,  # reschedule
    (S.SCHEDULED, A.CHECK_IN): S.DIAGNOSING,
    (S.ASSIGNED, A.RECEIVE_DEVICE): S.DIAGNOSING,
    (S.DIAGNOSING, A.QUOTE): S.QUOTED,
    (S.QUOTED, A.QUOTE): S.QUOTED,  # a revised quote supersedes the old one and needs a new approval
    (S.QUOTED, A.APPROVE): S.REPAIRING,
    (S.QUOTED, A.REJECT): S.RETURNING,
    (S.RETURNING, A.PREPARE_RETURN): S.READY,
    (S.DIAGNOSING, A.START_REPAIR): S.REPAIRING,
    (S.REPAIRING, A.WAIT_PARTS): S.AWAITING_PARTS,
    (S.AWAITING_PARTS, A.RESUME_REPAIR): S.REPAIRING,
    (S.REPAIRING, A.SUBMIT_QC): S.QC,
    (S.QC, A.PASS_QC): S.READY,
    (S.QC, A.FAIL_QC): S.REPAIRING,
    (S.READY, A.HAND_BACK): S.AWAITING_ACCEPTANCE,
    (S.AWAITING_ACCEPTANCE, A.ACCEPT): S.RESOLVED,
    (S.AWAITING_ACCEPTANCE, A.DISPUTE): S.REPAIRING,
    (S.RESOLVED, A.CLOSE): S.CLOSED,
    **{(state, A.CANCEL): S.CANCELLED for state in OPEN_STATES},
}

# Actions that send the device back to the bench: each one counts as rework.
REWORK_ACTIONS = frozenset({A.FAIL_QC, A.DISPUTE})


def target(state: str, action: str) -> State | None:
    """The state `action` leads to from `state`, or None if the table forbids it."""
    return TRANSITIONS.get((State(state), Action(action))) if action in Action.values else None


def actions_from(state: str) -> list[Action]:
    return [action for (source, action) in TRANSITIONS if source == state]


class ReplayError(ValueError):
    """The events do not form a path through the transition table."""


def replay(steps: Iterable[tuple[str, str, str]]) -> State:
    """Rebuild the state from (action, from, to) steps, checking each against the table."""
    current: State | None = None
    for action, source, dest in steps:
        if action == A.CREATE:
            if current is not None or dest != S.NEW:
                raise ReplayError(f"create must come first and lead to new, got {dest}")
        elif current != source or target(source, action) != dest:
            raise ReplayError(f"{action}: {source} -> {dest} does not follow from {current}")
        current = State(dest)
    if current is None:
        raise ReplayError("no events")
    return current


# The customer's progress bar: 受理 / 检测 / 报价 / 维修 / 质检 / 完成 / 取回.
PROGRESS_STEPS = [
    ("received", _("Received")),
    ("inspection", _("Inspection")),
    ("quote", _("Quote")),
    ("repair", _("Repair")),
    ("qc", _("Quality check")),
    ("done", _("Done")),
    ("collected", _("Collected")),
]
STATE_PROGRESS: dict[State, int] = {
    S.NEW: 0, S.TRIAGED: 0, S.ASSIGNED: 0, S.SCHEDULED: 0,
    S.DIAGNOSING: 1, S.QUOTED: 2, S.RETURNING: 3,
    S.REPAIRING: 3, S.AWAITING_PARTS: 3, S.QC: 4,
    S.READY: 5, S.AWAITING_ACCEPTANCE: 5, S.RESOLVED: 6, S.CLOSED: 6, S.CANCELLED: 0,
}  # fmt: skip
