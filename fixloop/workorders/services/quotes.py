"""Quote services: price the options, then record the customer's signed approval or rejection."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.accounts.roles import Role
from fixloop.core.errors import Conflict, ValidationFailed
from fixloop.workorders.choices import FaultCause
from fixloop.workorders.models import Diagnosis, Quote, QuoteApproval, QuoteLine, QuoteOption, WorkOrder
from fixloop.workorders.services.guards import require_text
from fixloop.workorders.services.transition import begin, commit
from fixloop.workorders.states import Action

CENT = Decimal("0.01")
# Staff may record an approval given by phone without a drawn signature; the recorder is kept.
ON_BEHALF_ROLES = frozenset({Role.AGENT, Role.MANAGER})


def money(value) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationFailed(
            "invalid_amount", _("Amounts must be numbers."), {"value": str(value)}
        ) from exc
    if not amount.is_finite() or amount < 0:
        raise ValidationFailed("invalid_amount", _("Amounts must be zero or more."), {"value": str(value)})
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@transaction.atomic(durable=True)
def quote(
    *,
    actor: Actor,
    number: str,
    expected_version: int,
    findings: str,
    cause: str,
    options: list[dict],
    valid_days: int = 14,
) -> WorkOrder:
    """Write the diagnosis and a quote with one or more priced options; a new revision supersedes the old.

    Guards: findings written; every option has a label and at least one line; amounts are non-negative.
    """
    order, to_state = begin(actor, number, Action.QUOTE, expected_version)
    if not options:
        raise ValidationFailed(
            "options_required", _("A quote needs at least one option."), {"field": "options"}
        )
    diagnosis = Diagnosis.objects.create(
        order=order, engineer=actor.user, findings=require_text(findings, "findings"), cause=FaultCause(cause)
    )
    order.quotes.filter(status=Quote.Status.PENDING).update(status=Quote.Status.SUPERSEDED)
    revision = (order.quotes.aggregate(m=Max("revision"))["m"] or 0) + 1
    new_quote = Quote.objects.create(
        order=order,
        revision=revision,
        diagnosis=diagnosis,
        valid_until=timezone.localdate() + dt.timedelta(days=max(1, valid_days)),
        created_by=actor.user,
    )
    totals = [_add_option(new_quote, position, option) for position, option in enumerate(options, start=1)]
    payload = {"quote_id": new_quote.pk, "revision": revision, "totals": [str(t) for t in totals]}
    return commit(actor, order, Action.QUOTE, to_state, payload=payload)


def _add_option(quote_: Quote, position: int, option: dict) -> Decimal:
    lines = option.get("lines") or []
    if not lines:
        raise ValidationFailed(
            "lines_required", _("Each option needs at least one line."), {"option": position}
        )
    priced = []
    for line in lines:
        quantity, unit_price = money(line.get("quantity", 1)), money(line.get("unit_price", 0))
        if quantity == 0:
            raise ValidationFailed(
                "invalid_amount", _("Quantities must be more than zero."), {"option": position}
            )
        amount = (quantity * unit_price).quantize(CENT, rounding=ROUND_HALF_UP)
        kind = QuoteLine.Kind(line.get("kind", QuoteLine.Kind.PART))
        priced.append(
            (kind, require_text(line.get("description"), "description"), quantity, unit_price, amount)
        )
    total = sum((p[4] for p in priced), Decimal("0.00"))
    saved = QuoteOption.objects.create(
        quote=quote_, position=position, label=require_text(option.get("label"), "label"), total=total
    )
    QuoteLine.objects.bulk_create(
        QuoteLine(option=saved, kind=k, description=d, quantity=q, unit_price=u, amount=a)
        for k, d, q, u, a in priced
    )
    return total


def _current_quote(order: WorkOrder, revision: int) -> Quote:
    """The pending quote the customer saw. Guard: it is still the latest revision and not expired."""
    current = order.quotes.filter(status=Quote.Status.PENDING).order_by("-revision").first()
    if current is None or current.revision != revision:
        raise Conflict(
            "quote_changed",
            _("The quote was revised; review the new version before deciding."),
            {"current_revision": current.revision if current else None},
        )
    if current.valid_until < timezone.localdate():
        raise ValidationFailed("quote_expired", _("This quote has expired; ask for a new one."))
    return current


@transaction.atomic(durable=True)
def approve(
    *,
    actor: Actor,
    number: str,
    expected_version: int,
    quote_revision: int,
    option: int,
    signer_name: str,
    signature: str = "",
    ip: str | None = None,
) -> WorkOrder:
    """The customer approves one option of the current quote revision, signed; repair may start.

    Guards: the revision is the current one and valid; the option exists; a drawn signature unless
    staff record a phone approval on the customer's behalf.
    """
    order, to_state = begin(actor, number, Action.APPROVE, expected_version)
    current = _current_quote(order, quote_revision)
    chosen = current.options.filter(position=option).first()
    if chosen is None:
        raise ValidationFailed(
            "option_not_found", _("That quote option does not exist."), {"field": "option"}
        )
    if not signature.strip() and actor.role not in ON_BEHALF_ROLES:
        raise ValidationFailed(
            "signature_required", _("Please sign to approve the quote."), {"field": "signature"}
        )
    approval = QuoteApproval.objects.create(
        quote=current,
        option=chosen,
        decision=QuoteApproval.Decision.APPROVED,
        signer_name=require_text(signer_name, "signer_name"),
        signature=signature,
        ip_address=ip,
        recorded_by=actor.user,
    )
    Quote.objects.filter(pk=current.pk).update(status=Quote.Status.APPROVED)
    payload = {
        "approval_id": approval.pk,
        "revision": current.revision,
        "option": option,
        "total": str(chosen.total),
    }
    return commit(actor, order, Action.APPROVE, to_state, payload=payload)


@transaction.atomic(durable=True)
def reject(
    *,
    actor: Actor,
    number: str,
    expected_version: int,
    quote_revision: int,
    reason: str,
    ip: str | None = None,
) -> WorkOrder:
    """The customer declines the quote; the device goes back unrepaired. Guard: the current revision."""
    order, to_state = begin(actor, number, Action.REJECT, expected_version)
    current = _current_quote(order, quote_revision)
    text = require_text(reason, "reason")
    approval = QuoteApproval.objects.create(
        quote=current,
        decision=QuoteApproval.Decision.REJECTED,
        signer_name=actor.label,
        reason=text,
        ip_address=ip,
        recorded_by=actor.user,
    )
    Quote.objects.filter(pk=current.pk).update(status=Quote.Status.REJECTED)
    return commit(actor, order, Action.REJECT, to_state, payload={"approval_id": approval.pk, "reason": text})
