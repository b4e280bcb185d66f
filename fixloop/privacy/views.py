"""Personal-data pages: a customer's "my data" page (export, erase) and the managers' approval queue."""

import json

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fixloop.accounts.roles import Role
from fixloop.core.errors import DomainError, NotFound
from fixloop.privacy import selectors, services
from fixloop.privacy.forms import DecisionForm, DeletionRequestForm
from fixloop.web.access import customer_required, request_actor, role_required

PAGE_SIZE = 100


def download_response(data: dict, customer_id: int) -> HttpResponse:
    """A JSON file download that browsers save rather than render."""
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="fixloop-my-data-{customer_id}.json"'
    response["Cache-Control"] = "no-store"
    return response


@customer_required
def my_data(request):
    actor = request_actor(request)
    form = DeletionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_deletion(actor=actor, reason=form.cleaned_data["reason"], request=request)
        except DomainError as exc:
            messages.warning(request, str(exc.message))
        else:
            messages.success(request, _("Your request was sent. A manager will confirm it shortly."))
        return redirect("privacy:mine")
    rows = selectors.deletion_request_list(actor)
    return render(request, "privacy/mine.html", {"form": form, "requests": rows})


@customer_required
def my_export(request):
    actor = request_actor(request)
    data = services.export_data(actor=actor, request=request)
    return download_response(data, actor.customer_id)


@require_POST
@customer_required
def withdraw(request, request_id: int):
    try:
        services.withdraw_deletion(actor=request_actor(request), request_id=request_id, request=request)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    except DomainError as exc:
        messages.warning(request, str(exc.message))
    else:
        messages.success(request, _("Your request was withdrawn. Nothing was erased."))
    return redirect("privacy:mine")


@role_required(Role.MANAGER)
def request_list(request):
    state = request.GET.get("state", "pending")
    rows = selectors.deletion_request_list(request_actor(request), state=state if state != "all" else "")
    context = {"requests": rows[:PAGE_SIZE], "state": state, "decision_form": DecisionForm()}
    return render(request, "privacy/requests.html", context)


@require_POST
@role_required(Role.MANAGER)
def decide(request, request_id: int, decision: str):
    actor = request_actor(request)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    service = {"approve": services.approve_deletion, "reject": services.reject_deletion}.get(decision)
    if service is None:
        raise Http404
    try:
        service(actor=actor, request_id=request_id, note=note, request=request)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    except DomainError as exc:
        messages.warning(request, str(exc.message))
    else:
        messages.success(
            request,
            _("The customer was anonymised.") if decision == "approve" else _("The request was rejected."),
        )
    return redirect("privacy:requests")
