"""The shared search index follows article changes through the outbox, and every process sees the new version."""

import pytest

from fixloop.accounts.roles import Role
from fixloop.kb import index
from fixloop.kb.services.articles import change_status, update_article
from fixloop.kb.tests.conftest import deliver
from fixloop.kb.tests.factories import content, published_article
from fixloop.knowledge.search import KnowledgeIndex

pytestmark = pytest.mark.django_db


def titles(text, **kwargs):
    return [article.title for article, _score in index.search(text, **kwargs)]


def test_publish_edit_and_retire_show_up_in_search(world, settings):
    article = published_article(world)
    deliver()
    assert titles("手机开不了机 按电源键没反应") == ["P60 手机无法开机"]
    before = KnowledgeIndex.current_version(settings.FIXLOOP_KB_INDEX_DIR)

    update_article(actor=world.actor(Role.MANAGER), article_id=article.pk, expected_version=article.version,
                   content=content(world, title="P60 屏幕碎裂更换", symptoms="屏幕摔碎 触摸失灵", solution="更换屏幕总成"))  # fmt: skip
    assert titles("屏幕摔碎") == []  # not yet: the worker has not re-indexed
    deliver()
    assert KnowledgeIndex.current_version(settings.FIXLOOP_KB_INDEX_DIR) != before
    assert titles("屏幕摔碎") == ["P60 屏幕碎裂更换"]

    change_status(
        actor=world.actor(Role.MANAGER),
        article_id=article.pk,
        expected_version=article.version + 1,
        status="retired",
    )
    assert titles("屏幕摔碎") == []  # the database check hides it at once
    deliver()
    assert article.pk not in index.current_index()


def test_another_process_loads_the_new_version(world, settings):
    published_article(world)
    deliver()
    first = index.current_index()
    published_article(
        world,
        title="洗衣机显示E3-01不排水",
        symptoms="排水慢",
        solution="清理排水泵过滤器",
        error_codes="E3-01",
    )
    deliver()
    # A web process holding the old version notices CURRENT moved and reloads.
    assert index.current_index() is not first
    assert titles("e3-01") == ["洗衣机显示E3-01不排水"]


def test_error_codes_and_catalogue_names_are_one_token(world):
    published_article(world, error_codes="E3-01")
    vocabulary = index.vocabulary()
    analyzer = index.current_index().analyzer
    assert "e3-01" in vocabulary.error_codes
    assert "e3-01" in analyzer.segment("显示 E3-01 后停机")
    assert "hx-p60" in analyzer.segment("我的HX-P60坏了")
    assert "huaxinp60" in analyzer.segment("Huaxin P60 不开机")


def test_asked_about_model_ranks_first(world):
    from fixloop.catalog.models import ProductModel

    other = ProductModel.objects.create(category=world.phones, brand="Huaxin", code="HX-P70", name="P70")
    published_article(world, title="无法开机 通用", model_ids=[other.pk])
    published_article(world, title="无法开机 P60", model_ids=[world.phone_model.pk])
    deliver()
    assert titles("无法开机", product_model=world.phone_model)[0] == "无法开机 P60"
    assert titles("无法开机", product_model=other)[0] == "无法开机 通用"


def test_periodic_refresh_rebuilds_only_when_stale(world):
    published_article(world)
    assert index.refresh_if_stale() == 1  # no index yet
    assert index.refresh_if_stale() == 0
