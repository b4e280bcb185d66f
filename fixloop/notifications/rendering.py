"""Rendering a template for an event in a language; the context an order gives its messages."""

from __future__ import annotations

from django.conf import settings
from django.template import Context, Engine, TemplateSyntaxError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from fixloop.notifications.defaults import DEFAULT_TEMPLATES
from fixloop.notifications.events import label
from fixloop.notifications.models import MessageTemplate

# A bare engine: no loaders, the default filters and tags; the context holds plain values only.
ENGINE = Engine(debug=False)


def compile_template(text: str):
    """Raises TemplateSyntaxError with a readable message for a malformed template."""
    return ENGINE.from_string(text)


def render_text(text: str, context: dict) -> str:
    try:
        return compile_template(text).render(Context(context, autoescape=False)).strip()
    except TemplateSyntaxError:
        return text  # a broken stored template still says something rather than nothing


def template_source(event: str, language: str) -> tuple[str, str]:
    """(subject, body) for `event` in `language`, falling back to the default language, then the seeds."""
    rows = {t.language: t for t in MessageTemplate.objects.filter(event=event)}
    for code in (language, settings.LANGUAGE_CODE):
        if code in rows:
            return rows[code].subject, rows[code].body
    seeded = DEFAULT_TEMPLATES.get(event, {})
    for code in (language, settings.LANGUAGE_CODE):
        if code in seeded:
            return seeded[code]
    return label(event), "{{ message }}"


def render(event: str, language: str, context: dict) -> tuple[str, str]:
    subject, body = template_source(event, language)
    with override(language):
        return render_text(subject, context), render_text(body, context)


def site_url(path: str) -> str:
    return settings.FIXLOOP_NOTIFY["SITE_URL"].rstrip("/") + path


def order_context(order, language: str) -> dict:
    """What every order message may mention, in the reader's language (labels, dates)."""
    if order is None:
        return {}
    with override(language):
        appointment = ""
        if order.appointment_start:
            start = timezone.localtime(order.appointment_start)
            end = timezone.localtime(order.appointment_end) if order.appointment_end else None
            appointment = start.strftime("%Y-%m-%d %H:%M") + (end.strftime("–%H:%M") if end else "")
        order_url = site_url(reverse("portal:order", args=[order.number]))
        return {
            "number": order.number,
            "customer_name": order.customer.name,
            "product": str(order.product_model) if order.product_model_id else "",
            "engineer": str(order.assignee) if order.assignee_id else "",
            "appointment": appointment,
            "state": str(order.get_state_display()),
            "order_url": order_url,
            "survey_url": order_url + "#survey",
            "console_url": site_url(reverse("console:order", args=[order.number])),
        }
