"""The one writer of the audit log: `record(...)`, called by signals here and by other apps' services."""

from typing import Any

from django.db import models

from fixloop.accounts.actor import Actor
from fixloop.audit.models import AuditEntry, Kind

__all__ = ["Kind", "client_ip", "record"]


def client_ip(request) -> str | None:
    """The caller's address as the web server saw it (a trusted proxy sets REMOTE_ADDR)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _actor_fields(actor) -> tuple[Any, str]:
    """Accept a User, an accounts Actor or nothing; return (user or None, label)."""
    if actor is None:
        return None, "system"
    if isinstance(actor, Actor):
        return (actor.user if actor.partner is None else None), actor.label
    if not getattr(actor, "pk", None):  # AnonymousUser
        return None, ""
    return actor, actor.get_username()


def record(
    kind: str,
    *,
    actor=None,
    request=None,
    target: models.Model | None = None,
    target_label: str = "",
    details: dict | None = None,
    actor_label: str = "",
    ip: str | None = None,
) -> AuditEntry:
    """Append one audit entry. `actor` is a User or an Actor (None: the system).

    `ip` is for work done outside the request that asked for it (the worker): the request's address wins.

    Effects: one AuditEntry row, written in the caller's transaction so that it commits (or rolls back)
    with the act it records. `details` must be JSON-serialisable and must not hold secrets.
    """
    user, label = _actor_fields(actor)
    entry = AuditEntry(
        kind=Kind(kind),
        actor=user,
        actor_label=(actor_label or label)[:150],
        ip=client_ip(request) or ip,
        details=details or {},
    )
    if target is not None:
        entry.target_type = target._meta.label_lower
        entry.target_id = str(target.pk)
        entry.target_label = (target_label or str(target))[:200]
    else:
        entry.target_label = target_label[:200]
    entry.save()
    return entry
