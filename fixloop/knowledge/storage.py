"""On-disk layout of a knowledge index: one directory per version and a CURRENT file naming the live one."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bm25s

CURRENT = "CURRENT"
# The previous version stays on disk: a web process that read CURRENT just before a save may still be
# loading it.
KEEP_VERSIONS = 2


@dataclass(frozen=True)
class SavedIndex:
    version: str
    meta: dict[str, Any]
    articles: list[dict[str, Any]]
    retrievers: dict[str, bm25s.BM25 | None]
    directory: Path

    @property
    def version_number(self) -> int:
        return int(self.version.lstrip("v"))

    def read_tokens(self) -> list[dict[str, Any]]:
        """Per-article tokens, only needed to change a loaded index, so not read by load_index."""
        return json.loads((self.directory / "tokens.json").read_text(encoding="utf-8"))


def current_version(root: Path) -> str | None:
    try:
        return (root / CURRENT).read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def _versions(root: Path) -> list[str]:
    return sorted(p.name for p in root.glob("v[0-9]*") if p.is_dir())


def save_index(
    root: Path,
    *,
    meta: dict[str, Any],
    articles: list[dict[str, Any]],
    tokens: list[dict[str, Any]],
    retrievers: dict[str, bm25s.BM25 | None],
) -> str:
    """Write a complete new version beside the old ones, then switch CURRENT to it in one rename.

    One writer (the worker) is assumed; readers never see a half-written version.
    """
    root.mkdir(parents=True, exist_ok=True)
    existing = _versions(root)
    version = f"v{(int(existing[-1][1:]) + 1) if existing else 1:06d}"
    staging = root / f".{version}.{os.getpid()}.tmp"
    staging.mkdir()
    meta = {
        **meta,
        "version": version,
        "indexes": sorted(retrievers),
        "retrievers": sorted(n for n, r in retrievers.items() if r is not None),
    }
    _write_json(staging / "meta.json", meta)
    _write_json(staging / "articles.json", articles)
    _write_json(staging / "tokens.json", tokens)
    for name, retriever in retrievers.items():
        if retriever is not None:
            retriever.save(str(staging / name), show_progress=False)
    staging.rename(root / version)
    _write_text_atomic(root / CURRENT, version)
    for old in _versions(root)[:-KEEP_VERSIONS]:
        shutil.rmtree(root / old, ignore_errors=True)
    return version


def load_index(root: Path, *, mmap: bool) -> SavedIndex:
    version = current_version(root)
    if version is None:
        raise FileNotFoundError(f"no knowledge index saved under {root}")
    directory = root / version
    meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
    retrievers: dict[str, bm25s.BM25 | None] = {name: None for name in meta["indexes"]}
    for name in meta["retrievers"]:
        retrievers[name] = bm25s.BM25.load(str(directory / name), mmap=mmap, show_progress=False)
    return SavedIndex(
        version=version,
        meta=meta,
        articles=json.loads((directory / "articles.json").read_text(encoding="utf-8")),
        retrievers=retrievers,
        directory=directory,
    )


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _write_text_atomic(path: Path, version: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(version, encoding="utf-8")
    os.replace(tmp, path)
