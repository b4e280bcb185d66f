"""Knowledge base API, mounted at /api/kb: search and read published articles (for apps and partners)."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from fixloop.catalog.models import ProductModel
from fixloop.core.errors import NotFound, ValidationFailed
from fixloop.kb import index, selectors
from fixloop.kb.services.articles import published, record_view

router = Router(tags=["kb"])


class ArticleOut(Schema):
    id: int
    title: str
    symptoms: str
    cause: str
    steps: list[str]
    error_codes: list[str]
    language: str
    score: float | None = None


def _out(article, score=None) -> ArticleOut:
    return ArticleOut(
        id=article.pk, title=article.title, symptoms=article.symptoms, cause=article.cause, steps=article.steps,
        error_codes=article.code_list, language=article.language, score=score,
    )  # fmt: skip


@router.get("/search", response=list[ArticleOut], auth=None)
def search(
    request: HttpRequest, q: str, model_id: int | None = None, lang: str | None = None, limit: int = 5
):
    """Published articles for a free-text question (Chinese or English), best first, in `lang` ("zh-hans" or
    "en"; default: the request's language) or, when nothing matches in it, in the other language."""
    if not q.strip() or len(q) > 500:
        raise ValidationFailed("kb_bad_query", _("Give a question of 1 to 500 characters."), {"field": "q"})
    model = ProductModel.objects.filter(pk=model_id).first() if model_id else None
    if model_id and model is None:
        raise NotFound("kb_unknown_model", _("Unknown product model."), {"field": "model_id"})
    language = selectors.reader_language(lang)
    hits = index.search(q, product_model=model, language=language, k=max(1, min(limit, 20)))
    return [_out(a, s) for a, s in hits]


@router.get("/articles/{article_id}", response=ArticleOut, auth=None)
def article(request: HttpRequest, article_id: int):
    found = published(article_id)
    record_view(article_id=found.pk)
    return _out(found)
