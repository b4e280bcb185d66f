"""Posting to a conversation from the console or the portal (htmx swaps the panel in place)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fixloop.conversations.forms import MessageForm
from fixloop.conversations.panels import conversation_context
from fixloop.conversations.services import is_staff, post_message
from fixloop.core.errors import DomainError
from fixloop.web.access import request_actor
from fixloop.web.errors import apply_domain_error
from fixloop.web.orderpage import order_or_404


@login_required
@require_POST
def post(request, number):
    actor = request_actor(request)
    order = order_or_404(actor, number)
    staff = is_staff(actor)
    form = MessageForm(request.POST, staff=staff)
    if form.is_valid():
        try:
            post_message(
                actor, number=order.number, body=form.cleaned_data["body"],
                internal=form.cleaned_data.get("internal", False),
            )  # fmt: skip
        except DomainError as exc:
            apply_domain_error(request, form, exc)
        else:
            form = None
    if request.headers.get("HX-Request"):
        context = conversation_context(request, actor, order, form)
        return render(request, "conversations/panel.html", {**context, "order": order},
                      status=200 if form is None else 422)  # fmt: skip
    if form is None:
        messages.success(request, _("Your message was sent."))
    else:
        messages.error(request, "; ".join(e for errors in form.errors.values() for e in errors))
    return redirect(("console:order" if staff else "portal:order"), number=order.number)
