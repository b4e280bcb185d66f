"""The dispatcher board and the queue's bulk assign: both hand orders to the `assign` service via web.actions."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fixloop.accounts.roles import Role
from fixloop.console.board import board_columns, board_orders, engineer_list, engineer_queryset
from fixloop.console.board_forms import BulkAssignForm
from fixloop.core.errors import NotFound
from fixloop.web.access import request_actor, role_required, safe_next
from fixloop.web.actions import action_form, perform
from fixloop.web.orderpage import order_or_404
from fixloop.workorders import selectors
from fixloop.workorders.states import Action

dispatcher_required = role_required(Role.DISPATCHER, Role.MANAGER)


@dispatcher_required
def board(request):
    """Unassigned and at-risk work by service point, engineers with their load; a fixed number of queries."""
    actor = request_actor(request)
    engineers = engineer_list(actor)
    context = {"columns": board_columns(actor, board_orders(actor), engineers), "engineers": engineers}
    return render(request, "console/board.html", context)


def _errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def _assign(request, actor, order, data: dict):
    """One order through the order page's own form and service call; (order, None) or (None, refusal)."""
    form = action_form(Action.ASSIGN, order, data=data)
    done = perform(request, actor, form)
    return (done, None) if done is not None else (None, _errors(form))


@dispatcher_required
@require_POST
def board_assign(request, number):
    """Assign one card; the result shows as a message on the board."""
    actor = request_actor(request)
    order = order_or_404(actor, number)
    done, refusal = _assign(request, actor, order, request.POST)
    if done is not None:
        messages.success(
            request, _("{number} assigned to {engineer}.").format(number=done.number, engineer=done.assignee)
        )
    else:
        messages.error(request, _("{number}: {refusal}").format(number=number, refusal=refusal))
    return redirect("console:board")


def _back(request, target: str) -> str:
    return safe_next(request, "/console/", target, within="/console/")


@dispatcher_required
@require_POST
def bulk_assign(request):
    """Assign each ticked order on its own (one transaction each); report every success and refusal."""
    actor = request_actor(request)
    form = BulkAssignForm(request.POST, engineers=engineer_queryset(actor))
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect(_back(request, request.POST.get("next", "")))
    engineer = form.cleaned_data["engineer"]
    for number, version in form.cleaned_data["orders"]:
        try:
            order = selectors.order_get_for(actor, number)
        except NotFound as exc:
            done, refusal = None, str(exc.message)
        else:
            data = {"assign-version": version, "assign-engineer_id": engineer.pk}
            done, refusal = _assign(request, actor, order, data)
        if done is not None:
            messages.success(
                request, _("{number} assigned to {engineer}.").format(number=number, engineer=engineer)
            )
        else:
            messages.error(request, _("{number}: {refusal}").format(number=number, refusal=refusal))
    return redirect(_back(request, form.cleaned_data["next"]))
