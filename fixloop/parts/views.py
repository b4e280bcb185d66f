"""Warehouse pages: stock, movements, reservations, transfers, returns, counts and suggestions."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fixloop.accounts.roles import STAFF_ROLES
from fixloop.core.errors import DomainError, NotFound
from fixloop.parts import forms, presenters, selectors
from fixloop.parts.permissions import STOCK_MANAGERS
from fixloop.parts.services import counts, movements, reservations, returns
from fixloop.parts.stock_models import Transfer
from fixloop.web.access import request_actor, role_required
from fixloop.web.errors import apply_domain_error

staff = role_required(*STAFF_ROLES)
managers = role_required(*STOCK_MANAGERS)


def _ids(data: dict) -> dict:
    """Model choices come back as objects; the services take ids."""
    return {k: getattr(v, "pk", v) for k, v in data.items()}


def _run(request, form, call, success: str) -> bool:
    """Call the service with the form's data; a refusal becomes a form error. True when it worked."""
    if not form.is_valid():
        return False
    try:
        call(**_ids(form.cleaned_data))
    except DomainError as exc:
        apply_domain_error(request, form, exc)
        return False
    messages.success(request, success)
    return True


def stock_page(request, **forms_in_error):
    actor = request_actor(request)
    filters = forms.StockFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    location = data.get("location")
    rows = selectors.stock_list(actor, location_id=location.pk if location else None, q=data.get("q") or "",
                                short_only=bool(data.get("short")))  # fmt: skip
    may_manage = actor.role in STOCK_MANAGERS
    context = {
        "filters": filters,
        "rows": rows[:300],
        "valuation": selectors.valuation(actor),
        "may_manage": may_manage,
    }
    if may_manage:
        context["receive_form"] = forms.ReceiveForm(prefix="receive")
        context["adjust_form"] = forms.AdjustForm(prefix="adjust")
    context.update(forms_in_error)
    return render(request, "parts/stock.html", context)


@staff
def stock_view(request):
    return stock_page(request)


@managers
@require_POST
def receive(request):
    actor = request_actor(request)
    form = forms.ReceiveForm(request.POST, prefix="receive")
    if _run(request, form, lambda **d: movements.receive_stock(actor=actor, **d), _("Stock received.")):
        return redirect("parts:stock")
    return stock_page(request, receive_form=form)


@managers
@require_POST
def adjust(request):
    actor = request_actor(request)
    form = forms.AdjustForm(request.POST, prefix="adjust")
    if _run(request, form, lambda **d: movements.adjust_stock(actor=actor, **d), _("Stock adjusted.")):
        return redirect("parts:stock")
    return stock_page(request, adjust_form=form)


@staff
def movement_list(request):
    actor = request_actor(request)
    return render(request, "parts/movements.html", {"rows": selectors.movement_list(actor, limit=200)})


@staff
def reservation_list(request):
    actor = request_actor(request)
    context = {"reservations": selectors.reservation_list(actor), "shortages": selectors.shortage_list(actor),
               "may_manage": actor.role in STOCK_MANAGERS}  # fmt: skip
    return render(request, "parts/reservations.html", context)


@managers
@require_POST
def source_shortage(request, shortage_id: int):
    try:
        movements.act_on_shortage(actor=request_actor(request), shortage_id=shortage_id)
        messages.success(request, _("The transfer or purchase was raised."))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("parts:reservations")


def _transfers_page(request, form=None):
    actor = request_actor(request)
    context = {"transfers": selectors.transfers_to_receive(actor), "may_manage": actor.role in STOCK_MANAGERS,
               "form": form or forms.TransferForm()}  # fmt: skip
    return render(request, "parts/transfers.html", context)


@staff
def transfer_list(request):
    return _transfers_page(request)


@managers
@require_POST
def ship_transfer(request):
    actor = request_actor(request)
    form = forms.TransferForm(request.POST)
    if _run(request, form, lambda **d: movements.ship_transfer(actor=actor, **d), _("Transfer shipped.")):
        return redirect("parts:transfers")
    return _transfers_page(request, form)


@managers
@require_POST
def receive_transfer(request, transfer_id: int):
    try:
        movements.receive_transfer(actor=request_actor(request), transfer_id=transfer_id)
        messages.success(request, _("Transfer received."))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("parts:transfers")


def _returns_page(request, bound: dict | None = None):
    actor = request_actor(request)
    items = list(selectors.return_list(actor))
    for item in items:
        item.form = (bound or {}).get(item.pk) or forms.ReturnStepForm(
            initial={"version": item.version}, prefix=f"r{item.pk}"
        )
        item.steps = returns.steps_from(item.status)
    return render(request, "parts/returns.html", {"items": items, "may_manage": actor.role in STOCK_MANAGERS})


@staff
def return_list(request):
    return _returns_page(request)


@managers
@require_POST
def return_step(request, return_id: int):
    actor = request_actor(request)
    form = forms.ReturnStepForm(request.POST, prefix=f"r{return_id}")

    def call(step, version, rma_number, credit_amount):
        returns.advance_return(actor=actor, return_id=return_id, step=step, expected_version=version,
                               rma_number=rma_number, credit_amount=credit_amount)  # fmt: skip

    if _run(request, form, call, _("Return updated.")):
        return redirect("parts:returns")
    return _returns_page(request, {return_id: form})


def _counts_page(request, form=None):
    actor = request_actor(request)
    context = {"counts": selectors.count_list(actor)[:50], "form": form or forms.StartCountForm(),
               "may_manage": actor.role in STOCK_MANAGERS}  # fmt: skip
    return render(request, "parts/counts.html", context)


@staff
def count_list(request):
    return _counts_page(request)


@managers
@require_POST
def start_count(request):
    actor = request_actor(request)
    form = forms.StartCountForm(request.POST)
    if _run(request, form, lambda **d: counts.start_count(actor=actor, **d), _("Count started.")):
        return redirect("parts:counts")
    return _counts_page(request, form)


@managers
def count_detail(request, count_id: int):
    actor = request_actor(request)
    count = selectors.count_get(actor, count_id)
    if count is None:
        raise Http404
    lines = list(count.lines.select_related("part"))
    form = forms.CountLinesForm(request.POST or None, lines=lines)
    if request.method == "POST" and form.is_valid():
        try:
            counts.record_counts(actor=actor, count_id=count.pk, counted=form.counted())
            if "close" in request.POST:
                counts.close_count(actor=actor, count_id=count.pk)
                messages.success(request, _("Count closed; the variances were booked."))
            return redirect("parts:count", count_id=count.pk)
        except DomainError as exc:
            apply_domain_error(request, form, exc)
    return render(request, "parts/count.html", {"count": count, "lines": lines, "form": form})


@staff
def suggestion_list(request):
    actor = request_actor(request)
    filters = forms.SuggestionFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    location = data.get("location")
    rows = list(selectors.suggestion_list(actor, location_id=location.pk if location else None,
                                          kind=data.get("kind") or "", urgent_only=bool(data.get("urgent"))))  # fmt: skip
    for row in rows:  # readable names and percentages, not codes and shares, go into the sentences
        reasoning = row.reasoning or {}
        row.method_label = presenters.method_label(reasoning.get("method", ""))
        row.spread_label = presenters.spread_label(reasoning.get("error_model", ""))
        row.aim = presenters.percent(reasoning.get("nominal_fill_rate"))
        row.target = presenters.percent(reasoning.get("service_level"))
    context = {"rows": rows, "filters": filters, "may_manage": actor.role in STOCK_MANAGERS,
               "query": _filter_query(filters)}  # fmt: skip
    return render(request, "parts/suggestions.html", context)


def _filter_query(filters) -> str:
    """The list's valid filters as a query string, so acting on one suggestion returns to the same view."""
    if not filters.is_bound or not filters.is_valid():
        return ""
    return urlencode({name: filters.data[name] for name in filters.cleaned_data if filters.data.get(name)})


@staff
def demand_history(request, part_id: int, location_id: int):
    """The issue history behind a part's stock plan at one location, per month or week."""
    form = forms.DemandForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    try:
        history = selectors.demand_history(request_actor(request), part_id=part_id, location_id=location_id,
                                           freq=data.get("freq") or "M", periods=data.get("periods"))  # fmt: skip
    except NotFound as exc:
        raise Http404 from exc
    peak = max((units for _day, units in history.periods), default=0)
    rows = [(day, units, round(100 * units / peak) if peak else 0) for day, units in history.periods]
    context = {"history": history, "rows": rows, "form": form, "total": sum(u for _d, u, _w in rows)}
    return render(request, "parts/demand.html", context)


@managers
@require_POST
def act_on_suggestion(request, suggestion_id: int):
    """Raise the suggested purchase or ship the suggested transfer; a refusal comes back as a message."""
    try:
        made = movements.act_on_suggestion(actor=request_actor(request), suggestion_id=suggestion_id)
        if isinstance(made, Transfer):
            messages.success(request, _("Transfer shipped."))
        else:
            messages.success(
                request,
                _("Purchase request raised, expected {date}.").format(date=date_format(made.expected_date)),
            )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    query = _filter_query(forms.SuggestionFilterForm(request.GET or None))
    return redirect(reverse("parts:suggestions") + (f"?{query}" if query else ""))


@staff
@require_POST
def issue_to_order(request, number: str):
    """The order page's "fit parts" form; a refusal comes back as a message on the order page."""
    actor = request_actor(request)
    form = forms.IssueForm(request.POST, prefix="issue")
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    else:
        try:
            reservations.issue_to_order(actor=actor, number=number, **_ids(form.cleaned_data))
            messages.success(request, _("Parts recorded on the order."))
        except NotFound as exc:
            raise Http404 from exc
        except DomainError as exc:
            messages.error(request, str(exc.message))
    return redirect(reverse("console:order", args=[number]) + "#parts")
