"""Notifications pages: the delivery log (staff), templates (managers), channel preferences (everyone)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fixloop.accounts.roles import Role
from fixloop.core.errors import DomainError
from fixloop.core.models import OutboxMessage
from fixloop.notifications import selectors, services
from fixloop.notifications.events import label
from fixloop.notifications.forms import DeliveryFilterForm, PreferenceForm, TemplateForm
from fixloop.notifications.models import MessageTemplate
from fixloop.notifications.rendering import render_text
from fixloop.privacy.masking import contact_visible
from fixloop.web.access import customer_required, request_actor, role_required, safe_next, staff_required
from fixloop.web.errors import apply_domain_error

PAGE_SIZE = 50
SAMPLE = {
    "number": "RO-20261124-0042",
    "customer_name": "王芳",
    "product": "Huaxin P60",
    "engineer": "李工",
    "appointment": "2026-11-25 09:00–11:00",
    "order_url": "https://fixloop.example/portal/orders/RO-20261124-0042/",
    "survey_url": "https://fixloop.example/portal/orders/RO-20261124-0042/#survey",
    "console_url": "https://fixloop.example/console/orders/RO-20261124-0042/",
}


@staff_required
def delivery_log(request):
    # Roles shown masked contacts must not confirm hidden digits by searching for them.
    by_recipient = contact_visible(request_actor(request))
    form = DeliveryFilterForm(request.GET or None, by_recipient=by_recipient)
    filters = {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}
    page = Paginator(selectors.delivery_list(**filters, by_recipient=by_recipient), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    dead_outbox = []
    if request.user.role == Role.MANAGER:
        dead_outbox = list(
            OutboxMessage.objects.filter(dead_at__isnull=False, delivered_at__isnull=True)[:20]
        )
    return render(
        request,
        "notifications/log.html",
        {
            "form": form,
            "page": page,
            "dead_outbox": dead_outbox,
            "query": request.GET.urlencode(),
        },
    )


@staff_required
@require_POST
def retry(request, pk: int):
    try:
        services.retry_delivery(actor=request_actor(request), delivery_id=pk)
        messages.success(request, _("The delivery is queued to be tried again."))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect(safe_next(request, reverse("notifications:log")))


@role_required(Role.MANAGER)
@require_POST
def requeue(request, pk: int):
    try:
        services.requeue_outbox(actor=request_actor(request), message_id=pk)
        messages.success(request, _("The message is back in the queue."))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("notifications:log")


@role_required(Role.MANAGER)
def template_list(request):
    rows = [{"template": t, "label": label(t.event)} for t in selectors.template_list()]
    return render(request, "notifications/templates.html", {"rows": rows})


@role_required(Role.MANAGER)
def template_edit(request, pk: int):
    template = get_object_or_404(MessageTemplate, pk=pk)
    initial = {"subject": template.subject, "body": template.body, "version": template.version}
    form = TemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_template(
                actor=request_actor(request),
                template_id=pk,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                expected_version=form.cleaned_data["version"],
            )
        except DomainError as exc:
            apply_domain_error(request, form, exc)
        else:
            messages.success(request, _("Template saved."))
            return redirect("notifications:templates")
    source = form.data if form.is_bound else initial
    preview = (render_text(source.get("subject", ""), SAMPLE), render_text(source.get("body", ""), SAMPLE))
    return render(
        request,
        "notifications/template_edit.html",
        {
            "form": form,
            "template": template,
            "label": label(template.event),
            "preview": preview,
        },
        status=200 if not form.errors else 422,
    )


def _preferences(request, base: str, template: str):
    actor = request_actor(request)
    preference = services.preference_for(actor)
    form = PreferenceForm(request.POST or None, initial={"email": preference.email, "sms": preference.sms})
    if request.method == "POST" and form.is_valid():
        services.set_preferences(actor=actor, email=form.cleaned_data["email"], sms=form.cleaned_data["sms"])
        messages.success(request, _("Your notification settings are saved."))
        return redirect(request.path)
    return render(request, template, {"form": form, "base": base})


@staff_required
def staff_preferences(request):
    return _preferences(request, "console/base.html", "notifications/preferences.html")


@customer_required
def customer_preferences(request):
    return _preferences(request, "portal/base.html", "notifications/preferences.html")
