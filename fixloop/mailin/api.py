"""Email intake API, mounted at /api/mail: the inbound list and retrying a failed mail."""

import datetime as dt

from ninja import Router, Schema

from fixloop.mailin import services
from fixloop.mailin.models import InboundMail

router = Router(tags=["mailin"])


class InboundMailOut(Schema):
    id: int
    message_id: str
    source: str
    status: str
    outcome: str
    failure_code: str
    failure_reason: str
    subject: str
    from_address: str
    order: str | None
    received_at: dt.datetime


def _out(mail: InboundMail) -> dict:
    return {
        "id": mail.pk, "message_id": mail.message_key, "source": mail.source, "status": mail.status,
        "outcome": mail.outcome, "failure_code": mail.failure_code, "failure_reason": mail.failure_reason,
        "subject": mail.subject, "from_address": mail.from_address,
        "order": mail.order.number if mail.order_id else None, "received_at": mail.received_at,
    }  # fmt: skip


@router.get("/inbound", response=list[InboundMailOut], summary="Inbound mail, newest first")
def list_inbound(request, status: str = ""):
    services.require_mail_staff(request.auth)
    rows = InboundMail.objects.select_related("order").defer("raw", "text")
    if status:
        rows = rows.filter(status=status)
    return [_out(mail) for mail in rows[:200]]


@router.post("/inbound/{mail_id}/retry", response=InboundMailOut, summary="Process a failed mail again")
def retry_inbound(request, mail_id: int):
    return _out(services.retry(actor=request.auth, mail_id=mail_id))
