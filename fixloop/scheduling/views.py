"""Scheduling pages: the day plan of a service point, appointment windows (console and portal), assign."""

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fixloop.accounts.roles import Role
from fixloop.core.errors import DomainError, NotFound
from fixloop.scheduling import appointments, planning, selectors
from fixloop.scheduling.forms import AssignForm, BookForm, PinForm, PlanQueryForm, SickForm, WindowDateForm
from fixloop.web.access import customer_required, request_actor, role_required
from fixloop.web.errors import apply_domain_error
from fixloop.web.orderpage import order_or_404
from fixloop.workorders import services as order_services

dispatcher_required = role_required(Role.DISPATCHER, Role.MANAGER)
booking_staff_required = role_required(Role.AGENT, Role.DISPATCHER, Role.ENGINEER, Role.MANAGER)


def _plan_url(point_id, date) -> str:
    return reverse("scheduling:plan") + "?" + urlencode({"point": point_id, "date": date.isoformat()})


@dispatcher_required
def plan(request):
    """One service point's plan for one day: routes with ETAs, a map of stops, jobs left over."""
    actor = request_actor(request)
    points = list(selectors.dispatch_points(actor))
    data = request.GET.copy()
    data.setdefault("date", timezone.localdate().isoformat())
    if points:
        data.setdefault("point", str(points[0].pk))
    query = PlanQueryForm(data, points=points)
    context = {"query": query, "points": points}
    if query.is_valid():
        point_id, date = query.cleaned_data["point"], query.cleaned_data["date"]
        engineers = selectors.point_engineer_list(point_id)
        view = selectors.plan_view(point_id, date)
        context.update(
            point_id=point_id,
            date=date,
            view=view,
            chart=selectors.chart_data(view, date),
            sick_form=SickForm(engineers=engineers),
            engineers=engineers,
        )
    return render(request, "scheduling/plan.html", context)


def _posted_plan_target(request, actor):
    """(point id, date) from a posted form; NotFound for points the actor does not dispatch."""
    query = PlanQueryForm(request.POST, points=selectors.dispatch_points(actor))
    if not query.is_valid():
        raise Http404
    return query.cleaned_data["point"], query.cleaned_data["date"]


@dispatcher_required
@require_POST
def replan(request):
    actor = request_actor(request)
    point_id, date = _posted_plan_target(request, actor)
    try:
        done = planning.plan_day(
            actor=actor, service_point_id=point_id, date=date, trigger=_("planned by hand")
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Planned in {seconds} s.").format(seconds=f"{done.runtime:.1f}"))
    return redirect(_plan_url(point_id, date))


@dispatcher_required
@require_POST
def report_sick(request):
    actor = request_actor(request)
    point_id, date = _posted_plan_target(request, actor)
    form = SickForm(request.POST, engineers=selectors.point_engineer_list(point_id))
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect(_plan_url(point_id, date))
    try:
        planning.report_sick(
            actor=actor, engineer_id=form.cleaned_data["engineer"], date=date, note=form.cleaned_data["note"]
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Sick report recorded; the day was re-planned."))
    return redirect(_plan_url(point_id, date))


@dispatcher_required
@require_POST
def pin(request):
    actor = request_actor(request)
    point_id, date = _posted_plan_target(request, actor)
    form = PinForm(request.POST, engineers=selectors.point_engineer_list(point_id))
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect(_plan_url(point_id, date))
    try:
        planning.pin_job(
            actor=actor, number=form.cleaned_data["number"], engineer_id=form.cleaned_data["engineer"]
        )
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Pin saved; re-plan to apply it."))
    return redirect(_plan_url(point_id, date))


@dispatcher_required
@require_POST
def apply(request):
    actor = request_actor(request)
    point_id, date = _posted_plan_target(request, actor)
    stored = selectors.stored_plan(point_id, date)
    if stored is None:
        raise Http404
    changed, refusals = planning.apply_plan(actor=actor, plan=stored)
    messages.success(request, _("{n} orders handed to their planned engineer.").format(n=changed))
    for refusal in refusals:
        messages.error(request, refusal)
    return redirect(_plan_url(point_id, date))


def _windows_page(request, number, template, url_name):
    """Shared by console and portal: list free windows for a date, book the one picked."""
    actor = request_actor(request)
    order = order_or_404(actor, number)
    date_form = WindowDateForm(
        request.GET or {"date": (timezone.localdate() + dt.timedelta(days=1)).isoformat()}
    )
    book_form = BookForm(request.POST or None, initial={"version": order.version})
    if request.method == "POST" and book_form.is_valid():
        start, end = book_form.cleaned_data["window"]
        try:
            done = appointments.book_window(
                actor=actor, number=order.number, expected_version=book_form.cleaned_data["version"],
                start=start, end=end,
            )  # fmt: skip
        except NotFound as exc:
            raise Http404(str(exc.message)) from exc
        except DomainError as exc:
            apply_domain_error(request, book_form, exc)
        else:
            messages.success(request, _("Appointment booked."))
            return redirect(url_name, number=done.number)
    windows, date = [], None
    if date_form.is_valid():
        date = date_form.cleaned_data["date"]
        try:
            windows = appointments.offered_windows(actor, order.number, date)
        except NotFound as exc:
            raise Http404(str(exc.message)) from exc
        except DomainError as exc:
            apply_domain_error(request, date_form, exc)
    context = {
        "order": order,
        "date_form": date_form,
        "book_form": book_form,
        "windows": windows,
        "date": date,
    }
    return render(request, template, context)


@booking_staff_required
def order_windows(request, number):
    return _windows_page(request, number, "scheduling/windows_console.html", "console:order")


@customer_required
def portal_windows(request, number):
    return _windows_page(request, number, "scheduling/windows_portal.html", "portal:order")


@dispatcher_required
@require_POST
def assign_suggested(request, number):
    """Assign the engineer picked from the suggestions panel through the `assign` service."""
    actor = request_actor(request)
    order = order_or_404(actor, number)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pick an engineer from the suggestions."))
        return redirect("console:order", number=order.number)
    try:
        done = order_services.assign(
            actor=actor, number=order.number, expected_version=form.cleaned_data["version"],
            engineer_id=form.cleaned_data["engineer_id"],
        )  # fmt: skip
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request, _("{number} assigned to {engineer}.").format(number=done.number, engineer=done.assignee)
        )
    return redirect("console:order", number=order.number)
