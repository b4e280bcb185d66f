"""Surveys: invite when an order closes, answer once (by link or on the portal), escalate low scores."""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from fixloop.accounts.actor import Actor
from fixloop.accounts.models import User
from fixloop.accounts.roles import Role
from fixloop.core.errors import Conflict, NotFound, ValidationFailed
from fixloop.notifications.notify import notify
from fixloop.notifications.rendering import site_url
from fixloop.surveys.models import Survey
from fixloop.workorders.models import WorkOrder
from fixloop.workorders.selectors import order_get_for
from fixloop.workorders.states import State

LINK_VALID = dt.timedelta(days=14)
# A satisfaction of 2 or less, or a recommendation of 4 or less, opens a complaint escalation.
LOW_CSAT, LOW_NPS = 2, 4


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def survey_url(token: str) -> str:
    return site_url(reverse("surveys:answer", args=[token]))


def invite(*, order: WorkOrder, now: dt.datetime | None = None) -> tuple[Survey, str | None]:
    """Create the order's survey and ask notifications to send the link. Returns (survey, token).

    A second call for the same order returns the existing survey and no token (at-least-once delivery).
    """
    now = now or timezone.now()
    existing = Survey.objects.filter(order=order).first()
    if existing is not None:
        return existing, None
    token = secrets.token_urlsafe(32)
    language = order.customer.language or settings.LANGUAGE_CODE
    try:
        with transaction.atomic():
            survey = Survey.objects.create(
                order=order, customer_id=order.customer_id, token_hash=hash_token(token),
                language=language, expires_at=now + LINK_VALID,
            )  # fmt: skip
            notify(
                "survey.invitation",
                order_id=order.pk,
                customer_id=order.customer_id,
                context={
                    "number": order.number,
                    "url": survey_url(token),
                    "expires_at": survey.expires_at.isoformat(),
                },
                dedupe_key=f"survey.invitation:{order.pk}",
            )
    except IntegrityError:  # a concurrent delivery of the same close event won
        return Survey.objects.get(order=order), None
    return survey, token


def on_order_closed(message) -> Survey | None:
    """Outbox topic "workorder.close": invite the customer to rate the service."""
    order = WorkOrder.objects.select_related("customer").filter(pk=message.payload.get("order_id")).first()
    if order is None or order.state != State.CLOSED:
        return None
    survey, _token = invite(order=order)
    return survey


def survey_by_token(token: str, *, now: dt.datetime | None = None) -> Survey:
    """The open survey behind a link; NotFound for an unknown token, Conflict if used or expired."""
    survey = (
        Survey.objects.select_related("order", "customer").filter(token_hash=hash_token(token or "")).first()
    )
    if survey is None:
        raise NotFound("survey_not_found", _("This survey link is not valid."))
    if survey.answered_at is not None:
        raise Conflict("survey_answered", _("Thank you, this survey has already been answered."))
    if (now or timezone.now()) >= survey.expires_at:
        raise Conflict("survey_expired", _("This survey link has expired."))
    return survey


def survey_for_order(actor: Actor, number: str) -> Survey | None:
    """The survey of an order the actor may see (the portal's panel), or None."""
    order = order_get_for(actor, number)
    return Survey.objects.filter(order=order).first()


def _validate(csat, nps, comment: str) -> None:
    if not isinstance(csat, int) or not 1 <= csat <= 5:
        raise ValidationFailed("csat", _("Choose a satisfaction from 1 to 5."), {"field": "csat"})
    if not isinstance(nps, int) or not 0 <= nps <= 10:
        raise ValidationFailed("nps", _("Choose a recommendation from 0 to 10."), {"field": "nps"})
    if len(comment) > 2000:
        raise ValidationFailed("comment", _("The comment is too long."), {"field": "comment"})


@transaction.atomic
def submit_answer(
    *, survey: Survey, csat: int, nps: int, comment: str = "", now: dt.datetime | None = None
) -> Survey:
    """Record the answer once (a conditional UPDATE: a second submit is refused). Low scores escalate."""
    _validate(csat, nps, comment)
    now = now or timezone.now()
    if now >= survey.expires_at:
        raise Conflict("survey_expired", _("This survey link has expired."))
    low = csat <= LOW_CSAT or nps <= LOW_NPS
    updated = Survey.objects.filter(pk=survey.pk, answered_at__isnull=True).update(
        answered_at=now, csat=csat, nps=nps, comment=comment.strip(), escalated=low
    )
    if updated != 1:
        raise Conflict("survey_answered", _("Thank you, this survey has already been answered."))
    survey.answered_at, survey.csat, survey.nps, survey.comment, survey.escalated = (
        now,
        csat,
        nps,
        comment,
        low,
    )
    if low:
        _escalate(survey)
    return survey


def _escalate(survey: Survey) -> None:
    """A low score opens a complaint escalation owned by the managers, who are told at once."""
    from fixloop.complaints.escalation import escalate_order
    from fixloop.complaints.states import Channel, Severity

    order = survey.order
    with override(settings.LANGUAGE_CODE):
        subject = _("Low satisfaction score on {number}").format(number=order.number)
        description = _("Satisfaction {csat}/5, recommendation {nps}/10. Comment: {comment}").format(
            csat=survey.csat, nps=survey.nps, comment=survey.comment or "—"
        )
    severity = Severity.HIGH if survey.csat == 1 else Severity.MEDIUM
    complaint = escalate_order(
        order=order, channel=Channel.SURVEY, subject=subject, description=description,
        source_key=f"survey:{survey.pk}", severity=severity,
    )  # fmt: skip
    managers = list(User.objects.filter(role=Role.MANAGER, is_active=True).values_list("pk", flat=True))
    notify(
        "survey.low_score",
        order_id=order.pk,
        user_ids=managers,
        context={
            "number": order.number,
            "csat": survey.csat,
            "nps": survey.nps,
            "complaint": complaint.number,
        },
        dedupe_key=f"survey.low_score:{survey.pk}",
    )
