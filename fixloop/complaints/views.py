"""Complaint pages: console list/detail/new for staff, file-and-follow pages for customers."""

from django.contrib import messages
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fixloop.complaints import selectors, services
from fixloop.complaints.forms import (
    FORMS,
    ComplaintFilterForm,
    ConsoleComplaintForm,
    CorrectiveActionForm,
    OwnerForm,
    PortalComplaintForm,
    action_form,
)
from fixloop.complaints.states import HANDLERS, Channel
from fixloop.core.errors import DomainError, NotFound
from fixloop.customers.models import Customer
from fixloop.web.access import customer_required, request_actor, staff_required
from fixloop.web.errors import apply_domain_error
from fixloop.workorders.models import WorkOrder

PAGE_SIZE = 50


def _get_or_404(actor, number):
    try:
        return selectors.complaint_get_for(actor, number)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc


def _params(query: QueryDict) -> QueryDict:
    params = QueryDict(mutable=True)
    for key, values in query.lists():
        kept = [value for value in values if value]
        if kept:
            params.setlist(key, kept)
    return params


@staff_required
def console_list(request):
    """Complaints with filters; one query for the rows whatever their number."""
    actor = request_actor(request)
    form = ComplaintFilterForm(request.GET or None)
    rows, error = [], None
    try:
        rows = selectors.complaint_list(actor, _params(request.GET), limit=PAGE_SIZE)
    except DomainError as exc:
        error = exc.message
    return render(request, "complaints/list.html", {"form": form, "rows": rows, "error": error})


def _detail_context(actor, complaint, bound=None):
    forms = []
    for action in services.allowed_actions(actor, complaint):
        form = bound if bound is not None and bound.action == action else action_form(action, complaint)
        forms.append(form)
    return {
        "complaint": complaint,
        "events": selectors.complaint_timeline(complaint),
        "actions": selectors.complaint_actions(complaint),
        "orders": list(complaint.orders.all()),
        "forms": forms,
        "handler": actor.role in HANDLERS,
    }


@staff_required
def console_detail(request, number):
    actor = request_actor(request)
    complaint = _get_or_404(actor, number)
    context = _detail_context(actor, complaint)
    context["owner_form"] = OwnerForm(initial={"version": complaint.version, "owner_id": complaint.owner_id})
    context["action_item_form"] = CorrectiveActionForm(prefix="ca")
    return render(request, "complaints/detail.html", context)


def _perform(request, actor, complaint, action):
    if action not in FORMS or action not in services.allowed_actions(actor, complaint):
        raise Http404
    form = action_form(action, complaint, data=request.POST)
    if form.is_valid():
        try:
            services.TRANSITION_SERVICES[action](
                actor=actor,
                number=complaint.number,
                expected_version=form.cleaned_data["version"],
                **form.payload(),
            )
        except DomainError as exc:
            if exc.code == "stale_version":
                messages.warning(request, str(exc.message))
                return None, None
            apply_domain_error(request, form, exc)
        else:
            messages.success(request, _("{action}: done.").format(action=form.action_label))
            return None, None
    return form, form


@staff_required
@require_POST
def console_action(request, number, action):
    actor = request_actor(request)
    complaint = _get_or_404(actor, number)
    form, _bound = _perform(request, actor, complaint, action)
    if form is None:
        return redirect("complaints:detail", number=number)
    context = _detail_context(actor, complaint, bound=form)
    context["owner_form"] = OwnerForm(initial={"version": complaint.version, "owner_id": complaint.owner_id})
    context["action_item_form"] = CorrectiveActionForm(prefix="ca")
    return render(request, "complaints/detail.html", context, status=422)


@staff_required
@require_POST
def console_owner(request, number):
    actor = request_actor(request)
    complaint = _get_or_404(actor, number)
    form = OwnerForm(request.POST)
    if form.is_valid():
        try:
            services.assign_owner(
                actor=actor, number=number, expected_version=form.cleaned_data["version"],
                owner_id=form.cleaned_data["owner_id"].pk,
            )  # fmt: skip
            messages.success(request, _("The owner was assigned."))
        except DomainError as exc:
            messages.error(request, str(exc.message))
    else:
        messages.error(request, _("Choose a member of staff."))
    return redirect("complaints:detail", number=complaint.number)


@staff_required
@require_POST
def console_add_action(request, number):
    actor = request_actor(request)
    complaint = _get_or_404(actor, number)
    form = CorrectiveActionForm(request.POST, prefix="ca")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_action(
                actor=actor, number=number, kind=data["kind"], description=data["description"],
                owner_id=data["owner_id"].pk, due_date=data["due_date"],
            )  # fmt: skip
        except DomainError as exc:
            apply_domain_error(request, form, exc)
        else:
            messages.success(request, _("The action was added."))
            return redirect("complaints:detail", number=number)
    context = _detail_context(actor, complaint)
    context["owner_form"] = OwnerForm(initial={"version": complaint.version, "owner_id": complaint.owner_id})
    context["action_item_form"] = form
    return render(request, "complaints/detail.html", context, status=422)


@staff_required
@require_POST
def console_complete_action(request, number, action_id):
    actor = request_actor(request)
    _get_or_404(actor, number)
    try:
        services.complete_action(actor=actor, action_id=action_id, note=request.POST.get("note", "")[:500])
        messages.success(request, _("The action is marked done."))
    except NotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("complaints:detail", number=number)


@staff_required
def console_new(request):
    """An agent records a complaint, consultation or suggestion received by phone or email."""
    actor = request_actor(request)
    form = ConsoleComplaintForm(request.POST or None, initial={"channel": Channel.PHONE})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        customer = Customer.objects.filter(phone=data["phone"].strip()).order_by("id").first()
        if customer is None:
            form.add_error("phone", _("No customer has this phone number."))
        else:
            try:
                complaint = services.register_complaint(
                    actor=actor, kind=data["kind"], channel=data["channel"], customer_id=customer.pk,
                    severity=data["severity"], subject=data["subject"], description=data["description"],
                    order_numbers=data["order_numbers"].split(),
                )  # fmt: skip
            except NotFound:
                form.add_error("order_numbers", _("An order number was not found."))
            except DomainError as exc:
                apply_domain_error(request, form, exc, ConsoleComplaintForm.aliases)
            else:
                messages.success(request, _("{number} was registered.").format(number=complaint.number))
                return redirect("complaints:detail", number=complaint.number)
    return render(request, "complaints/new.html", {"form": form})


@customer_required
def portal_list(request):
    actor = request_actor(request)
    rows = selectors.complaint_list(actor, {}, limit=PAGE_SIZE)
    return render(request, "complaints/portal_list.html", {"rows": rows})


@customer_required
def portal_new(request):
    """The customer files a complaint (or asks, or suggests), optionally about one of their repairs."""
    actor = request_actor(request)
    numbers = list(
        WorkOrder.objects.filter(customer_id=actor.customer_id)
        .order_by("-id")
        .values_list("number", flat=True)[:50]
    )
    initial = {"order_number": request.GET.get("order", "")}
    form = PortalComplaintForm(request.POST or None, order_numbers=numbers, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = services.register_complaint(
                actor=actor, kind=data["kind"], channel=Channel.PORTAL, subject=data["subject"],
                description=data["description"], order_numbers=[data["order_number"]] if data["order_number"] else [],
            )  # fmt: skip
        except DomainError as exc:
            apply_domain_error(request, form, exc, {"order_numbers": "order_number"})
        else:
            messages.success(
                request,
                _("{number} was registered. We will get back to you.").format(number=complaint.number),
            )
            return redirect("complaints:portal_detail", number=complaint.number)
    return render(request, "complaints/portal_new.html", {"form": form})


@customer_required
def portal_detail(request, number):
    actor = request_actor(request)
    complaint = _get_or_404(actor, number)
    bound = None
    if request.method == "POST":
        form, bound = _perform(request, actor, complaint, request.POST.get("action", ""))
        if form is None:
            return redirect("complaints:portal_detail", number=number)
    context = _detail_context(actor, complaint, bound=bound)
    return render(request, "complaints/portal_detail.html", context, status=422 if bound else 200)


@staff_required
def console_export(request, fmt: str):
    """The filtered complaint list as CSV or XLSX (same filters and scope as the page)."""
    from fixloop.analytics.exports import CONTENT_TYPES, response

    if fmt not in CONTENT_TYPES:
        raise Http404
    actor = request_actor(request)
    try:
        rows = selectors.complaint_list(actor, _params(request.GET), limit=10_000)
    except DomainError as exc:
        raise Http404 from exc
    table = [
        {
            "number": c.number, "kind": c.kind, "channel": c.channel, "state": c.state, "severity": c.severity,
            "subject": c.subject, "customer": c.customer.name, "owner": c.owner.get_username() if c.owner else "",
            "created_at": c.created_at.isoformat(), "respond_by": c.respond_by.isoformat(),
            "first_response_at": c.first_response_at.isoformat() if c.first_response_at else "",
            "closed_at": c.closed_at.isoformat() if c.closed_at else "", "root_cause": c.root_cause,
        }
        for c in rows
    ]  # fmt: skip
    return response(table, "complaints", fmt)
