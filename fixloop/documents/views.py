"""Document downloads for staff and customers (same visibility as the order), the quote release and
the customer's decline of one quote option."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fixloop.accounts.roles import Role
from fixloop.core.errors import DomainError, NotFound
from fixloop.documents.context import document_context
from fixloop.documents.pdf import render_pdf
from fixloop.web.access import request_actor, role_required
from fixloop.web.orderpage import order_or_404
from fixloop.workorders.services.quotes import approve_internally, decline_option


def pdf_response(request, actor, order, kind: str) -> HttpResponse:
    track_url = request.build_absolute_uri(reverse("portal:track") + f"?number={order.number}")
    try:
        context = document_context(actor, order, kind, track_url)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    response = HttpResponse(render_pdf(context), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{order.number}-{kind}.pdf"'
    return response


@login_required
def document(request, number: str, kind: str):
    """A PDF of the order: someone who cannot see the order gets a 404, as on the order page."""
    actor = request_actor(request)
    return pdf_response(request, actor, order_or_404(actor, number), kind)


@role_required(Role.MANAGER)
@require_POST
def release_quote(request, number: str):
    """A manager approves a held quote so the customer can see and decide on it."""
    actor = request_actor(request)
    order = order_or_404(actor, number)
    try:
        revision = int(request.POST.get("quote_revision", ""))
        approve_internally(actor=actor, number=order.number, quote_revision=revision)
    except ValueError:
        messages.error(request, _("The quote revision is missing."))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The quote was approved and sent to the customer."))
    return redirect("console:order", number=order.number)


@role_required(Role.CUSTOMER)
@require_POST
def decline_option_view(request, number: str):
    """The customer turns down one option of the quote and keeps deciding on the others."""
    actor = request_actor(request)
    order = order_or_404(actor, number)
    try:
        decline_option(
            actor=actor, number=order.number, expected_version=int(request.POST.get("expected_version", "")),
            quote_revision=int(request.POST.get("quote_revision", "")), option=int(request.POST.get("option", "")),
            reason=request.POST.get("reason", ""), ip=request.META.get("REMOTE_ADDR"),
        )  # fmt: skip
    except ValueError:
        messages.error(request, _("Choose the option to decline."))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The option was declined; the others are still open."))
    return redirect("portal:order", number=order.number)
