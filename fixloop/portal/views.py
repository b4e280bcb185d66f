"""Customer portal pages: thin views over the work-order selectors and services."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited
from pydantic import ValidationError as PydanticValidationError

from fixloop.accounts.services import register_customer
from fixloop.core.errors import DomainError
from fixloop.kb.services import intake as kb_intake
from fixloop.portal.forms import ReportForm, SignUpForm, TrackForm
from fixloop.web.access import customer_required, home_for, request_actor
from fixloop.web.errors import apply_domain_error, apply_schema_errors
from fixloop.web.orderpage import order_or_404, submit_action
from fixloop.web.photos import add_photo, photo_context
from fixloop.web.presenting import action_forms
from fixloop.workorders import presenters, selectors, services
from fixloop.workorders.schemas import OrderCreateIn
from fixloop.workorders.services.attachments import add_attachment
from fixloop.workorders.services.quotes import quote_for_customer
from fixloop.workorders.states import Action
from fixloop.workorders.uploads import checked_image_type

# What a customer may do from the portal (the service checks the rest).
CUSTOMER_ACTIONS = (Action.APPROVE, Action.REJECT, Action.ACCEPT, Action.DISPUTE, Action.CANCEL)


def signup(request):
    """A customer signs up, is signed in at once and lands on their (empty) list of repairs."""
    if request.user.is_authenticated:
        return redirect(home_for(request.user))
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and is_ratelimited(
        request, group="signup", key="ip", rate=settings.FIXLOOP["SIGNUP_RATE"], increment=True
    ):
        form.add_error(None, _("Too many sign-ups from your network; please try again later."))
        return render(request, "portal/signup.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        language = get_language() if get_language() in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        try:
            user = register_customer(
                username=data["username"], password=data["password"], name=data["name"],
                phone=data["phone"], email=data["email"], language=language,
            )  # fmt: skip
        except DomainError as exc:
            apply_domain_error(request, form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome, {name}. Your account is ready.").format(name=data["name"]))
            return redirect("portal:orders")
    return render(request, "portal/signup.html", {"form": form})


@customer_required
def my_orders(request):
    actor = request_actor(request)
    page = selectors.order_list(actor, {}, limit=50)
    return render(request, "portal/orders.html", {"orders": page.items})


def _report_intake(data: dict) -> services.OrderIntake:
    symptoms = data["symptoms"]
    # The common problem picked from the list leads the free text (unless the customer already wrote it).
    if data.get("symptom_choice") and data["symptom_choice"] not in symptoms:
        symptoms = f"{data['symptom_choice']}：{symptoms}"
    payload = {
        "service_mode": data["service_mode"],
        "channel": "web",
        "symptoms": symptoms,
        "error_codes": data["error_codes"],
        "fault_frequency": data["fault_frequency"],
        "fault_since": data["fault_since"],
        "external_causes": data["external_causes"],
        "tried_steps": data["tried_steps"],
        "device": {
            "serial": data["serial"].strip(),
            "model_id": data["model"].pk if data["model"] else None,
            "purchase_date": data["purchase_date"],
        },
    }
    if data["address"]:
        payload["address"] = {"line": data["address"]}
    body = OrderCreateIn.model_validate(payload)
    return services.OrderIntake(
        symptoms=body.symptoms,
        service_mode=body.service_mode,
        channel=body.channel,
        error_codes=body.error_codes,
        fault_frequency=body.fault_frequency,
        fault_since=body.fault_since,
        external_causes=[str(c) for c in body.external_causes],
        tried_steps=body.tried_steps,
        device=services.DeviceRef(**body.device.model_dump()),
        address=services.NewAddress(**body.address.model_dump()) if body.address else None,
    )


def _report_initial(request, actor) -> dict:
    """Prefill from a finished fault-tree walk (?tree_run=): its answers, category and suggested mode."""
    found = kb_intake.run_for(actor, request.GET.get("tree_run"))
    if found is None:
        return {}
    run, position = found
    initial = {"tree_run": run.pk, "category": run.tree.category_id, "symptoms": position.summary()}
    if run.outcome.service_mode:
        initial["service_mode"] = run.outcome.service_mode
    return initial


def _preferred_time(data: dict) -> str:
    window = dict(ReportForm.base_fields["preferred_window"].choices).get(data.get("preferred_window") or "")
    parts = [
        data["preferred_date"].isoformat() if data.get("preferred_date") else "",
        str(window) if window else "",
    ]
    return " ".join(p for p in parts if p)


@customer_required
def report(request):
    """Report a fault: category → model → symptoms, with suggestions as the customer types, photos and the
    preferred service mode and time. "This solved it" on a suggestion ends the request without an order."""
    actor = request_actor(request)
    form = ReportForm(request.POST or None, request.FILES or None, initial=_report_initial(request, actor))
    if request.method == "POST" and form.is_valid():
        try:
            photos = form.cleaned_data["photos"]
            # Checked before the order exists, so a bad photo leaves nothing half-written.
            for photo in photos:
                checked_image_type(photo)
            order, _created = services.create_order(actor=actor, intake=_report_intake(form.cleaned_data))
        except PydanticValidationError as exc:
            apply_schema_errors(form, exc, ReportForm.aliases)
        except DomainError as exc:
            apply_domain_error(request, form, exc, ReportForm.aliases)
        else:
            for photo in photos:
                photo._original_name = photo.name
                add_attachment(actor=actor, number=order.number, upload=photo)
            kb_intake.record_intake_context(actor=actor, order=order, tree_run_id=form.cleaned_data["tree_run"],
                                            preferred_time=_preferred_time(form.cleaned_data))  # fmt: skip
            messages.success(
                request, _("Thank you. Your request {number} was received.").format(number=order.number)
            )
            return redirect("portal:order", number=order.number)
    return render(request, "portal/report.html", {"form": form})


def _render_order(request, actor, order, bound=None, photo_form=None):
    # A quote held for a manager's approval is not shown to the customer yet.
    quote = quote_for_customer(order, selectors.quote_latest(order))
    context = {
        "order": presenters.order_dict(order),
        "obj": order,
        "actor": actor,
        "quote": quote,
        "tracking": presenters.tracking_dict(order, selectors.timeline(order)),
        **photo_context(order, photo_form),
        "forms": action_forms(actor, order, quote, only=_customer_actions(quote), bound=bound),
    }
    return render(request, "portal/order.html", context)


def _customer_actions(quote) -> tuple:
    """No decision to take while the quote is held for a manager (or not written yet)."""
    if quote is None:
        return tuple(a for a in CUSTOMER_ACTIONS if a not in (Action.APPROVE, Action.REJECT))
    return CUSTOMER_ACTIONS


@customer_required
def order_page(request, number):
    actor = request_actor(request)
    return _render_order(request, actor, order_or_404(actor, number))


@customer_required
@require_POST
def order_action(request, number, action):
    """Perform one action; on bad input show the page again with the errors next to the fields."""
    actor = request_actor(request)
    order = order_or_404(actor, number)
    return submit_action(
        request, actor, order, action, allowed=CUSTOMER_ACTIONS, url_name="portal:order",
        rerender=lambda form: _render_order(request, actor, order, bound=form),
    )  # fmt: skip


TRACKED = "portal_tracked"  # session key: {order number: [last four digits, expiry timestamp]}
TRACKED_FOR = 3600  # seconds a successful lookup keeps showing its result in this browser
TRACKED_MAX = 10


def track(request):
    """Public tracking: order number + last four digits of the phone; state and steps, no personal data.

    The digits are POSTed (CSRF-protected), never put in a URL, so they stay out of access logs and browser
    history. A match is remembered in the session and shown at /portal/track/?number=…, so the result
    survives a reload and the language switch; the number alone proves nothing.
    """
    if request.method == "POST":
        form = TrackForm(request.POST)
        if form.is_valid():
            number, last4 = form.cleaned_data["number"], form.cleaned_data["phone_last4"]
            if is_ratelimited(
                request, group="track", key="ip", rate=settings.FIXLOOP["TRACKING_RATE"], increment=True
            ):
                form.add_error(None, _("Too many tracking requests; please wait a minute."))
            elif (order := selectors.order_get_tracked(number, last4)) is None:
                form.add_error(None, _("No order matches this number and phone."))
            else:
                _remember_tracked(request, order.number, last4)
                return redirect(f"{reverse('portal:track')}?{urlencode({'number': order.number})}")
        return render(request, "portal/track.html", {"form": form, "tracking": None})
    # The receipt's QR code brings only the number: prefill it; show the result if this browser proved it.
    number = request.GET.get("number", "").strip().upper()
    order = _tracked_order(request, number)
    tracking = presenters.tracking_dict(order, selectors.timeline(order)) if order else None
    form = TrackForm(initial={"number": number})
    return render(request, "portal/track.html", {"form": form, "tracking": tracking})


def _remember_tracked(request, number: str, last4: str) -> None:
    now = time.time()
    kept = {n: v for n, v in request.session.get(TRACKED, {}).items() if v[1] > now and n != number}
    kept[number] = [last4, now + TRACKED_FOR]
    request.session[TRACKED] = dict(sorted(kept.items(), key=lambda item: item[1][1])[-TRACKED_MAX:])


def _tracked_order(request, number: str):
    """The order behind `number` if this session matched it recently (checked again: the phone may change)."""
    last4, expires = request.session.get(TRACKED, {}).get(number, ("", 0))
    if not number or expires < time.time():
        return None
    return selectors.order_get_tracked(number, last4)


@customer_required
@require_POST
def order_photo(request, number):
    actor = request_actor(request)
    order = order_or_404(actor, number)
    form = add_photo(request, actor, order)
    if form is None:
        return redirect("portal:order", number=order.number)
    return _render_order(request, actor, order, photo_form=form)
