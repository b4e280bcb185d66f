"""Periodic jobs: the weekly KPI summary mailed to managers, the dashboard's daily statistics."""

import datetime as dt

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fixloop.accounts.models import User
from fixloop.accounts.roles import Role
from fixloop.analytics import kpis, quality
from fixloop.analytics.filters import Filters
from fixloop.analytics.models import WeeklySummary
from fixloop.core.periodic import Periodic

PERIODIC = [
    Periodic(
        "analytics.weekly_summary", every=dt.timedelta(hours=1), func="fixloop.analytics.jobs.weekly_summary"
    ),
    Periodic(
        "analytics.daily_stats",
        every=dt.timedelta(minutes=5),
        func="fixloop.analytics.jobs.refresh_daily_stats",
    ),
    Periodic(
        "analytics.daily_stats_rebuild",
        every=dt.timedelta(days=1),
        func="fixloop.analytics.jobs.rebuild_daily_stats",
    ),
]


def refresh_daily_stats(now: dt.datetime) -> int:
    """Rebuild the dashboard's daily statistics for the days touched since the last run, plus today."""
    from fixloop.analytics import summary

    return summary.refresh(now)


def rebuild_daily_stats(now: dt.datetime) -> int:
    """Rebuild every day of the statistics once a day: a safety net for changes the incremental refresh
    cannot see (rows edited outside the application, a moment moved without a trace)."""
    from fixloop.analytics import summary

    return summary.refresh(now, full=True)


def last_full_week(today: dt.date) -> tuple[dt.date, dt.date]:
    """Monday to Monday of the week before the one `today` is in."""
    this_monday = today - dt.timedelta(days=today.weekday())
    return this_monday - dt.timedelta(days=7), this_monday


def weekly_summary(now: dt.datetime) -> int:
    """Mail last week's KPIs to every active manager with an email, once per week (idempotent)."""
    start, end = last_full_week(timezone.localdate(now))
    if WeeklySummary.objects.filter(week_start=start).exists():
        return 0
    managers = list(
        User.objects.filter(role=Role.MANAGER, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    f = Filters(start=start, end=end)
    try:
        with transaction.atomic():
            WeeklySummary.objects.create(week_start=start, recipients=len(managers))
            if managers:
                message = _render(f, now)
                # Sent after the row commits: a crash before it leaves no row and the next run retries.
                transaction.on_commit(lambda: send_mass_mail([(*message, None, [to]) for to in managers]))
    except IntegrityError:  # another worker took this week
        return 0
    return len(managers)


def _render(f: Filters, now: dt.datetime) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        context = {"f": f, "last_day": f.end - dt.timedelta(days=1), "data": kpis.dashboard(f, now),
                   "emerging": quality.emerging(f, f.end - dt.timedelta(days=1))}  # fmt: skip
        subject = _("Weekly service summary {start} – {end}").format(start=f.start, end=context["last_day"])
        return subject, render_to_string("analytics/weekly_summary.txt", context)
