"""The notifications module's writers: templates (managers), preferences (everyone), retries (staff)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.template import TemplateSyntaxError
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.accounts.roles import STAFF_ROLES, Role
from fixloop.core import outbox
from fixloop.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from fixloop.notifications.models import ChannelPreference, Delivery, MessageTemplate
from fixloop.notifications.rendering import compile_template

RETRYABLE = (Delivery.Status.RETRY, Delivery.Status.DEAD)


def ensure_default_templates() -> int:
    """Create any missing default template (existing ones, maybe edited, are kept); returns how many."""
    from fixloop.notifications.defaults import DEFAULT_TEMPLATES

    created = 0
    for event, by_language in DEFAULT_TEMPLATES.items():
        for language, (subject, body) in by_language.items():
            _row, new = MessageTemplate.objects.get_or_create(
                event=event, language=language, defaults={"subject": subject, "body": body}
            )
            created += new
    return created


def _require(actor: Actor, roles) -> None:
    if actor.role not in roles:
        raise Forbidden("notifications_forbidden", _("Your role may not do this."))


@transaction.atomic
def update_template(
    *, actor: Actor, template_id: int, subject: str, body: str, expected_version: int
) -> MessageTemplate:
    """Managers only; both parts must be valid templates; a stale version is refused (409)."""
    _require(actor, {Role.MANAGER})
    for field, text in (("subject", subject), ("body", body)):
        if not text.strip():
            raise ValidationFailed("required", _("This field is required."), {"field": field})
        try:
            compile_template(text)
        except TemplateSyntaxError as exc:
            raise ValidationFailed(
                "template_syntax", _("Template error: {error}").format(error=exc), {"field": field}
            ) from exc
    if not MessageTemplate.objects.filter(pk=template_id).exists():
        raise NotFound("template_not_found", _("No such template."))
    updated = MessageTemplate.objects.filter(pk=template_id, version=expected_version).update(
        subject=subject.strip(),
        body=body.strip(),
        version=F("version") + 1,
        updated_by=actor.user,
        updated_at=timezone.now(),
    )
    if not updated:
        raise Conflict(
            "stale_version", _("Someone else changed this template meanwhile; reload it and try again.")
        )
    return MessageTemplate.objects.get(pk=template_id)


def preference_for(actor: Actor) -> ChannelPreference:
    """The actor's own preference (unsaved defaults if none stored yet)."""
    owner = _owner(actor)
    return ChannelPreference.objects.filter(**owner).first() or ChannelPreference(**owner)


def _owner(actor: Actor) -> dict:
    if actor.role == Role.CUSTOMER and actor.customer_id:
        return {"customer_id": actor.customer_id}
    if actor.role in STAFF_ROLES and actor.user is not None:
        return {"user_id": actor.user.pk}
    raise Forbidden("notifications_forbidden", _("Your role may not do this."))


@transaction.atomic
def set_preferences(*, actor: Actor, email: bool, sms: bool) -> ChannelPreference:
    """A customer or staff member chooses their own channels; nothing is sent on one turned off."""
    preference, _created = ChannelPreference.objects.update_or_create(
        **_owner(actor), defaults={"email": email, "sms": sms}
    )
    return preference


@transaction.atomic(durable=True)
def retry_delivery(*, actor: Actor, delivery_id: int) -> Delivery:
    """Staff: try a failed or dead-lettered delivery once more, now, through the worker."""
    _require(actor, STAFF_ROLES)
    delivery = Delivery.objects.filter(pk=delivery_id).first()
    if delivery is None:
        raise NotFound("delivery_not_found", _("No such delivery."))
    updated = Delivery.objects.filter(pk=delivery_id, status__in=RETRYABLE).update(
        status=Delivery.Status.PENDING, next_attempt_at=timezone.now()
    )
    if not updated:
        raise Conflict("not_failed", _("Only a failed delivery can be retried."), {"status": delivery.status})
    outbox.enqueue("notifications.send", {"delivery_id": delivery_id})
    delivery.refresh_from_db()
    return delivery


def requeue_outbox(*, actor: Actor, message_id: int) -> None:
    """Managers: put a dead-lettered outbox message back in the worker's queue."""
    from fixloop.worker.queue import requeue

    _require(actor, {Role.MANAGER})
    if not requeue(message_id):
        raise NotFound("message_not_found", _("No such undelivered message."))
