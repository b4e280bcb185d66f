"""Walking a fault tree, shared by the portal (customers) and the console (agents on the phone)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fixloop.core import ids
from fixloop.core.errors import DomainError
from fixloop.kb.models import TreeRun
from fixloop.kb.services import trees as tree_services
from fixloop.web.access import request_actor
from fixloop.workorders.services.intake import STAFF_INTAKE_ROLES


def parse_path(request, source=None) -> list[int]:
    raw = (source or request.GET).get("path", "")
    try:
        path = [int(p) for p in raw.split(",") if p.strip()]
    except ValueError:
        return [-1]  # refused by walk() like any other answer that does not fit
    # An id no database column can hold is no answer either.
    return path if all(ids.storable(p) for p in path) else [-1]


def _base(channel: str) -> str:
    return "console/base.html" if channel == TreeRun.Channel.AGENT else "portal/base.html"


def render_walk(request, pk: int, path: list[int], *, channel: str):
    try:
        position = tree_services.walk(tree_id=pk, path=path, staff=channel == TreeRun.Channel.AGENT)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404 from exc
        return render(request, "kb/tree_walk.html", {"error": exc.message, "base": _base(channel), "tree_id": pk,
                                                     "channel": channel}, status=400)  # fmt: skip
    answers = [
        {
            "answer": a,
            "path": ",".join(str(p) for p in [*position.path, a.pk]),
            "final": a.next.kind != "question",
        }
        for a in position.node.answers.select_related("next")
    ]
    context = {
        "position": position,
        "answers": answers,
        "base": _base(channel),
        "channel": channel,
        "tree_id": pk,
    }
    return render(request, "kb/tree_walk.html", context)


@require_POST
def finish(request, pk: int, channel: str):
    if not request.user.is_authenticated:
        raise Http404
    try:
        run = tree_services.finish(actor=request_actor(request), tree_id=pk, path=parse_path(request, request.POST),
                                   channel=channel)  # fmt: skip
    except DomainError as exc:
        if exc.status == 404:
            raise Http404 from exc
        return render_walk(request, pk, [], channel=channel)
    return redirect("kb:run" if channel == TreeRun.Channel.AGENT else "kb:help_run", pk=run.pk)


def run_page(request, pk: int, channel: str):
    run = get_object_or_404(TreeRun.objects.select_related("tree", "outcome__article"), pk=pk, user=request.user,
                            channel=channel)  # fmt: skip
    position = tree_services.walk(tree_id=run.tree_id, path=run.path, staff=True)
    context = {"run": run, "position": position, "base": _base(channel), "channel": channel,
               "may_open_order": getattr(request.user, "role", None) in STAFF_INTAKE_ROLES}  # fmt: skip
    return render(request, "kb/tree_run.html", context)
