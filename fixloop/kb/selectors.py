"""Reads for the knowledge-base pages: article lists, suggestions, deflection figures."""

from django.db.models import Count, Q, QuerySet
from django.utils import translation

from fixloop.catalog.models import ProductModel
from fixloop.kb import index
from fixloop.kb.models import Article, ArticleLanguage, ArticleStatus, FaultTree, SelfService, TreeRun


def reader_language(language: str | None = None) -> str:
    """The article language for a reader: English for an English UI, else Simplified Chinese."""
    language = (language or translation.get_language() or "").lower()
    return ArticleLanguage.EN if language.startswith("en") else ArticleLanguage.ZH_HANS


def in_reader_language(articles: QuerySet, language: str | None = None) -> QuerySet:
    """`articles` in the reader's language; in the other language only when there is none in theirs, so a
    list never holds one article twice (once per language)."""
    wanted = reader_language(language)
    if articles.filter(language=wanted).exists():
        return articles.filter(language=wanted)
    return articles.exclude(language=wanted)


def most_read(*, language: str | None = None, limit: int = 30) -> list[Article]:
    published = Article.objects.filter(status=ArticleStatus.PUBLISHED)
    return list(in_reader_language(published, language).order_by("-views", "-id")[:limit])


def article_list(
    *, status: str = "", text: str = "", lessons: bool = False, limit: int = 100
) -> list[Article]:
    articles = Article.objects.all()
    if status:
        articles = articles.filter(status=status)
    if lessons:
        articles = articles.exclude(source_order=None)
    if text:
        articles = articles.filter(
            Q(title__icontains=text) | Q(symptoms__icontains=text) | Q(error_codes__icontains=text)
        )
    return list(articles[:limit])


def suggestions(
    text: str, *, product_model: ProductModel | None = None, language: str | None = None, k: int = 5
):
    """Published articles for what a customer or agent typed, in the reader's language (the active one
    unless given) or, when nothing matches in it, in the other; nothing for too little text."""
    if len((text or "").strip()) < 2:
        return []
    language = reader_language(language)
    return [
        article for article, _score in index.search(text, product_model=product_model, language=language, k=k)
    ]


def deflection_figures() -> dict:
    """Self-service resolutions (requests that never became orders) by source, and tree walks."""
    by_source = dict(SelfService.objects.values_list("source").annotate(n=Count("id")))
    runs = TreeRun.objects.aggregate(total=Count("id"), solved=Count("id", filter=Q(solved=True)))
    return {
        "self_resolved": sum(by_source.values()),
        "by_source": [(SelfService.Source(s).label, n) for s, n in sorted(by_source.items())],
        "tree_runs": runs["total"],
        "tree_solved": runs["solved"],
        "published": Article.objects.filter(status=ArticleStatus.PUBLISHED).count(),
        "lessons_to_review": Article.objects.filter(status=ArticleStatus.DRAFT)
        .exclude(source_order=None)
        .count(),
    }


def active_trees(category_id: int | None = None) -> list[FaultTree]:
    trees = FaultTree.objects.filter(active=True).select_related("category")
    if category_id:
        trees = trees.filter(category_id=category_id)
    return list(trees)
