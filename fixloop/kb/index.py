"""The shared search index: built and saved by the worker, loaded by every web process when its version changes.

The index lives in a directory (`settings.FIXLOOP_KB_INDEX_DIR`) as numbered versions with a CURRENT file
(fixloop.knowledge.storage). Writers (the outbox handler and the periodic job) hold a file lock, so two
workers never interleave; readers check CURRENT before each search (one small file read) and reload with
mmap when it moved, so an edit shows up in every process without a restart.
"""

from __future__ import annotations

import fcntl
import threading
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch

from fixloop.catalog.models import ProductCategory, ProductModel
from fixloop.kb.models import Article, ArticleLanguage, ArticleStatus, split_list
from fixloop.knowledge import search as core
from fixloop.knowledge.analyzer import Vocabulary, build_vocabulary

_LANG = {ArticleLanguage.ZH_HANS: "zh", ArticleLanguage.EN: "en"}
_loaded: dict[str, tuple[str, core.KnowledgeIndex]] = {}
_load_lock = threading.Lock()


def index_dir() -> Path:
    return Path(settings.FIXLOOP_KB_INDEX_DIR)


def core_language(language: str | None) -> str | None:
    if not language:
        return None
    return "en" if language.lower().startswith("en") else "zh"


def to_core(article: Article) -> core.Article:
    """The search core's view of an article; models count by code and by name, categories by name."""
    models = [m.code for m in article.product_models.all()] + [m.name for m in article.product_models.all()]
    categories = [c.name for c in article.categories.all()] + [
        c.name_en for c in article.categories.all() if c.name_en
    ]
    return core.Article(
        id=article.pk,
        title=article.title,
        symptoms=" ".join([article.symptoms, *categories, *article.tag_list]),
        cause=article.cause,
        solution=article.solution,
        error_codes=tuple(article.code_list),
        product_models=tuple(models),
        language=_LANG.get(article.language, "zh"),
    )


def _published():
    return Article.objects.filter(status=ArticleStatus.PUBLISHED).prefetch_related(
        Prefetch("product_models", queryset=ProductModel.objects.only("code", "name")),
        Prefetch("categories", queryset=ProductCategory.objects.only("name", "name_en")),
    )


def vocabulary() -> Vocabulary:
    """Segmentation dictionary from the catalogue (category and model names, model codes) and article codes."""
    products = [n for c in ProductCategory.objects.values_list("name", "name_en") for n in c if n]
    products += [f"{b} {n}" for b, n in ProductModel.objects.values_list("brand", "name")]
    models = [n for m in ProductModel.objects.values_list("code", "name") for n in m if n]
    codes = [c for value in Article.objects.values_list("error_codes", flat=True) for c in split_list(value)]
    return build_vocabulary(products=products, models=models, error_codes=codes)


@contextmanager
def _writer_lock():
    root = index_dir()
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def rebuild() -> str:
    """Index every published article from scratch and make it current; returns the version name."""
    with _writer_lock():
        return _rebuild()


def _rebuild() -> str:
    articles = [to_core(a) for a in _published()]
    return core.KnowledgeIndex.build(articles, vocabulary=vocabulary()).save(index_dir())


def apply_change(article_id: int) -> str:
    """Bring one article's entry up to date (add, replace or drop); a new word for the dictionary forces a
    full rebuild, since tokens of other articles depend on it."""
    with _writer_lock():
        if core.KnowledgeIndex.current_version(index_dir()) is None:
            return _rebuild()
        index = core.KnowledgeIndex.load(index_dir(), mmap=False)
        if index.analyzer.vocabulary != vocabulary():
            return _rebuild()
        article = _published().filter(pk=article_id).first()
        if article is None:
            index.apply(removals=[article_id])
        else:
            index.apply(upserts=[to_core(article)])
        return index.save(index_dir())


def refresh_if_stale(now=None) -> int:
    """Periodic safety net: rebuild when the index's articles differ from what is published (e.g. a lost
    message or a changed catalogue). Returns 1 when it rebuilt."""
    with _writer_lock():
        current = _current_index()
        wanted = set(Article.objects.filter(status=ArticleStatus.PUBLISHED).values_list("pk", flat=True))
        if (
            current is not None
            and set(current._articles) == wanted
            and current.analyzer.vocabulary == vocabulary()
        ):
            return 0
        _rebuild()
        return 1


def _current_index() -> core.KnowledgeIndex | None:
    root = index_dir()
    version = core.KnowledgeIndex.current_version(root)
    if version is None:
        return None
    key = str(root)
    with _load_lock:
        cached = _loaded.get(key)
        if cached is None or cached[0] != version:
            try:
                cached = (version, core.KnowledgeIndex.load(root, mmap=True))
            except FileNotFoundError:  # a newer save removed it meanwhile: keep what we have
                return cached[1] if cached else None
            _loaded[key] = cached
    return cached[1]


def current_index() -> core.KnowledgeIndex:
    """The live index for this process, reloaded when the worker saved a newer version; built if none yet."""
    index = _current_index()
    if index is None:
        rebuild()
        index = _current_index()
    return index


def search(
    text: str, *, product_model: ProductModel | None = None, language: str | None = None, k: int = 5
) -> list[tuple[Article, float]]:
    """Published articles best matching `text`, the asked-about model boosted; status is checked again in
    the database so a just-retired article never shows, even before the index caught up.

    With a `language`, only articles in it are returned, or, when none matches, only articles in the other
    language: a reader never gets the same article twice, once per language.
    """
    if not (text or "").strip():
        return []
    model = product_model.code if product_model else None
    live = current_index()
    wanted = core_language(language)
    if wanted is None:
        return _published_hits(live.search(text, product_model=model, k=k + 5), k)
    for lang in (wanted, *(other for other in _LANG.values() if other != wanted)):
        found = _published_hits(live.search(text, product_model=model, lang=lang, k=k + 5, only_lang=lang), k)
        if found:
            return found
    return []


def _published_hits(hits: list[tuple[int, float]], k: int) -> list[tuple[Article, float]]:
    by_id = Article.objects.filter(pk__in=[h[0] for h in hits], status=ArticleStatus.PUBLISHED).in_bulk()
    return [(by_id[i], score) for i, score in hits if i in by_id][:k]
