"""Inbound mail → work orders and conversation messages. One path for IMAP fetch and the webhook.

Every mail is stored raw first (unique on its Message-ID, so a second delivery is a no-op), then
processed: a subject carrying an order number (or a reply to a mail that opened an order) lands on
that order's conversation; anything else opens an order for the customer with that address. A mail
that cannot be read or acted on is kept as failed with the reason, for the console list and a retry.
"""

import email
import hashlib
import logging
import re
from email import policy

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fixloop.accounts.actor import Actor
from fixloop.accounts.roles import Role
from fixloop.conversations.models import OrderMessage
from fixloop.conversations.services import MAX_LENGTH, post_message
from fixloop.core.errors import DomainError, Forbidden, NotFound, ValidationFailed
from fixloop.customers.models import Customer
from fixloop.mailin.models import InboundAttachment, InboundMail
from fixloop.mailin.parsing import MalformedMail, ParsedMail, parse, peek_subject
from fixloop.workorders.choices import NUMBER_PREFIX, Channel, Kind, ServiceMode
from fixloop.workorders.models import WorkOrder
from fixloop.workorders.services import NewCustomer, OrderIntake, create_order
from fixloop.workorders.services.attachments import add_attachment

log = logging.getLogger(__name__)

# "RO-20261124-0042", as numbering.allocate_number writes it, for every kind's prefix.
_PREFIXES = "|".join(sorted(set(NUMBER_PREFIX.values())))
NUMBER_RE = re.compile(rf"\b(?:{_PREFIXES})-\d{{8}}-\d{{4,}}\b")
QUOTE_HEADER_RE = re.compile(r"^(在.*写道[:：]|On .* wrote:|-+\s*(Original Message|原始邮件)\s*-+)\s*$", re.I)
MAIL_STAFF_ROLES = frozenset({Role.AGENT, Role.DISPATCHER, Role.MANAGER})


class MailRefused(DomainError):
    status = 422


# The parser knows no Django; its refusals get their translated wording here.
MALFORMED_REASONS = {
    "empty": gettext_lazy("The message is empty."),
    "no_headers": gettext_lazy("The message has no headers."),
    "no_sender": gettext_lazy("The sender address is missing or invalid."),
    "no_content": gettext_lazy("The message has no subject, text or attachment."),
}


def max_bytes() -> int:
    return settings.FIXLOOP_MAIL["MAX_BYTES"]


def receive(*, raw: bytes, source: str) -> tuple[InboundMail, bool]:
    """Store and process one raw message. Returns (mail, created); a known Message-ID is not stored again."""
    if len(raw) > max_bytes():
        raise ValidationFailed(
            "mail_too_large",
            _("The message is larger than {mb} MB.").format(mb=max_bytes() // (1024 * 1024)),
            {"size": len(raw)},
        )
    key = message_key(raw)
    try:
        with transaction.atomic():
            mail = InboundMail.objects.create(message_key=key, source=source, raw=raw)
    except IntegrityError:
        return InboundMail.objects.get(message_key=key), False
    return process(mail), True


def message_key(raw: bytes) -> str:
    """The Message-ID, or a digest of the bytes for mail without one (a resend is then still one mail)."""
    try:
        value = email.message_from_bytes(raw, policy=policy.compat32).get("Message-ID", "")
    except Exception:  # any parse failure only means "nothing usable here"
        value = ""
    found = re.findall(r"<[^<>\s]+>", str(value))
    return found[0][:300] if found else "sha256:" + hashlib.sha256(raw).hexdigest()


def retry(*, actor: Actor, mail_id: int) -> InboundMail:
    """Process a failed mail again (after fixing the customer's address, say). Staff only."""
    mail = mail_get_for(actor, mail_id)
    if mail.status == InboundMail.Status.PROCESSED:
        raise MailRefused("mail_already_processed", _("This mail was already processed."))
    return process(mail)


def require_mail_staff(actor: Actor) -> None:
    if actor.role not in MAIL_STAFF_ROLES:
        raise Forbidden("mail_forbidden", _("Your role may not handle inbound mail."))


def mail_get_for(actor: Actor, mail_id: int) -> InboundMail:
    require_mail_staff(actor)
    mail = InboundMail.objects.filter(pk=mail_id).first()
    if mail is None:
        raise NotFound("mail_not_found", _("The mail was not found."))
    return mail


def process(mail: InboundMail) -> InboundMail:
    """Turn a stored mail into an order or a reply. Safe to run again: every step is keyed on the mail."""
    claimed = InboundMail.objects.filter(
        pk=mail.pk,
        attempts=mail.attempts,
        status__in=[InboundMail.Status.RECEIVED, InboundMail.Status.FAILED],
    ).update(attempts=F("attempts") + 1)
    if not claimed:  # another process is at it, or it is done
        return InboundMail.objects.get(pk=mail.pk)
    mail.attempts += 1
    try:
        parsed = parse(bytes(mail.raw))
    except MalformedMail as exc:
        mail.subject = peek_subject(bytes(mail.raw))
        mail.save(update_fields=["subject"])
        return _fail(mail, exc.code, str(MALFORMED_REASONS.get(exc.code, exc.reason)))
    _record_parsed(mail, parsed)
    try:
        order = reply_target(parsed)
        if order is not None:
            _land_reply(mail, parsed, order)
        else:
            _open_order(mail, parsed)
    except DomainError as exc:
        return _fail(mail, exc.code, str(exc.message))
    except Exception as exc:
        # Keep the fetch loop going and the mail listed for a retry; the traceback goes to the log.
        log.exception("inbound mail %s failed", mail.pk)
        return _fail(mail, "internal_error", f"{type(exc).__name__}: {exc}")
    return mail


def _record_parsed(mail: InboundMail, parsed: ParsedMail) -> None:
    """Keep what was read and the attachment files, once (a retry reuses them)."""
    with transaction.atomic():
        mail.subject, mail.from_address, mail.from_name = (
            parsed.subject,
            parsed.from_address,
            parsed.from_name,
        )
        mail.text, mail.defects = parsed.text, parsed.defects
        mail.save(update_fields=["subject", "from_address", "from_name", "text", "defects"])
        if mail.attachments.exists():
            return
        for item in parsed.attachments:
            InboundAttachment.objects.create(
                mail=mail,
                file=ContentFile(item.content, name=_safe_name(item.filename)),
                filename=item.filename,
                content_type=item.content_type[:100],
                size=len(item.content),
            )


def _safe_name(filename: str) -> str:
    # The stored name is ours; the sender's name is kept only as a label.
    suffix = re.sub(r"[^A-Za-z0-9]", "", filename.rpartition(".")[2])[:8] if "." in filename else "bin"
    return f"{hashlib.sha256(filename.encode()).hexdigest()[:16]}.{suffix or 'bin'}"


def reply_target(parsed: ParsedMail) -> WorkOrder | None:
    """The order a reply belongs to: a number in the subject, else the order its parent mail opened."""
    for number in NUMBER_RE.findall(parsed.subject):
        order = WorkOrder.objects.select_related("customer").filter(number=number).first()
        if order is not None:
            return _checked_sender(order, parsed)
    if parsed.in_reply_to:
        parent = (
            InboundMail.objects.select_related("order__customer")
            .filter(message_key__in=parsed.in_reply_to, order__isnull=False)
            .first()
        )
        if parent is not None:
            return _checked_sender(parent.order, parsed)
    return None


def _checked_sender(order: WorkOrder, parsed: ParsedMail) -> WorkOrder:
    """Only the order's customer may write on its conversation; a number in a subject is no password."""
    customer = order.customer
    addresses = {(customer.email or "").lower()}
    if customer.user_id:
        addresses.add((customer.user.email or "").lower())
    if parsed.from_address not in addresses:
        raise MailRefused(
            "sender_not_customer",
            _("The sender {address} is not the customer of order {number}.").format(
                address=parsed.from_address, number=order.number
            ),
        )
    return order


def customer_actor(customer: Customer) -> Actor:
    return Actor(role=Role.CUSTOMER, user=customer.user, customer_id=customer.pk)


def _land_reply(mail: InboundMail, parsed: ParsedMail, order: WorkOrder) -> None:
    _attach_photos(mail, order)
    body = reply_text(parsed.text) or parsed.subject
    with transaction.atomic():
        message = OrderMessage.objects.filter(external_id=mail.message_key[:250]).first()
        if message is None:
            message = post_message(
                customer_actor(order.customer), number=order.number, body=body[:MAX_LENGTH],
                channel=OrderMessage.Channel.EMAIL, external_id=mail.message_key[:250],
            )  # fmt: skip
            # Customers without a portal login have no user name: show who wrote the mail.
            label = (parsed.from_name or parsed.from_address)[:150]
            OrderMessage.objects.filter(pk=message.pk).update(author_label=label)
        _done(mail, InboundMail.Outcome.REPLY, order, message)


def reply_text(text: str) -> str:
    """The new part of a reply: quoted lines and what follows a "... wrote:" line left out."""
    kept = []
    for line in text.splitlines():
        if QUOTE_HEADER_RE.match(line.strip()):
            break
        if not line.lstrip().startswith(">"):
            kept.append(line)
    return "\n".join(kept).strip()


def _open_order(mail: InboundMail, parsed: ParsedMail) -> None:
    customer = match_customer(parsed.from_address)
    intake = OrderIntake(
        symptoms=_symptoms(parsed),
        service_mode=ServiceMode.REMOTE,
        # Mail rarely names the device reliably; an agent sets kind and device at triage.
        kind=Kind.TECHNICAL_SUPPORT,
        channel=Channel.EMAIL,
        customer_id=customer.pk if customer else None,
        customer=None if customer else _new_customer(parsed),
    )
    # Keyed on the mail: a retry after a crash gets the same order back instead of a second one.
    key = "mail:" + hashlib.sha256(mail.message_key.encode()).hexdigest()[:64]
    order, _created = create_order(actor=Actor.system(), intake=intake, idempotency_key=key)
    _attach_photos(mail, order)
    with transaction.atomic():
        _done(mail, InboundMail.Outcome.NEW_ORDER, order, None)


def _symptoms(parsed: ParsedMail) -> str:
    return "\n\n".join(part for part in (parsed.subject, parsed.text) if part) or _("(empty mail)")


def match_customer(address: str) -> Customer | None:
    """The oldest customer with this address (on the record or on their portal login)."""
    return (
        Customer.objects.filter(Q(email__iexact=address) | Q(user__email__iexact=address))
        .order_by("id")
        .first()
    )


def _new_customer(parsed: ParsedMail) -> NewCustomer:
    name = parsed.from_name or parsed.from_address.partition("@")[0]
    return NewCustomer(name=name[:200], phone="", email=parsed.from_address)


def _attach_photos(mail: InboundMail, order: WorkOrder) -> None:
    """Photos also go on the order (where staff look); other files stay with the mail."""
    for item in mail.attachments.filter(order_attachment__isnull=True, content_type__startswith="image/"):
        with item.file.open("rb") as handle:
            upload = SimpleUploadedFile(item.filename, handle.read(), content_type=item.content_type)
        upload._original_name = item.filename  # the convention add_attachment reads the label from
        try:
            attachment = add_attachment(actor=Actor.system(), number=order.number, upload=upload)
        except ValidationFailed:
            continue  # not a real image, or too large: it stays on the mail
        InboundAttachment.objects.filter(pk=item.pk).update(order_attachment=attachment)


def _done(mail: InboundMail, outcome: str, order: WorkOrder, message: OrderMessage | None) -> None:
    mail.status, mail.outcome, mail.order, mail.message = (
        InboundMail.Status.PROCESSED,
        outcome,
        order,
        message,
    )
    mail.failure_code = mail.failure_reason = ""
    mail.processed_at = timezone.now()
    mail.save(
        update_fields=[
            "status",
            "outcome",
            "order",
            "message",
            "failure_code",
            "failure_reason",
            "processed_at",
        ]
    )


def _fail(mail: InboundMail, code: str, reason: str) -> InboundMail:
    # Conditional: a concurrent run that already processed the mail is not overwritten by this failure.
    InboundMail.objects.exclude(status=InboundMail.Status.PROCESSED).filter(pk=mail.pk).update(
        status=InboundMail.Status.FAILED, failure_code=code[:40], failure_reason=reason[:500]
    )
    mail.refresh_from_db()
    return mail
