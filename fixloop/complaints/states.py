"""Complaint kinds, channels, severities, states, actions and the transition table. Pure: no ORM."""

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fixloop.accounts.roles import Role


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    CONSULTATION = "consultation", _("Consultation")
    SUGGESTION = "suggestion", _("Suggestion")


class Channel(models.TextChoices):
    PORTAL = "portal", _("Customer portal")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    SURVEY = "survey", _("Survey escalation")
    FOLLOW_UP = "follow_up", _("Follow-up escalation")


class Severity(models.TextChoices):
    LOW = "low", pgettext_lazy("severity", "Low")
    MEDIUM = "medium", pgettext_lazy("severity", "Medium")
    HIGH = "high", pgettext_lazy("severity", "High")
    CRITICAL = "critical", pgettext_lazy("severity", "Critical")


# How soon someone must first respond, by severity (the complaint's response SLA).
RESPONSE_SLA: dict[str, dt.timedelta] = {
    Severity.LOW: dt.timedelta(hours=48),
    Severity.MEDIUM: dt.timedelta(hours=24),
    Severity.HIGH: dt.timedelta(hours=4),
    Severity.CRITICAL: dt.timedelta(hours=2),
}


class State(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("complaint state", "Registered")
    INVESTIGATING = "investigating", pgettext_lazy("complaint state", "Investigating")
    SOLUTION_PROPOSED = "solution_proposed", pgettext_lazy("complaint state", "Solution proposed")
    AGREED = "agreed", pgettext_lazy("complaint state", "Agreed with customer")
    IMPLEMENTED = "implemented", pgettext_lazy("complaint state", "Implemented")
    FEEDBACK_COLLECTED = "feedback_collected", pgettext_lazy("complaint state", "Feedback collected")
    CLOSED = "closed", pgettext_lazy("complaint state", "Closed")


class Action(models.TextChoices):
    REGISTER = "register", pgettext_lazy("complaint action", "Register")
    INVESTIGATE = "investigate", pgettext_lazy("complaint action", "Start investigation")
    PROPOSE = "propose", pgettext_lazy("complaint action", "Propose solution")
    AGREE = "agree", pgettext_lazy("complaint action", "Customer agrees")
    DECLINE = "decline", pgettext_lazy("complaint action", "Customer declines")
    IMPLEMENT = "implement", pgettext_lazy("complaint action", "Mark implemented")
    COLLECT_FEEDBACK = "collect_feedback", pgettext_lazy("complaint action", "Record feedback")
    CLOSE = "close", pgettext_lazy("complaint action", "Close")
    ANSWER = "answer", pgettext_lazy("complaint action", "Answer")


S, A, R = State, Action, Role
OPEN_STATES = frozenset(State) - {S.CLOSED}

TRANSITIONS: dict[tuple[State, Action], State] = {
    (S.REGISTERED, A.INVESTIGATE): S.INVESTIGATING,
    (S.INVESTIGATING, A.PROPOSE): S.SOLUTION_PROPOSED,
    (S.SOLUTION_PROPOSED, A.AGREE): S.AGREED,
    (S.SOLUTION_PROPOSED, A.DECLINE): S.INVESTIGATING,
    (S.AGREED, A.IMPLEMENT): S.IMPLEMENTED,
    (S.IMPLEMENTED, A.COLLECT_FEEDBACK): S.FEEDBACK_COLLECTED,
    (S.FEEDBACK_COLLECTED, A.CLOSE): S.CLOSED,
    # Consultations and suggestions are answered and closed in one step.
    (S.REGISTERED, A.ANSWER): S.CLOSED,
}

HANDLERS = frozenset({R.AGENT, R.DISPATCHER, R.MANAGER})
ACTION_ROLES: dict[Action, frozenset[str]] = {
    A.INVESTIGATE: HANDLERS,
    A.PROPOSE: HANDLERS,
    A.AGREE: HANDLERS | {R.CUSTOMER},
    A.DECLINE: HANDLERS | {R.CUSTOMER},
    A.IMPLEMENT: HANDLERS,
    A.COLLECT_FEEDBACK: HANDLERS | {R.CUSTOMER},
    A.CLOSE: HANDLERS,
    A.ANSWER: HANDLERS,
}
# Actions only for one kind of record.
KIND_ONLY: dict[Action, frozenset[str]] = {
    A.ANSWER: frozenset({Kind.CONSULTATION, Kind.SUGGESTION}),
    A.INVESTIGATE: frozenset({Kind.COMPLAINT}),
}


def target(state: str, action: str) -> State | None:
    if action not in Action.values or state not in State.values:
        return None
    return TRANSITIONS.get((State(state), Action(action)))


def actions_from(state: str, kind: str) -> list[Action]:
    return [
        action
        for (source, action) in TRANSITIONS
        if source == state and kind in KIND_ONLY.get(action, frozenset(Kind.values))
    ]
