"""Staff console pages: thin views over the work-order selectors and services."""

import segno
from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from pydantic import ValidationError as PydanticValidationError

from fixloop.accounts.roles import Role
from fixloop.catalog import warranty
from fixloop.catalog.models import Device
from fixloop.catalog.warranty import WarrantyStatus
from fixloop.console.forms import IntakeForm, QueueFilterForm
from fixloop.core.errors import DomainError
from fixloop.customers.models import Customer
from fixloop.scheduling.selectors import my_route
from fixloop.sla import selectors as sla_selectors
from fixloop.sla.forms import SlaFilterForm
from fixloop.web.access import request_actor, role_required, staff_required
from fixloop.web.actions import FORMS
from fixloop.web.errors import apply_domain_error, apply_schema_errors
from fixloop.web.orderpage import order_or_404, submit_action
from fixloop.web.photos import add_photo, photo_context
from fixloop.web.presenting import action_forms, timeline_rows
from fixloop.workorders import presenters, selectors, services
from fixloop.workorders.schemas import OrderCreateIn
from fixloop.workorders.services.intake import STAFF_INTAKE_ROLES
from fixloop.workorders.states import OPEN_STATES, Action, State

PAGE_SIZE = 25


def saved_views(actor, current_query: str) -> list[dict]:
    """Ready-made filters: a query string each, marked when it is the one being shown."""
    views = []
    if actor.engineer_id:
        views.append((_("My jobs"), QueryDict(mutable=True, query_string=f"assignee={actor.engineer_id}")))
    views.append((_("Unassigned"), QueryDict(mutable=True, query_string="unassigned=true")))
    for label, states in (
        (_("Awaiting parts"), [State.AWAITING_PARTS]),
        (_("Waiting for the customer"), [State.QUOTED, State.AWAITING_ACCEPTANCE]),
        (_("Quality check"), [State.QC]),
    ):
        query = QueryDict(mutable=True)
        query.setlist("state", [s.value for s in states])
        views.append((label, query))
    return [
        {"label": label, "query": q.urlencode(), "current": q.urlencode() == current_query} for label, q in views
    ]


def _filter_params(query: QueryDict) -> QueryDict:
    """The queue's filters without the page cursor or blank fields; repeated keys (state=a&state=b) kept."""
    params = QueryDict(mutable=True)
    for key, values in query.lists():
        kept = [value for value in values if value]
        if key != "cursor" and kept:
            params.setlist(key, kept)
    return params


@staff_required
def queue(request):
    """The order list: WorkOrderFilter's filters, a search box, keyset pages; one query per page of rows
    and one for their SLA badges."""
    actor = request_actor(request)
    form = QueueFilterForm(request.GET or None)
    params = _filter_params(request.GET)
    page, error = None, None
    try:
        page = selectors.order_list(actor, params, limit=PAGE_SIZE, cursor=request.GET.get("cursor") or None)
    except DomainError as exc:
        error = exc.message
    next_query = None
    if page and page.next_cursor:
        query = request.GET.copy()
        query["cursor"] = page.next_cursor
        next_query = query.urlencode()
    now, current = timezone.now(), request.GET.urlencode()
    context = {
        "form": form,
        "sla_form": SlaFilterForm(request.GET or None),
        "page": page,
        "sla": sla_selectors.queue_badges(page.items if page else [], now),
        "error": error,
        "next_query": next_query,
        "views": [*saved_views(actor, current), *sla_selectors.queue_views(current)],
    }
    template = "console/queue_rows.html" if request.headers.get("HX-Request") else "console/queue.html"
    return render(request, template, context)


def _render_order(request, actor, order, bound=None, photo_form=None, status=200):
    quote = selectors.quote_latest(order)
    context = {
        "order": presenters.order_dict_for(actor, order),
        "obj": order,
        "actor": actor,
        "quote": quote,
        "events": timeline_rows(order),
        **photo_context(order, photo_form),
        "forms": action_forms(actor, order, quote, bound=bound),
    }
    return render(request, "console/order.html", context, status=status)


@staff_required
def order_page(request, number):
    actor = request_actor(request)
    return _render_order(request, actor, order_or_404(actor, number))


@staff_required
@require_POST
def order_action(request, number, action):
    """Perform one action; on bad input show the page again with the errors next to the fields."""
    actor = request_actor(request)
    order = order_or_404(actor, number)
    return submit_action(
        request, actor, order, action, allowed=FORMS, url_name="console:order",
        rerender=lambda form: _render_order(request, actor, order, bound=form),
    )  # fmt: skip


def _intake_payload(data: dict, customer: Customer | None) -> dict:
    payload = {
        key: data[key]
        for key in ("kind", "service_mode", "channel", "priority", "symptoms", "error_codes", "fault_frequency",
                    "fault_since", "external_causes", "external_cause_note", "tried_steps")
    }  # fmt: skip
    if customer is not None:
        payload["customer_id"] = customer.pk
    else:
        payload["customer"] = {"name": data["name"], "phone": data["phone"]}
    payload["contact_phone"] = data["phone"]
    if data["serial"]:
        model = data["model"]
        payload["device"] = {"serial": data["serial"], "model_id": model.pk if model else None,
                             "purchase_date": data["purchase_date"]}  # fmt: skip
    if data["address"]:
        payload["address"] = {"line": data["address"]}
    if data["service_point"]:
        payload["service_point_id"] = data["service_point"].pk
    return payload


def _to_intake(body: OrderCreateIn) -> services.OrderIntake:
    data = body.model_dump()
    customer, address, device = data.pop("customer"), data.pop("address"), data.pop("device")
    data["external_causes"] = [str(c) for c in data["external_causes"]]
    return services.OrderIntake(
        **data,
        customer=services.NewCustomer(**customer) if customer else None,
        address=services.NewAddress(**address) if address else None,
        device=services.DeviceRef(**device) if device else None,
    )


@role_required(*STAFF_INTAKE_ROLES)
def intake(request):
    """Hotline and walk-in: the customer by phone (or new), the device by serial, the fault."""
    actor = request_actor(request)
    form = IntakeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        customer = Customer.objects.filter(phone=data["phone"]).order_by("id").first()
        if customer is None and not data["name"].strip():
            form.add_error("name", _("No customer has this phone yet: enter the new customer's name."))
        else:
            try:
                body = OrderCreateIn.model_validate(_intake_payload(data, customer))
                order, _created = services.create_order(actor=actor, intake=_to_intake(body))
            except PydanticValidationError as exc:
                apply_schema_errors(form, exc, IntakeForm.aliases)
            except DomainError as exc:
                apply_domain_error(request, form, exc, IntakeForm.aliases)
            else:
                messages.success(request, _("Work order {number} was created.").format(number=order.number))
                return redirect(reverse("console:order", args=[order.number]))
    return render(request, "console/intake.html", {"form": form})


@role_required(*STAFF_INTAKE_ROLES)
def intake_lookup(request):
    """htmx fragment beside the intake form: who has this phone, what this serial is, their past orders.

    For the intake roles only, like the form it serves: nobody else has a reason to look customers up here."""
    actor = request_actor(request)
    phone = "".join(request.GET.get("phone", "").split())
    serial = request.GET.get("serial", "").strip()
    customer = Customer.objects.filter(phone=phone).order_by("id").first() if len(phone) >= 5 else None
    device = Device.objects.select_related("model").filter(serial=serial).first() if len(serial) >= 3 else None
    decision = None
    if device is not None:
        decision = warranty.for_device(device, today=timezone.localdate())
    past = []
    if device is not None or customer is not None:
        try:
            past = selectors.order_list(actor, {"q": serial if device else phone}, limit=5).items
        except DomainError:
            past = []
    context = {
        # Company-wide (customers walk into any point), and every intake role sees contacts in full.
        "customer": customer,
        "device": device,
        "warranty": decision,
        "warranty_label": WarrantyStatus(decision.status).label if decision else "",
        "warranty_explanation": warranty.explain(decision.reason, decision.until) if decision else "",
        "past": past,
        "phone": phone,
        "serial": serial,
    }
    return render(request, "console/intake_lookup.html", context)


@staff_required
def receipt(request, number):
    """The printable intake receipt (交接单): number, tracking address, device, accessories, condition."""
    actor = request_actor(request)
    order = order_or_404(actor, number)
    received = next(
        (e for e in reversed(selectors.timeline(order)) if e.action == Action.RECEIVE_DEVICE), None
    )
    track_url = request.build_absolute_uri(reverse("portal:track") + f"?number={order.number}")
    context = {
        "order": presenters.order_dict_for(actor, order),
        "obj": order,
        "received": received.payload if received else {},
        "track_url": track_url,
        "track_qr": _qr_svg(track_url),
    }
    return render(request, "console/receipt.html", context)


def _qr_svg(url: str) -> str:
    """An inline SVG QR code of `url`, drawn on the server so the printed receipt needs no script."""
    qr = segno.make(url, error="m")
    # segno escapes the title; the rest is its own markup, so the SVG is safe to inline.
    return mark_safe(qr.svg_inline(scale=3, border=2, light="#fff", title=_("Scan to track this repair")))


@role_required(Role.ENGINEER)
def my_jobs(request):
    """The engineer's open jobs for a phone: today's planned route in order with ETAs, then the rest
    (appointments in time order, then bench work)."""
    actor = request_actor(request)
    params = QueryDict(mutable=True)
    params.setlist("state", [s.value for s in State if s in OPEN_STATES])
    params["assignee"] = str(actor.engineer_id or 0)
    jobs = selectors.order_list(actor, params, limit=100).items
    today = timezone.localdate()
    route = [stop for stop in my_route(actor.engineer_id or 0, today) if stop.order.state in OPEN_STATES]
    planned = {stop.order_id for stop in route}
    jobs = [o for o in jobs if o.pk not in planned]
    jobs.sort(key=lambda o: (o.appointment_start is None, o.appointment_start or o.created_at))
    return render(request, "console/my_jobs.html", {"jobs": jobs, "route": route, "today": today})


@staff_required
@require_POST
def order_photo(request, number):
    actor = request_actor(request)
    order = order_or_404(actor, number)
    form = add_photo(request, actor, order)
    if form is None:
        return redirect("console:order", number=order.number)
    return _render_order(request, actor, order, photo_form=form)
