"""The audit log page in the console, for managers."""

from django.core.paginator import Paginator
from django.shortcuts import render

from fixloop.accounts.roles import Role
from fixloop.audit import presenting, selectors
from fixloop.audit.forms import AuditFilterForm
from fixloop.web.access import request_actor, role_required

PAGE_SIZE = 50


@role_required(Role.MANAGER)
def entry_list(request):
    """Filter by actor, kind and dates; paginated; a fixed number of queries whatever the page size."""
    form = AuditFilterForm(request.GET or None)
    rows = selectors.audit_list(
        request_actor(request), form.filters() if form.is_bound else selectors.AuditFilters()
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    entries = list(page)
    shown_targets = presenting.targets(entries)
    for entry in entries:  # what the template shows, in the viewer's words
        entry.target_shown = shown_targets[entry.pk]
        entry.detail_lines = presenting.detail_lines(entry.details)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/list.html",
        {"form": form, "page": page, "entries": entries, "query": query.urlencode()},
    )
