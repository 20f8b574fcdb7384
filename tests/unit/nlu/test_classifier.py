"""The intent model: trained from labelled text, stored and loaded without scikit-learn."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from jobexp.nlu.classifier import IntentModel, features, load_model, save_model
from jobexp.nlu.training import fit

TEXTS = {
    "weather": ["weather today", "is it raining", "how hot is it", "forecast please"],
    "call": ["call mom", "ring Bob", "phone my dad", "call Sarah please"],
    "unknown": ["set an alarm", "play music", "tell me a joke", "alarm at six"],
}


@pytest.fixture(scope="module")
def model() -> IntentModel:
    texts = [t for ts in TEXTS.values() for t in ts]
    intents = [i for i, ts in TEXTS.items() for _ in ts]
    return IntentModel({"en": fit(texts, intents, "en")}, "test")


def test_features_are_the_same_for_the_same_text() -> None:
    first, second = features("call mom", "en"), features("call mom", "en")
    assert first[0].tolist() == second[0].tolist()


def test_features_are_unit_length() -> None:
    _, values = features("what's the weather like", "en")
    assert abs(float((values**2).sum()) - 1.0) < 1e-5


def test_scores_are_probabilities_over_every_intent(model: IntentModel) -> None:
    scores = model.scores("ring mom", "en")
    assert set(scores.intents) == set(TEXTS)
    assert abs(sum(scores.probabilities) - 1.0) < 1e-5


def test_a_trained_model_tells_its_intents_apart(model: IntentModel) -> None:
    assert model.scores("call my brother", "en").best[0] == "call"
    assert model.scores("set the alarm", "en").best[0] == "unknown"


def test_a_stored_model_scores_exactly_as_before(model: IntentModel, tmp_path: Path) -> None:
    path = tmp_path / "intents.npz"
    save_model(model, path)
    loaded = load_model(path, ("en",))
    assert loaded.fingerprint == "test"
    assert loaded.scores("ring Bob now", "en") == model.scores("ring Bob now", "en")


def test_parsing_needs_no_scikit_learn() -> None:
    code = (
        "import sys, datetime as d; from jobexp.nlu import parse;"
        "parse('call mom', now=d.datetime(2026, 11, 29, tzinfo=d.timezone.utc));"
        "print('sklearn' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
