"""Lessons learnt: closing a repair whose fix is not covered drafts an article, once."""

import pytest

from fixloop.core.models import OutboxMessage
from fixloop.kb.models import Article
from fixloop.kb.services.lessons import draft_from_order, on_order_closed
from fixloop.kb.tests.conftest import deliver
from fixloop.kb.tests.factories import published_article
from fixloop.testing.i18n import translated
from fixloop.testing.world import new_order
from fixloop.workorders.tests.helpers import run

pytestmark = pytest.mark.django_db
FREE_REPAIR = [
    "triage",
    "assign",
    "receive_device",
    "start_repair",
    "submit_qc",
    "pass_qc",
    "hand_back",
    "accept",
    "close",
]


def closed_repair(world):
    return run(world, new_order(world, mode="carry_in"), FREE_REPAIR)


def test_closing_an_uncovered_repair_drafts_an_article_once(world):
    order = closed_repair(world)
    message = OutboxMessage.objects.get(topic="workorder.close", payload__order_id=order.pk)
    on_order_closed(message)
    on_order_closed(message)  # delivered twice: still one draft
    article = Article.objects.get(source_order=order)
    assert article.status == "draft"
    assert article.symptoms == "手机无法开机，充电无反应"
    assert "电池老化" in article.cause
    assert article.steps == ["更换电池 / Replace battery", "更换电池并测试 / Replaced battery and tested"]
    assert list(article.product_models.all()) == [world.phone_model]
    assert article.revisions.get().note == translated("Drafted from order {number}", number=order.number)


def test_a_covered_fix_drafts_nothing(world):
    published_article(
        world, title="P60 手机无法开机 充电无反应", symptoms="手机无法开机，充电无反应，电池老化"
    )
    deliver()
    order = closed_repair(world)
    assert draft_from_order(order_id=order.pk) is None
    assert not Article.objects.filter(source_order=order).exists()


def test_orders_without_a_diagnosis_draft_nothing(world):
    order = run(world, new_order(world), ["triage", "resolve_remotely", "close"])
    assert draft_from_order(order_id=order.pk) is None
