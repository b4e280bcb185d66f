"""The demo knowledge base loads through the services, is idempotent and searchable."""

import pytest

from fixloop.demo.loader import load_master
from fixloop.kb import demo_data, index
from fixloop.kb.models import Article, FaultTree

pytestmark = pytest.mark.django_db


def test_demo_articles_and_trees(settings):
    load_master()
    demo_data.load()
    assert Article.objects.filter(status="published").count() >= 100
    assert Article.objects.filter(language="en").count() >= 25
    assert FaultTree.objects.filter(active=True).count() == 5
    before = (Article.objects.count(), FaultTree.objects.count())
    demo_data.load()  # idempotent
    assert (Article.objects.count(), FaultTree.objects.count()) == before
    hits = [a.title for a, _ in index.search("洗衣机显示E21")]
    assert hits[0] == "洗衣机显示E21，不排水"
    english = [a.title for a, _ in index.search("washer does not drain E21", language="en")]
    assert english[0] == "Washer shows E21 and does not drain"
