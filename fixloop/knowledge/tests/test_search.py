"""Tests for catalogue-aware segmentation and the knowledge index: ranking, boosts, changes, persistence."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixloop.knowledge.analyzer import Analyzer, build_vocabulary
from fixloop.knowledge.search import Article, KnowledgeIndex

VOCABULARY = build_vocabulary(
    products=["华为 Mate 60", "小天鹅洗衣机"],
    models=["iPhone 15 Pro", "Mate 60", "TG100"],
    error_codes=["E3-01"],
)

ARTICLES = [
    Article(
        id=1,
        title="洗衣机不排水",
        symptoms="洗衣机显示E3-01，不排水，桶里有水",
        cause="排水泵堵塞",
        solution="清理排水泵过滤器",
        error_codes=("E3-01",),
        product_models=("TG100",),
    ),
    Article(
        id=2,
        title="手机屏幕闪烁",
        symptoms="屏幕一直闪烁，亮度忽明忽暗",
        cause="排线松动",
        solution="重新插拔屏幕排线",
        product_models=("Mate 60",),
    ),
    Article(
        id=3,
        title="iPhone keeps restarting",
        symptoms="The phone restarts by itself every few minutes",
        cause="Faulty battery",
        solution="Replace the battery",
        product_models=("iPhone 15 Pro",),
        language="en",
    ),
    Article(
        id=4,
        title="手机屏幕闪烁（通用）",
        symptoms="屏幕闪烁，显示不正常",
        cause="系统问题",
        solution="升级系统后重启",
    ),
    Article(
        id=5, title="空调不制冷", symptoms="空调开机后吹的是热风，不制冷", cause="缺氟", solution="补充制冷剂"
    ),
]


@pytest.fixture(scope="module")
def index() -> KnowledgeIndex:
    return KnowledgeIndex.build(ARTICLES, vocabulary=VOCABULARY)


def ids(results: list[tuple[object, float]]) -> list[object]:
    return [article_id for article_id, _ in results]


@pytest.mark.parametrize(
    ("text", "whole"),
    [
        ("洗衣机显示E3-01不排水", "e3-01"),
        ("我的iPhone 15 Pro一直重启", "iphone15pro"),
        ("Mate 60屏幕闪烁", "mate60"),
        ("Mate60 屏幕闪烁", "mate60"),
        ("错误码０x80070005", "0x80070005"),
    ],
)
def test_segmentation_keeps_catalogue_terms_and_codes_whole(text: str, whole: str) -> None:
    assert whole in Analyzer(VOCABULARY).segment(text)


def test_segmentation_respects_word_boundaries_of_terms() -> None:
    assert "mate60" not in Analyzer(VOCABULARY).segment("Mate 600 手机")


def test_finds_article_by_chinese_symptom(index: KnowledgeIndex) -> None:
    assert ids(index.search("空调吹热风，一点都不冷"))[0] == 5


def test_finds_article_by_english_text_with_stemming(index: KnowledgeIndex) -> None:
    assert ids(index.search("phone restarted by itself", k=3))[0] == 3


def test_finds_article_by_exact_error_code(index: KnowledgeIndex) -> None:
    assert ids(index.search("e3-01"))[0] == 1


def test_product_model_boost_reorders_matches(index: KnowledgeIndex) -> None:
    query = "屏幕闪烁"
    assert set(ids(index.search(query))[:2]) == {2, 4}
    assert ids(index.search(query, product_model="mate60"))[0] == 2
    assert 1 not in ids(index.search(query, product_model="TG100")), (
        "a boost never adds non-matching articles"
    )


def test_language_preference_ranks_other_languages_lower() -> None:
    both = [
        Article(id="zh", title="battery 电池", language="zh"),
        Article(id="en", title="battery", language="en"),
    ]
    index = KnowledgeIndex.build(both)
    assert ids(index.search("battery", lang="zh"))[0] == "zh"
    assert ids(index.search("battery", lang="en"))[0] == "en"


def test_only_lang_keeps_one_language() -> None:
    index = KnowledgeIndex.build(
        [
            Article(id="zh", title="battery 电池", language="zh"),
            Article(id="en", title="battery", language="en"),
        ]
    )
    assert ids(index.search("battery", only_lang="zh")) == ["zh"]
    assert ids(index.search("battery", only_lang="en")) == ["en"]
    assert index.search("battery", only_lang="fr") == []


def test_add_update_remove_one_article() -> None:
    index = KnowledgeIndex.build(ARTICLES[:2], vocabulary=VOCABULARY)
    index.add(ARTICLES[4])
    assert ids(index.search("空调不制冷"))[0] == 5
    index.update(Article(id=5, title="冰箱结霜", symptoms="冰箱里面结霜很厚"))
    assert 5 not in ids(index.search("空调不制冷"))
    assert ids(index.search("冰箱结霜"))[0] == 5
    index.remove(5)
    assert ids(index.search("冰箱结霜")) == []
    assert len(index) == 2


def test_empty_index_and_empty_query() -> None:
    assert KnowledgeIndex().search("任何") == []
    assert KnowledgeIndex.build(ARTICLES[:1]).search("") == []


def test_save_load_round_trip_and_versions(index: KnowledgeIndex, tmp_path: Path) -> None:
    assert KnowledgeIndex.current_version(tmp_path) is None
    first = index.save(tmp_path)
    loaded = KnowledgeIndex.load(tmp_path)
    for query in ("洗衣机 E3-01", "屏幕闪烁", "phone restarts"):
        assert loaded.search(query, product_model="Mate 60") == index.search(query, product_model="Mate 60")
    loaded.add(Article(id=9, title="热水器不点火", symptoms="热水器打不着火"))
    second = loaded.save(tmp_path)
    assert (first, second) == ("v000001", "v000002")
    assert KnowledgeIndex.current_version(tmp_path) == second
    reloaded = KnowledgeIndex.load(tmp_path)
    assert ids(reloaded.search("热水器不点火"))[0] == 9
    assert ids(reloaded.search("e3-01"))[0] == 1
    reloaded.save(tmp_path)
    assert sorted(p.name for p in tmp_path.glob("v*")) == ["v000002", "v000003"], "previous version kept"
