"""Periodic jobs: remind owners of corrective actions due, and managers of complaints not responded to."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from fixloop.accounts.models import User
from fixloop.accounts.roles import Role
from fixloop.complaints.models import Complaint
from fixloop.complaints.selectors import open_actions_due
from fixloop.complaints.states import OPEN_STATES
from fixloop.core.periodic import Periodic
from fixloop.notifications.notify import notify

PERIODIC = [
    Periodic("complaints.reminders", every=dt.timedelta(hours=6), func="fixloop.complaints.jobs.reminders")
]


@transaction.atomic
def reminders(now: dt.datetime) -> int:
    """One reminder per action and day, one alert per unanswered complaint (dedupe keys make reruns harmless)."""
    today = timezone.localdate(now)
    sent = 0
    for item in open_actions_due(today):
        notify(
            "complaint.action_due",
            user_ids=[item.owner_id],
            context={
                "number": item.complaint.number,
                "action": item.description,
                "due_date": item.due_date.isoformat(),
            },
            dedupe_key=f"complaint.action_due:{item.pk}:{today.isoformat()}",
        )
        sent += 1
    late = Complaint.objects.filter(state__in=OPEN_STATES, first_response_at__isnull=True, respond_by__lt=now)
    managers = list(User.objects.filter(role=Role.MANAGER, is_active=True).values_list("pk", flat=True))
    for complaint in late.only("pk", "number", "subject", "owner_id"):
        recipients = sorted({*managers, *([complaint.owner_id] if complaint.owner_id else [])})
        notify(
            "complaint.response_overdue",
            user_ids=recipients,
            context={"number": complaint.number, "subject": complaint.subject},
            dedupe_key=f"complaint.response_overdue:{complaint.pk}",
        )
        sent += 1
    return sent
