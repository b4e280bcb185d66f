"""The worker finds the knowledge base's outbox handlers and periodic jobs."""

from fixloop.core.handlers import handlers_for
from fixloop.core.periodic import discover, resolve
from fixloop.kb import index
from fixloop.kb.jobs import on_article_changed
from fixloop.kb.services import lessons, triage


def test_handlers_are_registered():
    assert on_article_changed in handlers_for("kb.article")
    assert lessons.on_order_closed in handlers_for("workorder.close")
    assert triage.on_order_created in handlers_for("workorder.create")
    assert triage.on_order_triaged in handlers_for("workorder.triage")


def test_periodic_jobs_resolve():
    jobs = {job.name: resolve(job) for job in discover() if job.name.startswith("kb.")}
    assert jobs == {"kb.index_refresh": index.refresh_if_stale, "kb.triage_train": triage.train_job}
