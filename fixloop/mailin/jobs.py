"""Periodic job: fetch mail from the IMAP folder when one is configured."""

import datetime as dt

from django.conf import settings

from fixloop.core.periodic import Periodic

PERIODIC = [Periodic("mailin.fetch", every=dt.timedelta(minutes=2), func="fixloop.mailin.jobs.fetch_mail")]


def fetch_mail(now: dt.datetime) -> int:
    if not settings.FIXLOOP_MAIL["IMAP_HOST"]:
        return 0
    from fixloop.mailin.fetching import fetch

    return fetch().fetched
