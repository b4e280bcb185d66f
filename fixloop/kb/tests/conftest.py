"""Knowledge-base test fixtures: a private index and model directory per test, and an outbox runner."""

import pytest

from fixloop.core.handlers import handlers_for
from fixloop.core.models import OutboxMessage
from fixloop.kb import index


@pytest.fixture(autouse=True)
def _kb_dirs(settings, tmp_path):
    settings.FIXLOOP_KB_INDEX_DIR = tmp_path / "kb-index"
    settings.FIXLOOP_TRIAGE_MODEL_DIR = tmp_path / "triage-models"
    index._loaded.clear()


def deliver(prefix: str = "") -> int:
    """Run the knowledge-base handlers for pending messages, as the worker would after commit."""
    handled = 0
    for message in OutboxMessage.objects.filter(delivered_at=None, topic__startswith=prefix).order_by("id"):
        for handler in handlers_for(message.topic):
            if handler.__module__.startswith("fixloop.kb"):
                handler(message)
                handled += 1
        OutboxMessage.objects.filter(pk=message.pk).update(delivered_at=message.created_at)
    return handled
