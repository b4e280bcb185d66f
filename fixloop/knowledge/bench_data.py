"""Benchmark adapters: turn AutoMaster, MyFixit or JSON-lines files into articles and (query, relevant ids)."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from fixloop.knowledge.search import Article, ArticleId

AUTOMASTER_BOILERPLATE = ("汽车大师APP", "点击我的头像", "关注我")


@dataclass(frozen=True)
class Query:
    text: str
    relevant: frozenset[ArticleId]
    product_model: str | None = None
    lang: str | None = None


@dataclass
class Dataset:
    articles: list[Article]
    queries: list[Query] = field(default_factory=list)


def load_automaster(directory: Path) -> Dataset:
    """Follows SOURCE.md: KB = technicians' Reports; query = the same row's Question.

    Rows need a Question and a Report of 20+ characters without app boilerplate; a Report seen before is
    dropped with its row. Brand, Model and Dialogue are not used.
    """
    data = Dataset(articles=[])
    seen: set[str] = set()
    with (directory / "AutoMaster_TrainSet.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            question, report = (row.get("Question") or "").strip(), (row.get("Report") or "").strip()
            if not question or len(report) < 20 or any(b in report for b in AUTOMASTER_BOILERPLATE):
                continue
            if report in seen:
                continue
            seen.add(report)
            data.articles.append(Article(id=row["QID"], solution=report, language="zh"))
            data.queries.append(Query(text=question, relevant=frozenset([row["QID"]])))
    return data


def load_myfixit(directory: Path, *, query: str = "title", categories: list[str] | None = None) -> Dataset:
    """Follows SOURCE.md: a guide's document is its steps' Text_raw plus toolbox names (no title, category,
    subject or URL); the query is the title (or Category + Subject) and guides with the same title count too.
    """
    guides = []
    for path in sorted((directory / "jsons").glob("*.json")):
        if categories and path.stem not in categories:
            continue
        guides.extend(
            json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
        )
    by_title: dict[str, set[ArticleId]] = defaultdict(set)
    for guide in guides:
        by_title[guide["Title"]].add(guide["Guidid"])
    data = Dataset(articles=[])
    for guide in guides:
        steps = " ".join(step.get("Text_raw") or "" for step in guide["Steps"])
        tools = " ".join(tool["Name"] for tool in guide.get("Toolbox") or [])
        data.articles.append(Article(id=guide["Guidid"], solution=f"{steps} {tools}", language="en"))
        if query == "title":
            text = guide["Title"]
        elif guide.get("Subject"):
            text = f"{guide['Category']} {guide['Subject']}"
        else:
            continue
        data.queries.append(
            Query(text=text, relevant=frozenset(by_title[guide["Title"]] | {guide["Guidid"]}))
        )
    return data


def load_jsonl(articles_path: Path, queries_path: Path | None) -> Dataset:
    """Articles: one JSON object per line with Article's fields. Queries: {"query", "relevant": [ids],
    optional "product_model", "lang"}."""

    def rows(path: Path) -> list[dict]:
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    articles = [
        Article(
            **{
                **a,
                "error_codes": tuple(a.get("error_codes", ())),
                "product_models": tuple(a.get("product_models", ())),
            }
        )
        for a in rows(articles_path)
    ]
    queries = [
        Query(
            text=q["query"],
            relevant=frozenset(q["relevant"]),
            product_model=q.get("product_model"),
            lang=q.get("lang"),
        )
        for q in (rows(queries_path) if queries_path else [])
    ]
    return Dataset(articles=articles, queries=queries)
