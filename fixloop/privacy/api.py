"""Personal data API, mounted at /api/privacy: export, deletion requests and their approval."""

import datetime as dt

from ninja import Field, Query, Router, Schema, Status

from fixloop.privacy import selectors, services

router = Router(tags=["privacy"])


class ExportParams(Schema):
    customer_id: int | None = Field(
        None, description="For an agent or manager acting on a customer's behalf."
    )


class DeletionIn(Schema):
    reason: str = Field("", max_length=2000)
    customer_id: int | None = Field(
        None, description="For an agent or manager acting on a customer's behalf."
    )


class DecisionIn(Schema):
    note: str = Field("", max_length=2000)


class DeletionRequestOut(Schema):
    id: int
    customer_id: int
    state: str
    reason: str
    requested_at: dt.datetime
    decided_at: dt.datetime | None
    decision_note: str


class DeletionRequestListParams(Schema):
    state: str = Field("", max_length=10)


@router.get("/export", response=dict, summary="Everything held about the customer, as JSON")
def export(request, params: Query[ExportParams]):
    return services.export_data(actor=request.auth, customer_id=params.customer_id, request=request)


@router.get(
    "/deletion-requests", response=list[DeletionRequestOut], summary="Deletion requests the caller may see"
)
def list_requests(request, params: Query[DeletionRequestListParams]):
    return list(selectors.deletion_request_list(request.auth, state=params.state)[:200])


@router.post(
    "/deletion-requests", response={201: DeletionRequestOut}, summary="Ask for personal data to be erased"
)
def create_request(request, body: DeletionIn):
    pending = services.request_deletion(
        actor=request.auth, reason=body.reason, customer_id=body.customer_id, request=request
    )
    return Status(201, pending)


@router.post(
    "/deletion-requests/{request_id}/approve", response=DeletionRequestOut, summary="Approve: anonymise now"
)
def approve(request, request_id: int, body: DecisionIn):
    return services.approve_deletion(
        actor=request.auth, request_id=request_id, note=body.note, request=request
    )


@router.post(
    "/deletion-requests/{request_id}/reject", response=DeletionRequestOut, summary="Reject the request"
)
def reject(request, request_id: int, body: DecisionIn):
    return services.reject_deletion(
        actor=request.auth, request_id=request_id, note=body.note, request=request
    )


@router.post(
    "/deletion-requests/{request_id}/withdraw",
    response=DeletionRequestOut,
    summary="Withdraw a request still waiting for approval",
)
def withdraw(request, request_id: int):
    return services.withdraw_deletion(actor=request.auth, request_id=request_id, request=request)
