"""Chinese-first knowledge-base search: fused BM25 (bm25s) over words and character bigrams, plus exact matches."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import bm25s
import numpy as np

from fixloop.knowledge import storage
from fixloop.knowledge.analyzer import Analyzer, Vocabulary, canonical_term, char_ngrams, word_pairs

# bm25s sets its own logger to DEBUG on import and logs every index build: keep only its warnings.
logging.getLogger("bm25s").setLevel(logging.WARNING)

ArticleId = int | str


@dataclass(frozen=True)
class Article:
    """What search needs of a knowledge-base article; the Django model maps onto this."""

    id: ArticleId
    title: str = ""
    symptoms: str = ""
    cause: str = ""
    solution: str = ""
    error_codes: tuple[str, ...] = ()
    product_models: tuple[str, ...] = ()
    language: str = "zh"

    def head(self) -> str:
        return " ".join([self.title, self.symptoms, *self.error_codes, *self.product_models])

    def body(self) -> str:
        return " ".join([self.cause, self.solution])


@dataclass(frozen=True)
class SearchWeights:
    """How the signals add up. Defaults were chosen on the AutoMaster and MyFixit benchmarks (see bench.py)."""

    words: float = 1.0
    pairs: float = 0.4
    chars: float = 1.0
    # Field boost: title, symptoms, codes and models are repeated this many times in the word index
    # (the usual BM25F approximation), because customers describe symptoms, not fixes.
    head_repeat: int = 2
    # Added once per error code or catalogue term named in the query and listed on the article: an exact
    # code is stronger evidence than any shared word.
    exact_match: float = 0.5
    # Multiplies the score of articles for the asked-about model; only reorders articles that matched.
    model_boost: float = 0.3
    # Multiplies articles in another language than the one asked for: still found, ranked lower.
    other_language: float = 0.7


# The BM25 indexes, each over one kind of token; their scores are fused by SearchWeights.
_INDEXES = ("words", "pairs", "chars")


@dataclass(frozen=True)
class _DocTokens:
    words: list[str]
    pairs: list[str]
    chars: list[str]
    keys: frozenset[str]  # canonical error codes and models, for exact matching
    models: frozenset[str]


@dataclass(frozen=True)
class _Snapshot:
    """An immutable, searchable state; mutations build a new one and swap it in, so readers never wait."""

    ids: list[ArticleId]
    words: bm25s.BM25 | None
    pairs: bm25s.BM25 | None
    chars: bm25s.BM25 | None
    keys: list[frozenset[str]]
    models: list[frozenset[str]]
    languages: np.ndarray = field(repr=False)


def _bm25(corpus: list[list[str]]) -> bm25s.BM25 | None:
    if not any(corpus):
        return None
    retriever = bm25s.BM25()
    retriever.index(corpus, show_progress=False)
    return retriever


def _scores(retriever: bm25s.BM25 | None, tokens: list[str], size: int) -> np.ndarray:
    """BM25 scores scaled to [0, 1] by the best hit, so indexes with different score ranges can be summed."""
    ids = retriever.get_tokens_ids(tokens) if retriever is not None else []
    if not ids:
        return np.zeros(size, dtype=np.float32)
    scores = retriever.get_scores_from_ids(ids)
    top = float(scores.max())
    return scores / top if top > 0 else scores


class KnowledgeIndex:
    """Search index over articles; add/update/remove one article at a time, save to and load from a directory."""

    def __init__(self, *, vocabulary: Vocabulary | None = None, weights: SearchWeights | None = None) -> None:
        self.analyzer = Analyzer(vocabulary)
        self.weights = weights or SearchWeights()
        self.version = 0
        self._articles: dict[ArticleId, Article] = {}
        self._tokens: dict[ArticleId, _DocTokens] = {}
        self._write_lock = threading.Lock()
        self._saved: storage.SavedIndex | None = None
        self._snapshot = self._make_snapshot()

    # -- building and changing -------------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        articles: Iterable[Article],
        *,
        vocabulary: Vocabulary | None = None,
        weights: SearchWeights | None = None,
    ) -> KnowledgeIndex:
        index = cls(vocabulary=vocabulary, weights=weights)
        index.apply(upserts=articles)
        return index

    def add(self, article: Article) -> None:
        self.apply(upserts=[article])

    update = add

    def remove(self, article_id: ArticleId) -> None:
        self.apply(removals=[article_id])

    def apply(self, *, upserts: Iterable[Article] = (), removals: Iterable[ArticleId] = ()) -> None:
        """Add or replace and remove articles, then swap in a new snapshot.

        Only the changed articles are analysed again (jieba is the slow part); the BM25 matrices are rebuilt
        from the cached tokens, which takes well under a second for 10,000 articles. Searches running
        meanwhile keep using the previous snapshot.
        """
        with self._write_lock:
            self._ensure_tokens()
            for article in upserts:
                self._articles[article.id] = article
                self._tokens[article.id] = self._analyse(article)
            for article_id in removals:
                self._articles.pop(article_id, None)
                self._tokens.pop(article_id, None)
            self._snapshot = self._make_snapshot()
            self.version += 1

    def __len__(self) -> int:
        return len(self._snapshot.ids)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._articles

    def _analyse(self, article: Article) -> _DocTokens:
        text = " ".join([article.head()] * self.weights.head_repeat + [article.body()])
        keys, models = _exact_keys(article)
        words = self.analyzer.words(text)
        return _DocTokens(words, word_pairs(words), char_ngrams(text), keys, models)

    def _make_snapshot(self) -> _Snapshot:
        ids = list(self._tokens)
        docs = [self._tokens[i] for i in ids]
        return _Snapshot(
            ids=ids,
            words=_bm25([d.words for d in docs]),
            pairs=_bm25([d.pairs for d in docs]),
            chars=_bm25([d.chars for d in docs]),
            keys=[d.keys for d in docs],
            models=[d.models for d in docs],
            languages=np.array([self._articles[i].language for i in ids], dtype=object),
        )

    # -- searching -------------------------------------------------------------------------------------------

    def search(
        self,
        query: str,
        product_model: str | None = None,
        lang: str | None = None,
        k: int = 10,
        *,
        only_lang: str | None = None,
    ) -> list[tuple[ArticleId, float]]:
        """The k best articles for a free-text query, best first, as (article id, score).

        `only_lang` keeps articles of that language alone (a reader's list should not mix languages)."""
        snap = self._snapshot
        scores = self.score_all(query, product_model=product_model, lang=lang, snapshot=snap)
        if only_lang is not None and len(scores):
            scores = np.where(snap.languages == only_lang, scores, 0).astype(np.float32)
        if not len(scores):
            return []
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(snap.ids[i], round(float(scores[i]), 6)) for i in top if scores[i] > 0]

    def score_all(
        self,
        query: str,
        *,
        product_model: str | None = None,
        lang: str | None = None,
        snapshot: _Snapshot | None = None,
    ) -> np.ndarray:
        """The fused score of every article in snapshot order (for benchmarks and diagnostics)."""
        snap = snapshot or self._snapshot
        size, w = len(snap.ids), self.weights
        words = self.analyzer.words(query)
        scores = w.words * _scores(snap.words, words, size)
        scores += w.pairs * _scores(snap.pairs, word_pairs(words), size)
        scores += w.chars * _scores(snap.chars, char_ngrams(query), size)
        named = self.analyzer.codes(query)
        if named:
            scores += w.exact_match * np.array([len(named & keys) for keys in snap.keys], dtype=np.float32)
        if product_model:
            wanted = canonical_term(product_model)
            scores *= 1 + w.model_boost * np.array([wanted in m for m in snap.models], dtype=np.float32)
        if lang:
            scores *= np.where(snap.languages == lang, 1.0, w.other_language).astype(np.float32)
        return scores

    # -- persistence -----------------------------------------------------------------------------------------

    def save(self, path: str | Path) -> str:
        """Write a new version under `path` and make it current; returns the version name ("v000042")."""
        self._ensure_tokens()
        snap = self._snapshot
        return storage.save_index(
            Path(path),
            meta={"vocabulary": self.analyzer.vocabulary.to_dict(), "weights": asdict(self.weights)},
            articles=[asdict(self._articles[i]) for i in snap.ids],
            tokens=[{f: getattr(self._tokens[i], f) for f in _INDEXES} for i in snap.ids],
            retrievers={f: getattr(snap, f) for f in _INDEXES},
        )

    @classmethod
    def load(cls, path: str | Path, *, mmap: bool = True) -> KnowledgeIndex:
        """Load the current version; with mmap, web processes on one machine share the score matrices."""
        saved = storage.load_index(Path(path), mmap=mmap)
        index = cls(
            vocabulary=Vocabulary.from_dict(saved.meta["vocabulary"]),
            weights=SearchWeights(**saved.meta["weights"]),
        )
        articles = [_article_from_dict(a) for a in saved.articles]
        index._articles = {a.id: a for a in articles}
        index._tokens = {}
        index._saved = saved  # tokens are read only if this index is changed later
        keys = [_exact_keys(a) for a in articles]
        index._snapshot = _Snapshot(
            ids=[a.id for a in articles],
            **{f: saved.retrievers[f] for f in _INDEXES},
            keys=[k for k, _ in keys],
            models=[m for _, m in keys],
            languages=np.array([a.language for a in articles], dtype=object),
        )
        index.version = saved.version_number
        return index

    @staticmethod
    def current_version(path: str | Path) -> str | None:
        """The saved version name; cheap enough to check before each search to decide whether to reload."""
        return storage.current_version(Path(path))

    def _ensure_tokens(self) -> None:
        if self._saved is None:
            return
        for article_id, tokens in zip(self._snapshot.ids, self._saved.read_tokens(), strict=True):
            keys, models = _exact_keys(self._articles[article_id])
            self._tokens[article_id] = _DocTokens(**tokens, keys=keys, models=models)
        self._saved = None


def _exact_keys(article: Article) -> tuple[frozenset[str], frozenset[str]]:
    """Canonical codes and models of an article (for exact matching) and its models alone (for the boost)."""
    models = frozenset(canonical_term(m) for m in article.product_models)
    return models | {canonical_term(c) for c in article.error_codes}, models


def _article_from_dict(data: dict[str, Any]) -> Article:
    return Article(
        **{**data, "error_codes": tuple(data["error_codes"]), "product_models": tuple(data["product_models"])}
    )
