"""Template helpers for the queue's bulk assign: who may use it and its engineer bar."""

from django import template

from fixloop.console.board import engineer_queryset
from fixloop.console.board_forms import BulkAssignForm
from fixloop.web.access import request_actor
from fixloop.workorders.permissions import ACTION_ROLES
from fixloop.workorders.states import Action

register = template.Library()


@register.filter
def may_assign(user) -> bool:
    return getattr(user, "role", None) in ACTION_ROLES[Action.ASSIGN]


@register.inclusion_tag("console/bulk_assign.html", takes_context=True)
def bulk_assign_bar(context):
    """The engineer select and button above the queue; empty for roles that do not assign."""
    request = context["request"]
    if not may_assign(request.user):
        return {"show": False}
    form = BulkAssignForm(
        engineers=engineer_queryset(request_actor(request)), initial={"next": request.get_full_path()}
    )
    return {"show": True, "form": form, "csrf_token": context.get("csrf_token")}
