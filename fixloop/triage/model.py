"""Triage classifier: learns one label (kind, fault category, skill or priority) from closed orders' text."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import joblib
import sklearn
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import FeatureUnion, make_pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.svm import LinearSVC

from fixloop.knowledge.analyzer import Analyzer, Vocabulary

# Below these counts we refuse to train (TooLittleHistory). Calibration and the choice of C each use a
# 3-fold split, so a class needs at least 3 examples in every fold's training part to be learnt at all, and
# about 10 before its confidence means anything; a company with fewer than 100 closed orders is better
# served by no suggestion than by a confident-looking guess. Classes under MIN_PER_CLASS are left out of
# the model (never suggested) rather than blocking the others.
MIN_EXAMPLES = 100
MIN_PER_CLASS = 10
# Regularisation strengths tried by 3-fold cross-validation on the training data itself; noisy labels such
# as priority want a smaller C than clean ones.
C_GRID = (0.1, 0.3, 1.0)
KEEP_VERSIONS = 2


class TooLittleHistory(Exception):
    """Not enough closed orders to learn from; the assistant then suggests nothing."""


@dataclass(frozen=True)
class Example:
    """One closed order: its free text, the label to learn and optional context (product category, tier)."""

    text: str
    label: str
    features: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Prediction:
    label: str
    confidence: float
    alternatives: list[tuple[str, float]]


class _Words:
    """Picklable word tokenizer: the model file stores the vocabulary, not jieba's 30 MB dictionary."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self._analyzer: Analyzer | None = None

    def __call__(self, text: str) -> list[str]:
        if self._analyzer is None:
            self._analyzer = Analyzer(self.vocabulary)
        return self._analyzer.words(text)

    def __getstate__(self) -> dict[str, Any]:
        return {"vocabulary": self.vocabulary, "_analyzer": None}


def _texts(rows: Sequence[tuple[str, Mapping[str, str]]]) -> list[str]:
    return [text for text, _ in rows]


def _features(rows: Sequence[tuple[str, Mapping[str, str]]]) -> list[dict[str, str]]:
    return [dict(features) for _, features in rows]


def make_features(vocabulary: Vocabulary | None = None) -> FeatureUnion:
    """Character 1-4-grams (Chinese needs no segmentation for them, and they survive typos), jieba/stemmed
    word 1-2-grams, and one-hot context features."""
    return FeatureUnion(
        [
            (
                "chars",
                make_pipeline(
                    FunctionTransformer(_texts),
                    TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), min_df=2, sublinear_tf=True),
                ),
            ),
            (
                "words",
                make_pipeline(
                    FunctionTransformer(_texts),
                    TfidfVectorizer(
                        tokenizer=_Words(vocabulary or Vocabulary()),
                        token_pattern=None,
                        lowercase=False,
                        ngram_range=(1, 2),
                        min_df=2,
                        sublinear_tf=True,
                    ),
                ),
            ),
            ("context", make_pipeline(FunctionTransformer(_features), DictVectorizer())),
        ]
    )


def _fit_classifier(x: Any, labels: list[str]) -> CalibratedClassifierCV:
    """Linear SVM with balanced class weights, C picked by cross-validated macro-F1, sigmoid-calibrated.

    ensemble=False keeps one SVM trained on all data (as accurate as the uncalibrated one) and fits the
    calibration on cross-validated decisions, so confidences are honest probabilities.
    """
    folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)
    search = GridSearchCV(LinearSVC(class_weight="balanced"), {"C": C_GRID}, cv=folds, scoring="f1_macro")
    search.fit(x, labels)
    calibrated = CalibratedClassifierCV(
        LinearSVC(class_weight="balanced", C=search.best_params_["C"]), cv=folds, ensemble=False
    )
    return calibrated.fit(x, labels)


@dataclass
class TriageModel:
    """A trained classifier for one target with what it was trained on; saved and loaded as one file."""

    target: str
    features: FeatureUnion
    classifier: CalibratedClassifierCV
    n_examples: int
    class_counts: dict[str, int]
    trained_at: str
    sklearn_version: str = sklearn.__version__
    version: int = 0

    @property
    def labels(self) -> list[str]:
        return list(self.classifier.classes_)

    def predict(self, text: str, features: Mapping[str, str] | None = None) -> Prediction:
        return self.predict_many([(text, features or {})])[0]

    def predict_many(self, rows: Sequence[tuple[str, Mapping[str, str]]]) -> list[Prediction]:
        """The label is the SVM's own choice; the confidence is its calibrated probability.

        Taking the argmax of the calibrated probabilities instead would drift towards frequent classes
        (sigmoid calibration learns the class prior): on the priority benchmark macro-F1 fell from 0.52 to 0.46.
        """
        x = self.features.transform(list(rows))
        svm = self.classifier.calibrated_classifiers_[0].estimator
        chosen = svm.predict(x)
        classes = [str(c) for c in self.classifier.classes_]
        predictions = []
        for label, row in zip(chosen, self.classifier.predict_proba(x), strict=True):
            probability = dict(zip(classes, (round(float(p), 4) for p in row), strict=True))
            others = sorted((c for c in classes if c != label), key=lambda c: -probability[c])
            predictions.append(
                Prediction(
                    label=str(label),
                    confidence=probability[str(label)],
                    alternatives=[(c, probability[c]) for c in others],
                )
            )
        return predictions


def train(
    examples: Sequence[Example], *, target: str = "label", vocabulary: Vocabulary | None = None
) -> TriageModel:
    """Train on closed orders. Raises TooLittleHistory below MIN_EXAMPLES or with fewer than two classes
    that have MIN_PER_CLASS examples each; rarer classes are left out."""
    counts = Counter(e.label for e in examples)
    kept = [e for e in examples if counts[e.label] >= MIN_PER_CLASS]
    classes = {e.label for e in kept}
    if len(kept) < MIN_EXAMPLES or len(classes) < 2:
        raise TooLittleHistory(
            f"{target}: {len(kept)} usable examples in {len(classes)} classes; need {MIN_EXAMPLES} "
            f"in at least 2 classes of {MIN_PER_CLASS}+"
        )
    features = make_features(vocabulary)
    x = features.fit_transform([(e.text, e.features) for e in kept])
    labels = [e.label for e in kept]
    return TriageModel(
        target=target,
        features=features,
        classifier=_fit_classifier(x, labels),
        n_examples=len(kept),
        class_counts=dict(Counter(labels)),
        trained_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )


# -- versioned files -------------------------------------------------------------------------------------------


def _versions(directory: Path, target: str) -> list[tuple[int, Path]]:
    pattern = re.compile(rf"{re.escape(target)}-v(\d+)\.joblib")
    found = [
        (int(m.group(1)), p)
        for p in directory.glob(f"{target}-v*.joblib")
        if (m := pattern.fullmatch(p.name))
    ]
    return sorted(found)


def save_model(model: TriageModel, directory: str | Path) -> Path:
    """Write `<target>-v<N>.joblib` with the next version number; the previous file is kept, older ones go."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    existing = _versions(directory, model.target)
    model.version = existing[-1][0] + 1 if existing else 1
    path = directory / f"{model.target}-v{model.version:04d}.joblib"
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    joblib.dump(model, tmp)
    os.replace(tmp, path)  # readers never see a half-written model
    for _, old in _versions(directory, model.target)[:-KEEP_VERSIONS]:
        old.unlink(missing_ok=True)
    return path


def load_model(directory: str | Path, target: str, version: int | None = None) -> TriageModel:
    """The newest (or the given) version. Model files are pickles: load only files this system wrote."""
    versions = dict(_versions(Path(directory), target))
    if not versions:
        raise FileNotFoundError(f"no {target} model in {directory}")
    model: TriageModel = joblib.load(versions[version if version is not None else max(versions)])
    if model.sklearn_version != sklearn.__version__:
        raise RuntimeError(
            f"{target} model was trained with scikit-learn {model.sklearn_version}, "
            f"this is {sklearn.__version__}: retrain it"
        )
    return model
