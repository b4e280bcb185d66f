"""REST endpoints for work orders: parse, call a selector or service, present. No rules here."""

from dataclasses import fields

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ValidationError as PydanticValidationError

from fixloop.core.errors import NotFound, RateLimited, ValidationFailed
from fixloop.core.validation import describe_errors
from fixloop.documents.context import document_context
from fixloop.documents.pdf import render_pdf
from fixloop.workorders import presenters, selectors, services
from fixloop.workorders.costing import order_costs_for
from fixloop.workorders.models import WorkOrder
from fixloop.workorders.permissions import CUSTOMER_SIDE, allowed_actions
from fixloop.workorders.schemas import (
    PAYLOADS,
    AttachmentOut,
    CostsOut,
    DeclineOptionIn,
    EventOut,
    InternalApprovalIn,
    OrderCreateIn,
    OrderDetailOut,
    OrderPage,
    QuoteOut,
    ReworkIn,
    TrackingOut,
    TransitionIn,
)
from fixloop.workorders.services.attachments import add_attachment
from fixloop.workorders.services.quotes import approve_internally, decline_option, quote_for_customer

router = Router(tags=["orders"])
public_router = Router(tags=["tracking"], auth=None)


def _detail(actor, order: WorkOrder) -> dict:
    return {**presenters.order_dict_for(actor, order), "allowed_actions": allowed_actions(actor, order)}


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _intake(body: OrderCreateIn) -> services.OrderIntake:
    data = body.model_dump()
    data["customer"] = services.NewCustomer(**data["customer"]) if data["customer"] else None
    data["address"] = services.NewAddress(**data["address"]) if data["address"] else None
    data["device"] = services.DeviceRef(**data["device"]) if data["device"] else None
    data["external_causes"] = [str(c) for c in data["external_causes"]]
    known = {f.name for f in fields(services.OrderIntake)}
    return services.OrderIntake(**{k: v for k, v in data.items() if k in known})


@router.post("", response={201: OrderDetailOut}, summary="Create a work order")
def create_order(request, body: OrderCreateIn):
    """Record a request from any channel. Send `Idempotency-Key` to make retries safe."""
    key = request.headers.get("Idempotency-Key", "").strip()[:120] or None
    order, _created = services.create_order(actor=request.auth, intake=_intake(body), idempotency_key=key)
    return Status(201, _detail(request.auth, order))


class ListParams(Schema):
    limit: int = 50
    cursor: str | None = None


@router.get("", response=OrderPage, summary="List work orders")
def list_orders(request, params: Query[ListParams]):
    """Newest first. Filters: state, kind, priority (repeatable), channel, service_mode, service_point,
    assignee, customer, partner, created_after, created_before, q (number, phone, serial or text)."""
    limit = max(1, min(params.limit, settings.FIXLOOP["API_PAGE_SIZE_MAX"]))
    page = selectors.order_list(request.auth, request.GET, limit=limit, cursor=params.cursor)
    items = [presenters.order_dict_for(request.auth, o) for o in page.items]
    return {"items": items, "next_cursor": page.next_cursor}


@router.get("/{number}", response=OrderDetailOut, summary="Get a work order")
def get_order(request, number: str):
    return _detail(request.auth, selectors.order_get_for(request.auth, number))


@router.post("/{number}/transitions", response=OrderDetailOut, summary="Advance the lifecycle")
def transition(request, number: str, body: TransitionIn):
    """Perform one action. A refused action answers 409 with the actions allowed now."""
    try:
        payload = PAYLOADS[body.action].model_validate(body.payload)
    except PydanticValidationError as exc:
        errors = describe_errors(exc.errors(), prefix=("payload",))
        raise ValidationFailed("invalid_input", _("The request is not valid."), {"errors": errors}) from exc
    kwargs = payload.model_dump()
    if body.action in services.IP_ACTIONS:
        kwargs["ip"] = _client_ip(request)
    service = services.TRANSITION_SERVICES[body.action]
    order = service(actor=request.auth, number=number, expected_version=body.version, **kwargs)
    return _detail(request.auth, order)


@router.get("/{number}/timeline", response=list[EventOut], summary="The order's history")
def order_timeline(request, number: str):
    order = selectors.order_get_for(request.auth, number)
    return [presenters.event_dict(e) for e in selectors.timeline(order)]


@router.get("/{number}/quote", response=QuoteOut, summary="The latest quote")
def latest_quote(request, number: str):
    """Options with lines, who pays each line, tax and totals. Customers never see a held quote."""
    order = selectors.order_get_for(request.auth, number)
    current = selectors.quote_latest(order)
    if request.auth.role in CUSTOMER_SIDE:
        current = quote_for_customer(order, current)
    if current is None:
        raise NotFound("quote_not_found", _("This order has no quote yet."))
    return presenters.quote_dict(current)


@router.post("/{number}/quote/internal-approval", response=QuoteOut, summary="Manager releases a held quote")
def quote_internal_approval(request, number: str, body: InternalApprovalIn):
    """Quotes above the threshold or with free-of-charge lines wait for this before the customer sees them."""
    approve_internally(actor=request.auth, number=number, quote_revision=body.quote_revision)
    order = selectors.order_get_for(request.auth, number)
    return presenters.quote_dict(selectors.quote_latest(order))


@router.post("/{number}/quote/decline-option", response=QuoteOut, summary="Customer declines one option")
def quote_decline_option(request, number: str, body: DeclineOptionIn):
    """The order stays quoted; the customer still approves another option or rejects the quote."""
    decline_option(actor=request.auth, number=number, ip=_client_ip(request), **body.model_dump())
    order = selectors.order_get_for(request.auth, number)
    return presenters.quote_dict(selectors.quote_latest(order))


@router.get("/{number}/costs", response=CostsOut, summary="Cost accounting (managers)")
def order_costs(request, number: str):
    """Parts at cost, labour hours × internal rate, transport; revenue, warranty cost, margin."""
    return order_costs_for(request.auth, number)


@router.get("/{number}/documents/{kind}.pdf", summary="Quote, hand-over receipt or service report (PDF)")
def order_document(request, number: str, kind: str):
    """kind: quote, receipt, return or report. Same visibility as the order."""
    order = selectors.order_get_for(request.auth, number)
    track_url = request.build_absolute_uri(reverse("portal:track") + f"?number={order.number}")
    pdf = render_pdf(document_context(request.auth, order, kind, track_url))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{order.number}-{kind}.pdf"'
    return response


@router.post("/{number}/attachments", response={201: AttachmentOut}, summary="Attach a photo")
def upload_attachment(request, number: str, file: File[UploadedFile]):
    file._original_name = file.name
    attachment = add_attachment(actor=request.auth, number=number, upload=file)
    return Status(201, _attachment_dict(attachment))


@router.get("/{number}/attachments", response=list[AttachmentOut], summary="The order's photos")
def list_attachments(request, number: str):
    order = selectors.order_get_for(request.auth, number)
    return [_attachment_dict(a) for a in order.attachments.all()]


def _attachment_dict(attachment) -> dict:
    return {
        "id": attachment.pk,
        "original_name": attachment.original_name,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "url": reverse("files:order_attachment", args=[attachment.pk]),
        "created_at": attachment.created_at,
    }


@router.post("/{number}/rework", response={201: OrderDetailOut}, summary="Reopen as a linked rework order")
def rework(request, number: str, body: ReworkIn):
    order = services.create_rework_order(actor=request.auth, number=number, symptoms=body.symptoms)
    return Status(201, _detail(request.auth, selectors.order_get_for(request.auth, order.number)))


class TrackParams(Schema):
    phone_last4: str


def _tracking(request, number: str, phone_last4: str) -> dict:
    if is_ratelimited(
        request, group="track", key="ip", rate=settings.FIXLOOP["TRACKING_RATE"], increment=True
    ):
        raise RateLimited("rate_limited", _("Too many tracking requests; please wait a minute."))
    order = selectors.order_get_tracked(number, phone_last4)
    if order is None:
        raise NotFound("order_not_found", _("No order matches this number and phone."))
    return presenters.tracking_dict(order, selectors.timeline(order))


@public_router.post("/{number}", response=TrackingOut, summary="Public tracking (no personal data)")
def track_by_post(request, number: str, body: TrackParams):
    """Order number + last four digits of the contact phone in the body, so they stay out of access logs
    and proxies' URL records. Rate-limited per client address."""
    return _tracking(request, number, body.phone_last4)


@public_router.get("/{number}", response=TrackingOut, summary="Public tracking by query string (prefer POST)")
def track(request, number: str, params: Query[TrackParams]):
    """Kept for existing clients: the digits travel in the URL, which access logs record; POST keeps them
    in the body. Same rate limit, shared with POST."""
    return _tracking(request, number, params.phone_last4)
