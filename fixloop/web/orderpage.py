"""What the console's and the portal's order pages share: loading an order, posting one action form."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from fixloop.core.errors import NotFound
from fixloop.web.actions import FORMS, action_form, perform
from fixloop.workorders import selectors


def order_or_404(actor, number: str):
    """The order as this actor sees it; someone else's order is a plain 404."""
    try:
        return selectors.order_get_for(actor, number)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc


def submit_action(request, actor, order, action: str, *, allowed, url_name: str, rerender):
    """Perform one posted action: done → message and redirect; stale → reload; bad input → `rerender(form)`."""
    if action not in FORMS or action not in allowed:
        raise Http404
    form = action_form(action, order, selectors.quote_latest(order), data=request.POST)
    done = perform(request, actor, form)
    if done is not None:
        messages.success(request, _("{action}: done.").format(action=form.action_label))
        return redirect(url_name, number=done.number)
    if getattr(form, "stale", False):
        return redirect(url_name, number=order.number)
    return rerender(form)
