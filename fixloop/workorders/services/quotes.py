"""Quote services: price the options, a manager's internal approval, the customer's signed decision."""

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.accounts.roles import Role
from fixloop.core.errors import Conflict, Forbidden, ValidationFailed
from fixloop.workorders.models import Quote, QuoteApproval, QuoteLine, QuoteOption, WorkOrder
from fixloop.workorders.selectors import order_get_for
from fixloop.workorders.services.budgets import over_budget
from fixloop.workorders.services.diagnosis import record_consent, write_diagnosis
from fixloop.workorders.services.guards import require_text
from fixloop.workorders.services.pricing import (
    Coverage,
    PricedOption,
    coverage,
    internal_reasons,
    money,
    price_option,
    setting,
)
from fixloop.workorders.services.transition import begin, commit, record_event
from fixloop.workorders.states import Action

# Staff may record an approval given by phone without a drawn signature; the recorder is kept.
ON_BEHALF_ROLES = frozenset({Role.AGENT, Role.MANAGER})
OPEN_QUOTE = (Quote.Status.INTERNAL, Quote.Status.PENDING)
INTERNAL_APPROVAL_EVENT = "approve_quote_internally"
DECLINE_OPTION_EVENT = "decline_quote_option"

__all__ = ["approve", "approve_internally", "decline_option", "money", "quote", "reject"]


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
    tax_rate=None,
    **diagnosis,
) -> WorkOrder:
    """Write the diagnosis and a quote with priced options; a new revision supersedes the open one.

    Guards: findings written; every option has a label and lines; catalogue parts and skills exist;
    amounts are non-negative. Warranty decides who pays each line; a total above the threshold, a
    free-of-charge line or a cost that would take the service point over its month's budget holds the
    quote for a manager before the customer sees it.
    """
    order, to_state = begin(actor, number, Action.QUOTE, expected_version)
    if not options:
        raise ValidationFailed(
            "options_required", _("A quote needs at least one option."), {"field": "options"}
        )
    found = write_diagnosis(actor, order, findings=findings, cause=cause, **diagnosis)
    cover = coverage(order, found.cause)
    rate = setting("QUOTE_TAX_RATE") if tax_rate is None else Decimal(str(tax_rate))
    priced = [price_option(i, option, cover, rate) for i, option in enumerate(options, start=1)]
    reasons = internal_reasons(priced) + (["over_budget"] if over_budget(order, priced) else [])
    order.quotes.filter(status__in=OPEN_QUOTE).update(status=Quote.Status.SUPERSEDED)
    new_quote = Quote.objects.create(
        order=order,
        revision=(order.quotes.aggregate(m=Max("revision"))["m"] or 0) + 1,
        diagnosis=found,
        status=Quote.Status.INTERNAL if reasons else Quote.Status.PENDING,
        tax_rate=rate,
        valid_until=timezone.localdate() + dt.timedelta(days=max(1, valid_days)),
        warranty_note=cover.note[:300],
        internal_reasons=reasons,
        created_by=actor.user,
    )
    for position, option in enumerate(priced, start=1):
        _save_option(new_quote, position, option)
    payload = {
        "quote_id": new_quote.pk,
        "revision": new_quote.revision,
        "totals": [str(o.total) for o in priced],
        "findings": found.findings,
        "warranty_covered": cover.covered,
        "internal_approval": reasons,
    }
    return commit(actor, order, Action.QUOTE, to_state, payload=payload)


def _save_option(quote_: Quote, position: int, option: PricedOption) -> None:
    saved = QuoteOption.objects.create(
        quote=quote_, position=position, label=option.label[:120], subtotal=option.subtotal,
        tax=option.tax, total=option.total, covered=option.covered,
    )  # fmt: skip
    QuoteLine.objects.bulk_create(
        QuoteLine(
            option=saved,
            kind=line.kind,
            description=line.description,
            part=line.part,
            skill=line.skill,
            quantity=line.quantity,
            unit_price=line.unit_price,
            amount=line.amount,
            unit_cost=line.unit_cost,
            payer=line.payer,
            customer_amount=line.customer_amount,
        )  # fmt: skip
        for line in option.lines
    )


@transaction.atomic(durable=True)
def approve_internally(*, actor: Actor, number: str, quote_revision: int) -> Quote:
    """A manager releases a held quote to the customer. Guards: a manager; the revision is held now."""
    if actor.role != Role.MANAGER:
        raise Forbidden("manager_only", _("Only a manager may approve a quote internally."))
    order = order_get_for(actor, number)
    held = order.quotes.filter(revision=quote_revision).first()
    released = Quote.objects.filter(
        order=order, revision=quote_revision, status=Quote.Status.INTERNAL
    ).update(
        status=Quote.Status.PENDING, internal_approved_by=actor.user, internal_approved_at=timezone.now()
    )
    if held is None or released != 1:
        raise Conflict(
            "quote_not_held",
            _("This quote revision is not waiting for a manager's approval."),
            {"revision": quote_revision},
        )
    record_event(
        actor, order, INTERNAL_APPROVAL_EVENT, order.state, {"revision": quote_revision}, versioned=False
    )
    held.refresh_from_db()
    return held


def _current_quote(order: WorkOrder, revision: int) -> Quote:
    """The quote the customer saw. Guards: still the latest revision, released, not expired."""
    current = (
        order.quotes.filter(status__in=OPEN_QUOTE).select_related("diagnosis").order_by("-revision").first()
    )
    if current is None or current.revision != revision:
        raise Conflict(
            "quote_changed",
            _("The quote was revised; review the new version before deciding."),
            {"current_revision": current.revision if current else None},
        )
    if current.status == Quote.Status.INTERNAL:
        raise Conflict(
            "quote_awaiting_internal_approval",
            _("A manager must approve this quote before the customer can decide."),
        )
    if current.valid_until < timezone.localdate():
        raise ValidationFailed("quote_expired", _("This quote has expired; ask for a new one."))
    return current


def _store_decision(**fields) -> QuoteApproval:
    """Insert the one decision a revision may have; a concurrent second one is a conflict."""
    try:
        with transaction.atomic():
            return QuoteApproval.objects.create(**fields)
    except IntegrityError as exc:
        raise Conflict("quote_already_decided", _("This quote was already decided.")) from exc


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
    data_consent: bool | None = None,
    backup_made: bool = False,
    ip: str | None = None,
) -> WorkOrder:
    """The customer approves one option of the current quote revision, signed; repair may start.

    Guards: the revision is the current, released, valid one; the option exists; a drawn signature
    unless staff record a phone approval; consent when the work touches the customer's data.
    Effects: the approval (time, IP, revision), the consent, the event parts stock reserves on.
    """
    order, to_state = begin(actor, number, Action.APPROVE, expected_version)
    current = _current_quote(order, quote_revision)
    chosen = current.options.filter(position=option).first()
    if chosen is None:
        raise ValidationFailed(
            "option_not_found", _("That quote option does not exist."), {"field": "option"}
        )
    if chosen.declined_at is not None:
        raise ValidationFailed(
            "option_declined", _("You declined this option; choose another one."), {"field": "option"}
        )
    if not signature.strip() and actor.role not in ON_BEHALF_ROLES:
        raise ValidationFailed(
            "signature_required", _("Please sign to approve the quote."), {"field": "signature"}
        )
    signer = require_text(signer_name, "signer_name")
    record_consent(actor, order, current.diagnosis, data_consent=data_consent, backup_made=backup_made, ip=ip)
    approval = _store_decision(
        quote=current, option=chosen, decision=QuoteApproval.Decision.APPROVED, signer_name=signer,
        signature=signature, ip_address=ip, recorded_by=actor.user,
    )  # fmt: skip
    Quote.objects.filter(pk=current.pk).update(status=Quote.Status.APPROVED)
    payload = {
        "approval_id": approval.pk,
        "quote_id": current.pk,
        "revision": current.revision,
        "option": option,
        "option_id": chosen.pk,
        "total": str(chosen.total),
    }
    return commit(actor, order, Action.APPROVE, to_state, payload=payload)


@transaction.atomic(durable=True)
def decline_option(
    *,
    actor: Actor,
    number: str,
    expected_version: int,
    quote_revision: int,
    option: int,
    reason: str = "",
    ip: str | None = None,
) -> QuoteOption:
    """The customer turns down one option and keeps deciding on the others; the order stays quoted.

    Guards: whoever may reject the quote; the current, released revision; the option exists and is
    still open; another option stays open (turning every option down is a rejection: the return path).
    Effects: the option's decline (time, IP, optional reason) and an unversioned timeline event.
    """
    order, _to_state = begin(actor, number, Action.REJECT, expected_version)
    current = _current_quote(order, quote_revision)
    options = list(current.options.all())
    chosen = next((o for o in options if o.position == option), None)
    if chosen is None:
        raise ValidationFailed(
            "option_not_found", _("That quote option does not exist."), {"field": "option"}
        )
    if not any(o.declined_at is None and o.pk != chosen.pk for o in options):
        raise ValidationFailed(
            "last_option",
            _("This is the last open option: reject the quote to have the device returned unrepaired."),
            {"field": "option"},
        )
    text = (reason or "").strip()[:300]
    declined = QuoteOption.objects.filter(pk=chosen.pk, declined_at__isnull=True).update(
        declined_at=timezone.now(), decline_reason=text, declined_ip=ip, declined_by=actor.user
    )
    if declined != 1:
        raise Conflict("option_already_declined", _("This option was already declined."))
    payload = {"quote_id": current.pk, "revision": current.revision, "option": option, "reason": text}
    record_event(actor, order, DECLINE_OPTION_EVENT, order.state, payload, versioned=False)
    chosen.refresh_from_db()
    return chosen


def reject_fee(order: WorkOrder, cover: Coverage) -> Decimal:
    """The policy's inspection fee for a rejected quote: nothing when the warranty covers the repair."""
    return Decimal("0.00") if cover.covered else money(setting("REJECT_INSPECTION_FEE"))


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
    """The customer declines the quote; the device goes back unrepaired, with the policy's inspection fee.

    Guard: the current, released revision.
    """
    order, to_state = begin(actor, number, Action.REJECT, expected_version)
    current = _current_quote(order, quote_revision)
    text = require_text(reason, "reason")
    fee = reject_fee(order, coverage(order, current.diagnosis.cause))
    approval = _store_decision(
        quote=current, decision=QuoteApproval.Decision.REJECTED, signer_name=actor.label, reason=text,
        fee=fee, ip_address=ip, recorded_by=actor.user,
    )  # fmt: skip
    Quote.objects.filter(pk=current.pk).update(status=Quote.Status.REJECTED)
    payload = {"approval_id": approval.pk, "reason": text, "fee": str(fee)}
    return commit(actor, order, Action.REJECT, to_state, payload=payload)


def quote_for_customer(order: WorkOrder, latest: Quote | None) -> Quote | None:
    """Customers never see a quote still held for a manager."""
    if latest is None or latest.status == Quote.Status.INTERNAL:
        return None
    return latest
