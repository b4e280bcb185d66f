"""`fixloop bench kb`: recall@1/5, MRR and latency of knowledge search on a benchmark set or at scale."""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from fixloop.knowledge.bench_data import Dataset, load_automaster, load_jsonl, load_myfixit
from fixloop.knowledge.search import Article, KnowledgeIndex, SearchWeights


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dataset", choices=["automaster", "myfixit"], help="a set from shared/bench/kb")
    parser.add_argument("--path", type=Path, help="directory of --dataset")
    parser.add_argument("--articles", type=Path, help="JSON-lines articles (instead of --dataset)")
    parser.add_argument("--queries", type=Path, help="JSON-lines queries with relevant ids")
    parser.add_argument(
        "--query-field",
        choices=["title", "device_part"],
        default="title",
        help="MyFixit query: guide title, or Category + Subject",
    )
    parser.add_argument(
        "--scale",
        type=int,
        default=0,
        help="also time queries on an index of this many articles (the set's articles repeated)",
    )
    parser.add_argument("--weights", default="", help="override SearchWeights, e.g. 'chars=0.8,words=1'")


def run(options: argparse.Namespace, stdout: TextIO) -> dict[str, Any]:
    data = _load(options)
    weights = _weights(options.weights)
    started = time.perf_counter()
    index = KnowledgeIndex.build(data.articles, weights=weights)
    build_s = time.perf_counter() - started
    figures = {"articles": len(data.articles), "queries": len(data.queries), "build_s": build_s}
    figures |= evaluate(index, data)
    stdout.write(_format(figures) + "\n")
    if options.scale:
        scaled = measure_scale(data, options.scale, weights)
        stdout.write(_format(scaled) + "\n")
        figures["scale"] = scaled
    return figures


def evaluate(index: KnowledgeIndex, data: Dataset) -> dict[str, float]:
    """Ranks every article for every query (no cutoff), as the baselines do."""
    position = {article_id: i for i, article_id in enumerate(index._snapshot.ids)}
    ranks, latencies = [], []
    for query in data.queries:
        started = time.perf_counter()
        index.search(query.text, product_model=query.product_model, lang=query.lang, k=10)
        latencies.append(time.perf_counter() - started)
        scores = index.score_all(query.text, product_model=query.product_model, lang=query.lang)
        best = max(scores[position[r]] for r in query.relevant)
        # Ties are counted against us: a relevant article ranks after every article with an equal score.
        ranks.append(int((scores > best).sum()) + int((scores == best).sum()))
    rank = np.array(ranks)
    return {
        "recall@1": float((rank <= 1).mean()),
        "recall@5": float((rank <= 5).mean()),
        "mrr": float((1.0 / rank).mean()),
        **_latency(latencies),
    }


def measure_scale(data: Dataset, size: int, weights: SearchWeights) -> dict[str, float]:
    """Build an index of `size` articles by repeating the set, then time queries and a one-article update."""
    articles = [replace(data.articles[i % len(data.articles)], id=f"{i}") for i in range(size)]
    started = time.perf_counter()
    index = KnowledgeIndex.build(articles, weights=weights)
    build_s = time.perf_counter() - started
    latencies = []
    for query in data.queries[:500]:
        started = time.perf_counter()
        index.search(query.text, k=10)
        latencies.append(time.perf_counter() - started)
    started = time.perf_counter()
    index.update(Article(id="0", title="更新 updated", solution=articles[0].solution, language="zh"))
    update_s = time.perf_counter() - started
    return {
        "scale_articles": size,
        "scale_build_s": build_s,
        "scale_update_one_s": update_s,
        **{f"scale_{k}": v for k, v in _latency(latencies).items()},
    }


def _latency(seconds: list[float]) -> dict[str, float]:
    ms = np.array(seconds) * 1000
    return {"latency_p50_ms": float(np.percentile(ms, 50)), "latency_p95_ms": float(np.percentile(ms, 95))}


def _load(options: argparse.Namespace) -> Dataset:
    if options.dataset == "automaster":
        return load_automaster(options.path)
    if options.dataset == "myfixit":
        return load_myfixit(options.path, query=options.query_field)
    if options.articles:
        return load_jsonl(options.articles, options.queries)
    raise SystemExit("give --dataset with --path, or --articles with --queries")


def _weights(spec: str) -> SearchWeights:
    pairs = [p.split("=", 1) for p in spec.split(",") if p.strip()]
    fields = SearchWeights.__dataclass_fields__
    return SearchWeights(**{k.strip(): type(fields[k.strip()].default)(v) for k, v in pairs})


def _format(figures: dict[str, Any]) -> str:
    return "  ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in figures.items())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m fixloop.knowledge.bench", description=__doc__)
    add_arguments(parser)
    run(parser.parse_args(argv), sys.stdout)


if __name__ == "__main__":
    main()
