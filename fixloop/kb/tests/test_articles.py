"""Article lifecycle, permissions, revisions and votes (services on a real database)."""

import pytest

from fixloop.accounts.roles import Role
from fixloop.core.errors import Conflict, Forbidden, ValidationFailed
from fixloop.core.models import OutboxMessage
from fixloop.kb.models import Article, ArticleRevision, ArticleStatus, SelfService
from fixloop.kb.services.articles import change_status, create_article, mark_solved, update_article, vote
from fixloop.kb.tests.factories import content, published_article

pytestmark = pytest.mark.django_db


def test_draft_review_publish_retire_keeps_every_version(world):
    article = published_article(world)
    manager = world.actor(Role.MANAGER)
    article = change_status(
        actor=manager, article_id=article.pk, expected_version=article.version, status="retired"
    )
    assert article.status == ArticleStatus.RETIRED
    assert article.version == 4
    assert list(ArticleRevision.objects.filter(article=article).values_list("version", "status")) == [
        (4, "retired"), (3, "published"), (2, "reviewed"), (1, "draft"),
    ]  # fmt: skip
    assert OutboxMessage.objects.filter(topic="kb.article").count() == 4


@pytest.mark.parametrize("role", [Role.AGENT, Role.ENGINEER])
def test_only_a_manager_reviews_and_nothing_changes_when_refused(world, role):
    article = create_article(actor=world.actor(Role.AGENT), content=content(world))
    with pytest.raises(Forbidden):
        change_status(actor=world.actor(role), article_id=article.pk, expected_version=1, status="reviewed")
    article.refresh_from_db()
    assert (article.status, article.version, article.revisions.count()) == ("draft", 1, 1)


@pytest.mark.parametrize("role", [Role.CUSTOMER, Role.DISPATCHER, Role.WAREHOUSE])
def test_other_roles_cannot_write(world, role):
    with pytest.raises(Forbidden):
        create_article(actor=world.actor(role), content=content(world))
    assert Article.objects.count() == 0


def test_publishing_needs_a_review_first(world):
    article = create_article(actor=world.actor(Role.AGENT), content=content(world))
    with pytest.raises(ValidationFailed) as refused:
        change_status(
            actor=world.actor(Role.MANAGER), article_id=article.pk, expected_version=1, status="published"
        )
    assert refused.value.code == "kb_bad_status"


def test_stale_edit_is_refused(world):
    article = create_article(actor=world.actor(Role.AGENT), content=content(world))
    update_article(
        actor=world.actor(Role.AGENT),
        article_id=article.pk,
        expected_version=1,
        content=content(world, title="新标题"),
    )
    with pytest.raises(Conflict):
        update_article(
            actor=world.actor(Role.ENGINEER),
            article_id=article.pk,
            expected_version=1,
            content=content(world, title="旧"),
        )
    article.refresh_from_db()
    assert (article.title, article.version) == ("新标题", 2)


def test_editing_a_reviewed_article_sends_it_back_to_draft(world):
    article = create_article(actor=world.actor(Role.AGENT), content=content(world))
    article = change_status(
        actor=world.actor(Role.MANAGER), article_id=article.pk, expected_version=1, status="reviewed"
    )
    article = update_article(
        actor=world.actor(Role.AGENT),
        article_id=article.pk,
        expected_version=2,
        content=content(world, cause="新原因"),
    )
    assert (article.status, article.cause) == ("draft", "新原因")


def test_only_a_manager_edits_a_published_article(world):
    article = published_article(world)
    with pytest.raises(Forbidden):
        update_article(
            actor=world.actor(Role.AGENT),
            article_id=article.pk,
            expected_version=3,
            content=content(world, title="x"),
        )
    article = update_article(
        actor=world.actor(Role.MANAGER),
        article_id=article.pk,
        expected_version=3,
        content=content(world, title="改"),
    )
    assert (article.status, article.title) == ("published", "改")


def test_missing_title_names_the_field(world):
    with pytest.raises(ValidationFailed) as refused:
        create_article(actor=world.actor(Role.AGENT), content=content(world, title="  "))
    assert refused.value.details == {"field": "title"}


def test_votes_and_self_service_count(world):
    article = published_article(world)
    vote(article_id=article.pk, helpful=False)
    record = mark_solved(actor=world.actor(Role.CUSTOMER), article_id=article.pk, source="report_form", query="开不了机",
                         product_model_id=world.phone_model.pk)  # fmt: skip
    article.refresh_from_db()
    assert (article.helpful_yes, article.helpful_no) == (1, 1)
    assert (record.customer, record.product_model, record.source) == (
        world.customer,
        world.phone_model,
        "report_form",
    )
    assert SelfService.objects.count() == 1
