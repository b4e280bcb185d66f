"""Article services: create, edit, review/publish/retire, images, views, votes and self-service ("this solved it")."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.accounts.roles import Role
from fixloop.catalog.models import ProductCategory, ProductModel
from fixloop.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from fixloop.core.outbox import enqueue
from fixloop.kb.models import Article, ArticleImage, ArticleRevision, ArticleStatus, SelfService
from fixloop.kb.permissions import AUTHOR_ROLES, REVIEW_ROLES

# status -> statuses it may move to; publishing and retiring are the manager's (REVIEW_ROLES).
STATUS_MOVES = {
    ArticleStatus.DRAFT: {ArticleStatus.REVIEWED, ArticleStatus.RETIRED},
    ArticleStatus.REVIEWED: {ArticleStatus.PUBLISHED, ArticleStatus.DRAFT, ArticleStatus.RETIRED},
    ArticleStatus.PUBLISHED: {ArticleStatus.RETIRED},
    ArticleStatus.RETIRED: {ArticleStatus.DRAFT},
}
INDEX_TOPIC = "kb.article"


@dataclass
class ArticleContent:
    title: str
    symptoms: str
    solution: str
    cause: str = ""
    error_codes: str = ""
    tags: str = ""
    language: str = "zh-hans"
    category_ids: list[int] = field(default_factory=list)
    model_ids: list[int] = field(default_factory=list)


def _require_author(actor: Actor) -> None:
    if actor.role not in AUTHOR_ROLES:
        raise Forbidden("kb_forbidden", _("Your role may not write knowledge articles."))


def _check(content: ArticleContent) -> None:
    for name in ("title", "symptoms", "solution"):
        if not getattr(content, name).strip():
            raise ValidationFailed("kb_field_required", _("This field is required."), {"field": name})
    if ProductCategory.objects.filter(pk__in=content.category_ids).count() != len(set(content.category_ids)):
        raise ValidationFailed("kb_unknown_category", _("Unknown product category."), {"field": "categories"})
    if ProductModel.objects.filter(pk__in=content.model_ids).count() != len(set(content.model_ids)):
        raise ValidationFailed("kb_unknown_model", _("Unknown product model."), {"field": "product_models"})


def _snapshot(article: Article) -> dict:
    return {
        "title": article.title,
        "symptoms": article.symptoms,
        "cause": article.cause,
        "solution": article.solution,
        "error_codes": article.error_codes,
        "tags": article.tags,
        "language": article.language,
        "categories": sorted(article.categories.values_list("pk", flat=True)),
        "product_models": sorted(article.product_models.values_list("pk", flat=True)),
    }


def _revise(actor: Actor | None, article: Article, note: str) -> None:
    ArticleRevision.objects.create(
        article=article, version=article.version, status=article.status, content=_snapshot(article),
        note=note, author=actor.user if actor else None,
    )  # fmt: skip
    # The index follows every change: the worker re-indexes this article after commit.
    enqueue(INDEX_TOPIC, {"article_id": article.pk, "version": article.version})


def _fields(content: ArticleContent) -> dict:
    return {
        "title": content.title.strip(),
        "symptoms": content.symptoms.strip(),
        "cause": content.cause.strip(),
        "solution": content.solution.strip(),
        "error_codes": content.error_codes.strip(),
        "tags": content.tags.strip(),
        "language": content.language,
    }


@transaction.atomic
def create_article(
    *, actor: Actor | None, content: ArticleContent, source_order_id: int | None = None, note: str = ""
) -> Article:
    """A new draft (actor None: the system, e.g. lessons learnt). Guard: an author role; title, symptoms, steps."""
    if actor is not None:
        _require_author(actor)
    _check(content)
    article = Article.objects.create(
        **_fields(content), source_order_id=source_order_id, created_by=actor.user if actor else None
    )
    article.categories.set(content.category_ids)
    article.product_models.set(content.model_ids)
    _revise(actor, article, note or _("Created"))
    return article


def _locked(article_id: int, expected_version: int) -> Article:
    article = Article.objects.select_for_update().filter(pk=article_id).first()
    if article is None:
        raise NotFound("kb_article_not_found", _("Article not found."))
    if article.version != expected_version:
        raise Conflict("kb_stale", _("Someone else changed this article meanwhile; reload and try again."))
    return article


@transaction.atomic
def update_article(
    *, actor: Actor, article_id: int, expected_version: int, content: ArticleContent
) -> Article:
    """Save a new version. Guards: author role, current version; only a manager edits a published article.

    A reviewed article that is edited goes back to draft, so what is published is always what was reviewed.
    """
    _require_author(actor)
    _check(content)
    article = _locked(article_id, expected_version)
    if article.status == ArticleStatus.PUBLISHED and actor.role not in REVIEW_ROLES:
        raise Forbidden("kb_published_locked", _("Only a manager may edit a published article."))
    status = ArticleStatus.DRAFT if article.status == ArticleStatus.REVIEWED else article.status
    Article.objects.filter(pk=article.pk).update(**_fields(content), status=status, version=F("version") + 1)
    article.refresh_from_db()
    article.categories.set(content.category_ids)
    article.product_models.set(content.model_ids)
    _revise(actor, article, _("Edited"))
    return article


@transaction.atomic
def change_status(*, actor: Actor, article_id: int, expected_version: int, status: str) -> Article:
    """Move along draft → reviewed → published → retired. Guards: the move exists; reviewing, publishing and
    retiring are a manager's; authors may send back to draft."""
    _require_author(actor)
    article = _locked(article_id, expected_version)
    if status not in STATUS_MOVES.get(article.status, set()):
        raise ValidationFailed(
            "kb_bad_status", _("This article cannot move to that status now."), {"field": "status"}
        )
    if status != ArticleStatus.DRAFT and actor.role not in REVIEW_ROLES:
        raise Forbidden("kb_review_forbidden", _("Only a manager may review, publish or retire articles."))
    changes: dict = {"status": status, "version": F("version") + 1}
    if status == ArticleStatus.PUBLISHED:
        changes["published_at"] = timezone.now()
    Article.objects.filter(pk=article.pk).update(**changes)
    article.refresh_from_db()
    _revise(actor, article, ArticleStatus(status).label)
    return article


@transaction.atomic
def add_image(*, actor: Actor, article_id: int, upload, step: int = 1, caption: str = "") -> ArticleImage:
    """Attach a picture to a solution step. Guard: an author; a real JPEG/PNG/WebP within the size limit."""
    import uuid

    from fixloop.workorders.uploads import EXTENSIONS, checked_image_type

    _require_author(actor)
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        raise NotFound("kb_article_not_found", _("Article not found."))
    content_type = checked_image_type(upload)
    upload.name = f"{uuid.uuid4().hex}.{EXTENSIONS[content_type]}"
    return ArticleImage.objects.create(article=article, file=upload, step=max(1, step), caption=caption[:200])


def published(article_id: int) -> Article:
    article = Article.objects.filter(pk=article_id, status=ArticleStatus.PUBLISHED).first()
    if article is None:
        raise NotFound("kb_article_not_found", _("Article not found."))
    return article


def record_view(*, article_id: int) -> None:
    Article.objects.filter(pk=article_id).update(views=F("views") + 1)


def vote(*, article_id: int, helpful: bool) -> None:
    """A "did this solve it?" answer; counted with F() so concurrent votes all count."""
    published(article_id)
    counter = "helpful_yes" if helpful else "helpful_no"
    Article.objects.filter(pk=article_id).update(**{counter: F(counter) + 1})


@transaction.atomic
def mark_solved(
    *, actor: Actor, article_id: int, source: str, query: str = "", product_model_id: int | None = None,
    tree_run_id: int | None = None,
) -> SelfService:  # fmt: skip
    """ "This solved it": the request ends here, self-resolved, and no work order is created (deflection).

    Effects: a SelfService row (what deflection is counted from), a helpful vote, the tree run marked solved.
    """
    from fixloop.kb.models import TreeRun

    article = published(article_id)
    customer_id = actor.customer_id if actor.role == Role.CUSTOMER else None
    record = SelfService.objects.create(
        article=article, source=source, customer_id=customer_id, user=actor.user, query=query[:2000],
        product_model_id=product_model_id if ProductModel.objects.filter(pk=product_model_id).exists() else None,
    )  # fmt: skip
    Article.objects.filter(pk=article.pk).update(helpful_yes=F("helpful_yes") + 1)
    if tree_run_id:
        TreeRun.objects.filter(pk=tree_run_id, user=actor.user).update(solved=True)
    return record
