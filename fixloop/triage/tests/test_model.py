"""Tests for the triage classifier: refusing thin history, confidences, and versioned model files."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from fixloop.triage.model import (
    MIN_EXAMPLES,
    MIN_PER_CLASS,
    Example,
    TooLittleHistory,
    load_model,
    save_model,
    train,
)

PHRASES = {
    "repair": ["洗衣机不排水", "空调不制冷", "屏幕碎了需要维修", "开不了机", "washing machine leaks water"],
    "consultation": [
        "请问保修期多久",
        "怎么设置定时",
        "发票怎么开",
        "how do I reset the timer",
        "保修政策咨询",
    ],
    "maintenance": [
        "空调清洗保养",
        "定期保养预约",
        "滤网更换保养",
        "annual maintenance visit",
        "深度清洁服务",
    ],
}


def examples(per_class: int, seed: int = 0) -> list[Example]:
    rng = random.Random(seed)
    rows = []
    for label, phrases in PHRASES.items():
        for i in range(per_class):
            text = f"{rng.choice(phrases)}，{rng.choice(phrases)} 订单{i}"
            rows.append(Example(text=text, label=label, features={"tier": rng.choice(["vip", "standard"])}))
    return rows


@pytest.fixture(scope="module")
def model():
    return train(examples(40), target="kind")


def test_too_little_history_is_refused() -> None:
    with pytest.raises(TooLittleHistory):
        train(examples(MIN_EXAMPLES // 3 - 1))


def test_one_class_with_enough_rows_is_not_enough() -> None:
    rows = examples(MIN_EXAMPLES)
    only = [e for e in rows if e.label == "repair"] + [e for e in rows if e.label != "repair"][
        : MIN_PER_CLASS - 1
    ]
    with pytest.raises(TooLittleHistory):
        train(only)


def test_rare_classes_are_left_out() -> None:
    rows = examples(40) + [Example(text="培训 安装培训", label="training")] * (MIN_PER_CLASS - 1)
    assert "training" not in train(rows).labels


def test_predict_returns_label_and_confidence(model) -> None:
    prediction = model.predict("我家洗衣机不排水了", {"tier": "vip"})
    assert prediction.label == "repair"
    assert 0.0 < prediction.confidence <= 1.0
    assert {label for label, _ in prediction.alternatives} == {"consultation", "maintenance"}
    assert model.predict("请问保修期多久").label == "consultation"


def test_save_keeps_previous_version(model, tmp_path: Path) -> None:
    paths = [save_model(model, tmp_path) for _ in range(3)]
    assert [p.name for p in paths] == ["kind-v0001.joblib", "kind-v0002.joblib", "kind-v0003.joblib"]
    assert sorted(p.name for p in tmp_path.glob("*.joblib")) == ["kind-v0002.joblib", "kind-v0003.joblib"]
    loaded = load_model(tmp_path, "kind")
    assert loaded.version == 3
    assert load_model(tmp_path, "kind", version=2).version == 2
    assert loaded.predict("空调不制冷").label == model.predict("空调不制冷").label


def test_load_without_model_fails(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_model(tmp_path, "priority")
