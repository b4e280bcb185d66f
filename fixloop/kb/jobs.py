"""Background work of the knowledge base: keep the search index current, retrain the triage models."""

import datetime as dt

from fixloop.core.periodic import Periodic

PERIODIC = [
    Periodic("kb.index_refresh", every=dt.timedelta(minutes=15), func="fixloop.kb.index.refresh_if_stale"),
    Periodic("kb.triage_train", every=dt.timedelta(days=1), func="fixloop.kb.services.triage.train_job"),
]


def on_article_changed(message) -> None:
    from fixloop.kb import index

    index.apply_change(message.payload["article_id"])
