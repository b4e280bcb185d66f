"""Console pages: the agent's follow-up calls with script and outcome; maintenance plans per device."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fixloop.aftercare import followups, maintenance
from fixloop.aftercare.forms import FollowUpForm, PlanForm
from fixloop.core.errors import Conflict, DomainError, NotFound
from fixloop.web.access import request_actor, role_required
from fixloop.web.errors import apply_domain_error

follow_up_staff = role_required(*followups.FOLLOW_UP_ROLES)
plan_staff = role_required(*maintenance.PLAN_ROLES)
PAGE_SIZE = 100


@follow_up_staff
def followup_list(request):
    """My calls due today by default; `due=all` for later ones, `who=all` adds unassigned (managers: all)."""
    actor = request_actor(request)
    due = request.GET.get("due", "today")
    who = request.GET.get("who", "mine")
    today = timezone.localdate()
    tasks = followups.task_list(actor, due_by=today if due == "today" else None, mine=who == "mine")
    return render(
        request,
        "aftercare/followups.html",
        {"tasks": list(tasks[:PAGE_SIZE]), "due": due, "who": who, "today": today},
    )


@follow_up_staff
def followup_detail(request, pk: int):
    actor = request_actor(request)
    try:
        task = followups.task_get_for(actor, pk)
    except NotFound as exc:
        raise Http404 from exc
    form = FollowUpForm(initial={"version": task.version})
    status = 200
    if request.method == "POST" and task.is_open:
        form = FollowUpForm(request.POST)
        if form.is_valid():
            try:
                task = followups.complete_follow_up(
                    actor=actor, task_id=task.pk, expected_version=form.cleaned_data["version"],
                    outcome=form.cleaned_data["outcome"], note=form.cleaned_data["note"],
                )  # fmt: skip
            except Conflict as exc:
                if exc.code != "stale_version":
                    apply_domain_error(request, form, exc)
                else:
                    messages.warning(request, str(exc.message))
                    return redirect("aftercare:followup", pk=pk)
            except DomainError as exc:
                apply_domain_error(request, form, exc)
            else:
                messages.success(request, _("The follow-up call was recorded."))
                return redirect("aftercare:followups")
        status = 422
    return render(request, "aftercare/followup.html", {"task": task, "form": form}, status=status)


@plan_staff
def plan_list(request):
    actor = request_actor(request)
    serial = request.GET.get("serial", "").strip()
    plans = maintenance.plan_list(actor, serial=serial)
    return render(request, "aftercare/plans.html", {"plans": list(plans[:PAGE_SIZE]), "serial": serial})


@plan_staff
def plan_new(request):
    actor = request_actor(request)
    form = PlanForm(request.POST or None, initial={"serial": request.GET.get("serial", "")})
    if request.method == "POST":
        if form.is_valid():
            try:
                plan = maintenance.create_plan(actor=actor, **form.payload())
            except DomainError as exc:
                apply_domain_error(request, form, exc)
            else:
                messages.success(request, _("The maintenance plan was created."))
                return redirect(f"{redirect('aftercare:plans').url}?serial={plan.device.serial}")
        return render(request, "aftercare/plan_new.html", {"form": form}, status=422)
    return render(request, "aftercare/plan_new.html", {"form": form})


@plan_staff
@require_POST
def plan_active(request, pk: int):
    actor = request_actor(request)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        messages.error(request, _("The form was incomplete; reload the page."))
        return redirect("aftercare:plans")
    try:
        maintenance.set_plan_active(
            actor=actor, plan_id=pk, expected_version=version, active=request.POST.get("active") == "1"
        )
    except NotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("aftercare:plans")
