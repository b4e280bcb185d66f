"""Complaints API, mounted at /api/complaints: parse, call a selector or service, present."""

import datetime as dt

from ninja import Query, Router, Schema, Status

from fixloop.complaints import selectors, services
from fixloop.complaints.models import Complaint
from fixloop.complaints.states import Action
from fixloop.core.errors import NotFound

router = Router(tags=["complaints"])


class ComplaintOut(Schema):
    number: str
    kind: str
    channel: str
    state: str
    severity: str
    version: int
    subject: str
    description: str
    customer_id: int
    owner_id: int | None
    respond_by: dt.datetime
    first_response_at: dt.datetime | None
    findings: str
    root_cause: str
    responsible_department: str
    responsible_person: str
    solution: str
    answer: str
    created_at: dt.datetime
    closed_at: dt.datetime | None
    allowed_actions: list[str] = []


class ComplaintIn(Schema):
    kind: str = "complaint"
    channel: str
    subject: str
    description: str
    customer_id: int | None = None
    severity: str = "medium"
    order_numbers: list[str] = []


class ComplaintListParams(Schema):
    state: list[str] = []
    kind: str | None = None
    channel: str | None = None
    severity: str | None = None
    open: bool | None = None
    overdue: bool | None = None
    q: str | None = None


class ComplaintTransitionIn(Schema):
    version: int
    findings: str = ""
    root_cause: str = ""
    solution: str = ""
    responsible_department: str = ""
    responsible_person: str = ""
    note: str = ""
    reason: str = ""
    feedback: str = ""
    satisfied: bool | None = None
    answer: str = ""


class ActionIn(Schema):
    kind: str
    description: str
    owner_id: int
    due_date: dt.date


class ActionOut(Schema):
    id: int
    kind: str
    description: str
    owner_id: int
    due_date: dt.date
    done_at: dt.datetime | None


# The fields each transition takes from ComplaintTransitionIn.
FIELDS = {
    Action.INVESTIGATE: (),
    Action.PROPOSE: ("findings", "root_cause", "solution", "responsible_department", "responsible_person"),
    Action.AGREE: ("note",),
    Action.DECLINE: ("reason",),
    Action.IMPLEMENT: ("note",),
    Action.COLLECT_FEEDBACK: ("feedback", "satisfied"),
    Action.CLOSE: (),
    Action.ANSWER: ("answer",),
}


def _out(actor, complaint: Complaint) -> dict:
    data = ComplaintOut.from_orm(complaint).dict()
    data["allowed_actions"] = services.allowed_actions(actor, complaint)
    return data


@router.get("", response=list[ComplaintOut], summary="Complaints the caller may see, newest first")
def list_complaints(request, params: Query[ComplaintListParams]):
    filters = {k: v for k, v in params.dict().items() if v not in (None, [], "")}
    return [_out(request.auth, c) for c in selectors.complaint_list(request.auth, filters)]


@router.post("", response={201: ComplaintOut}, summary="Register a complaint, consultation or suggestion")
def create_complaint(request, body: ComplaintIn):
    complaint = services.register_complaint(actor=request.auth, **body.dict())
    return Status(201, _out(request.auth, complaint))


@router.get("/{number}", response=ComplaintOut)
def get_complaint(request, number: str):
    return _out(request.auth, selectors.complaint_get_for(request.auth, number))


@router.post("/{number}/actions", response={201: ActionOut}, summary="Add a corrective or preventive action")
def add_action(request, number: str, body: ActionIn):
    return Status(201, services.add_action(actor=request.auth, number=number, **body.dict()))


@router.post("/{number}/actions/{action_id}/done", response=ActionOut)
def complete_action(request, number: str, action_id: int, note: str = ""):
    selectors.complaint_get_for(request.auth, number)
    return services.complete_action(actor=request.auth, action_id=action_id, note=note)


@router.post("/{number}/{action}", response=ComplaintOut, summary="Perform one lifecycle action")
def transition(request, number: str, action: str, body: ComplaintTransitionIn):
    if action not in FIELDS:
        raise NotFound("unknown_action", "Unknown action.")
    data = body.dict()
    kwargs = {name: data[name] for name in FIELDS[Action(action)]}
    if "satisfied" in kwargs and kwargs["satisfied"] is None:
        kwargs["satisfied"] = False
    complaint = services.TRANSITION_SERVICES[Action(action)](
        actor=request.auth, number=number, expected_version=body.version, **kwargs
    )
    return _out(request.auth, complaint)
