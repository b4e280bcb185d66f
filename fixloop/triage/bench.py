"""`fixloop bench triage`: accuracy and macro-F1 of the production triage model on a fixed 80/20 split."""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import train_test_split

from fixloop.triage.model import Example, train


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, required=True, help="CSV file, or the COCC text file")
    parser.add_argument(
        "--format",
        choices=["auto", "csv", "tsv"],
        default="auto",
        help="tsv: '<text>\\t<label>' lines without header (COCC); auto picks by content",
    )
    parser.add_argument(
        "--text-col", default="text", help="column(s) joined into the text, e.g. 'subject+body'"
    )
    parser.add_argument("--label-col", default="label")
    parser.add_argument(
        "--lang", choices=["zh", "en", "de"], help="keep only rows with this 'language' value"
    )


def load_examples(path: Path, *, fmt: str, text_col: str, label_col: str, lang: str | None) -> list[Example]:
    """Rows with text and label; exact duplicates (same text and label) are dropped, as the baselines do."""
    if fmt == "auto":
        first = path.open(encoding="utf-8").readline()
        fmt = "tsv" if "\t" in first and "," not in first.split("\t")[-1] else "csv"
    if fmt == "tsv":
        rows = _tsv_rows(path)
    else:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    examples, seen = [], set()
    for row in rows:
        if lang and row.get("language") not in (None, lang):
            continue
        text = " ".join((row.get(c) or "") for c in text_col.split("+")).strip()
        label = (row.get(label_col) or "").strip()
        if text and label and (text, label) not in seen:
            seen.add((text, label))
            examples.append(Example(text=text, label=label))
    return examples


def _tsv_rows(path: Path) -> list[dict[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text, sep, label = line.rpartition("\t")
        if sep:
            rows.append({"text": text, "label": label})
    return rows


def run(options: argparse.Namespace, stdout: TextIO) -> dict[str, Any]:
    examples = load_examples(
        options.data,
        fmt=options.format,
        text_col=options.text_col,
        label_col=options.label_col,
        lang=options.lang,
    )
    labels = [e.label for e in examples]
    train_set, test_set = train_test_split(examples, test_size=0.2, stratify=labels, random_state=0)
    started = time.perf_counter()
    model = train(train_set, target=options.label_col)
    train_s = time.perf_counter() - started
    predicted = [p.label for p in model.predict_many([(e.text, e.features) for e in test_set])]
    truth = [e.label for e in test_set]
    figures = {
        "rows": len(examples),
        "classes": len(set(labels)),
        "accuracy": accuracy_score(truth, predicted),
        "macro_f1": f1_score(truth, predicted, average="macro"),
        "train_s": train_s,
    }
    stdout.write(
        "  ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in figures.items())
    )
    stdout.write("\n")
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m fixloop.triage.bench", description=__doc__)
    add_arguments(parser)
    run(parser.parse_args(argv), sys.stdout)


if __name__ == "__main__":
    main()
