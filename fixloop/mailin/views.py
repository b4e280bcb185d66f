"""The inbound-mail webhook and the console's list of inbound mail with retry."""

import hmac

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from fixloop.core.errors import DomainError, Forbidden, NotFound, ValidationFailed
from fixloop.mailin import services
from fixloop.mailin.models import InboundMail
from fixloop.web.access import request_actor, role_required

SECRET_HEADER = "X-Fixloop-Mail-Secret"
mail_staff_required = role_required(*services.MAIL_STAFF_ROLES)


def _error(exc: DomainError) -> JsonResponse:
    body = {"code": exc.code, "message": str(exc.message), "details": exc.details}
    return JsonResponse(body, status=exc.status, json_dumps_params={"ensure_ascii": False})


@csrf_exempt
@require_POST
def inbound(request):
    """POST a raw RFC 5322 message (any content type) with the shared secret in X-Fixloop-Mail-Secret."""
    secret = settings.FIXLOOP_MAIL["WEBHOOK_SECRET"]
    given = request.headers.get(SECRET_HEADER, "")
    if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
        return _error(Forbidden("mail_secret_invalid", _("The mail webhook secret is missing or wrong.")))
    length = int(request.headers.get("Content-Length") or 0)
    if length > services.max_bytes():
        return _error(ValidationFailed("mail_too_large", _("The message is too large."), {"size": length}))
    # Read the stream ourselves: request.body would refuse anything over DATA_UPLOAD_MAX_MEMORY_SIZE
    # (2.5 MB), and mail with photos is often larger; our own limit was checked above.
    raw = request.read(services.max_bytes() + 1)
    if len(raw) > services.max_bytes():
        return _error(ValidationFailed("mail_too_large", _("The message is too large."), {"size": len(raw)}))
    if not raw.strip():
        return _error(ValidationFailed("mail_empty", _("The request body must be the raw message.")))
    try:
        mail, created = services.receive(raw=raw, source=InboundMail.Source.WEBHOOK)
    except DomainError as exc:
        return _error(exc)
    return JsonResponse(
        {
            "id": mail.pk,
            "created": created,
            "status": mail.status,
            "outcome": mail.outcome,
            "order": mail.order.number if mail.order_id else None,
            "failure_code": mail.failure_code,
        },
        status=201 if created else 200,
    )


@mail_staff_required
def mail_list(request):
    status = request.GET.get("status", "")
    rows = InboundMail.objects.select_related("order").defer("raw", "text").order_by("-received_at", "-id")
    if status in InboundMail.Status.values:
        rows = rows.filter(status=status)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    counts = {s: InboundMail.objects.filter(status=s).count() for s in InboundMail.Status.values}
    return render(
        request,
        "mailin/list.html",
        {"page": page, "status": status, "statuses": InboundMail.Status.choices, "counts": counts},
    )


@mail_staff_required
def mail_detail(request, pk: int):
    try:
        mail = services.mail_get_for(request_actor(request), pk)
    except NotFound as exc:
        raise Http404 from exc
    return render(request, "mailin/detail.html", {"mail": mail, "attachments": list(mail.attachments.all())})


@mail_staff_required
@require_POST
def mail_retry(request, pk: int):
    try:
        mail = services.retry(actor=request_actor(request), mail_id=pk)
    except NotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("mailin:detail", pk=pk)
    if mail.status == InboundMail.Status.PROCESSED:
        messages.success(request, _("The mail was processed."))
    else:
        messages.error(request, _("The mail failed again: {reason}").format(reason=mail.failure_reason))
    return redirect("mailin:detail", pk=pk)
