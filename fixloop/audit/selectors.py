"""Reads of the audit log, for managers only."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.accounts.roles import Role
from fixloop.audit.models import AuditEntry, Kind
from fixloop.core.errors import Forbidden


@dataclass
class AuditFilters:
    actor: str = ""
    kind: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    target_type: str = ""
    target_id: str = ""


def can_read_audit(actor: Actor) -> bool:
    return actor.role == Role.MANAGER and actor.partner is None and actor.user is not None


def audit_list(actor: Actor, filters: AuditFilters) -> QuerySet[AuditEntry]:
    """Entries matching the filters, newest first; one query per page whatever the page holds."""
    if not can_read_audit(actor):
        raise Forbidden("forbidden", _("Only managers may read the audit log."))
    rows = AuditEntry.objects.all()
    if filters.actor:
        rows = rows.filter(actor_label__icontains=filters.actor.strip())
    if filters.kind and filters.kind in Kind.values:
        rows = rows.filter(kind=filters.kind)
    if filters.since:
        rows = rows.filter(created_at__date__gte=filters.since)
    if filters.until:
        rows = rows.filter(created_at__date__lte=filters.until)
    if filters.target_type:
        rows = rows.filter(target_type=filters.target_type)
    if filters.target_id:
        rows = rows.filter(target_id=filters.target_id)
    return rows.order_by("-created_at", "-id")
