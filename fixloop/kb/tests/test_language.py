"""Articles follow the reader's language: lists, suggestions, search and the order panel; the other language
only when nothing exists in theirs, and never the same article twice."""

import pytest
from django.test import Client
from django.utils import translation

from fixloop.accounts.roles import Role
from fixloop.kb import selectors
from fixloop.kb.tests.conftest import deliver
from fixloop.kb.tests.factories import published_article
from fixloop.testing.world import new_order
from fixloop.workorders.models import WorkOrder

pytestmark = pytest.mark.django_db

ZH_TITLE = "P60 手机无法开机"
EN_TITLE = "P60 phone will not turn on"


def both_languages(world):
    """The same article once in Chinese and once in English, as the demo has them."""
    zh = published_article(world)
    en = published_article(
        world, title=EN_TITLE, symptoms="Pressing the power button does nothing, the charge light stays off",
        cause="Battery deep-discharge protection", solution="Charge for 30 minutes\nHold power for 15 seconds",
        tags="power,battery", language="en",
    )  # fmt: skip
    deliver()
    return zh, en


def english_client() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def test_most_read_lists_the_readers_language_only(client, world):
    zh, en = both_languages(world)
    # The English one is read most, yet not listed for Chinese readers.
    type(en).objects.filter(pk=en.pk).update(views=500)
    chinese = client.get("/kb/help/")
    assert [a.pk for a in chinese.context["articles"]] == [zh.pk]
    assert ZH_TITLE in chinese.text and EN_TITLE not in chinese.text
    english = english_client().get("/kb/help/")
    assert [a.pk for a in english.context["articles"]] == [en.pk]


def test_search_prefers_the_readers_language_and_never_shows_both(client, world):
    zh, en = both_languages(world)
    # An English query still finds the Chinese article for a Chinese reader, and only it.
    chinese = client.get("/kb/help/", {"q": "P60 开不了机 power"})
    assert [a.pk for a in chinese.context["articles"]] == [zh.pk]
    english = english_client().get("/kb/help/", {"q": "P60 power button does nothing"})
    assert [a.pk for a in english.context["articles"]] == [en.pk]


def test_falls_back_to_the_other_language_when_nothing_is_in_the_readers(client, world):
    only_en = published_article(
        world, title="Printer paper jam", symptoms="Paper gets stuck in the printer", solution="Open the cover",
        tags="printer", language="en",
    )  # fmt: skip
    deliver()
    assert [a.pk for a in client.get("/kb/help/").context["articles"]] == [only_en.pk]
    found = client.get("/kb/help/", {"q": "printer paper jam"}).context["articles"]
    assert [a.pk for a in found] == [only_en.pk]


def test_selectors_use_the_active_language(world):
    zh, en = both_languages(world)
    with translation.override("en"):
        assert selectors.suggestions("P60 power button charge") == [en]
        assert selectors.most_read() == [en]
    with translation.override("zh-hans"):
        assert selectors.suggestions("P60 按电源键没有反应") == [zh]
        assert selectors.most_read() == [zh]


def test_report_form_suggestions_and_symptoms_follow_the_language(client, world):
    zh, en = both_languages(world)
    params = {"symptoms": "P60 power button 没有反应", "model": world.phone_model.pk}
    assert [a.pk for a in client.get("/kb/help/suggest/", params).context["articles"]] == [zh.pk]
    assert [a.pk for a in english_client().get("/kb/help/suggest/", params).context["articles"]] == [en.pk]
    symptoms = {"model": world.phone_model.pk}
    assert client.get("/kb/help/symptoms/", symptoms).context["titles"] == [ZH_TITLE]
    assert english_client().get("/kb/help/symptoms/", symptoms).context["titles"] == [EN_TITLE]


@pytest.mark.parametrize(("language", "wanted", "unwanted"), [("zh-hans", ZH_TITLE, EN_TITLE),
                                                              ("en", EN_TITLE, ZH_TITLE)])  # fmt: skip
def test_order_page_related_articles_follow_the_language(world, language, wanted, unwanted):
    both_languages(world)
    order = new_order(world)
    WorkOrder.objects.filter(pk=order.pk).update(symptoms="P60 按电源键没有反应 power button does nothing")
    staff = Client(HTTP_ACCEPT_LANGUAGE=language)
    staff.force_login(world.users[Role.AGENT])
    page = staff.get(f"/console/orders/{order.number}/")
    assert page.status_code == 200
    assert wanted in page.text and unwanted not in page.text


def test_api_search_follows_lang_or_the_request_language(client, world):
    zh, en = both_languages(world)
    query = {"q": "P60 power button 按电源键没有反应"}
    assert [a["id"] for a in client.get("/api/kb/search", query).json()] == [zh.pk]
    assert [a["id"] for a in english_client().get("/api/kb/search", query).json()] == [en.pk]
    assert [a["id"] for a in client.get("/api/kb/search", {**query, "lang": "en"}).json()] == [en.pk]
