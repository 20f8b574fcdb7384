"""The learned intent classifier: hashed character and word n-grams, one linear model per language.

Training (`train`, run by `jobexp nlu train` at install time and on first use when the model is
missing or stale) uses scikit-learn's multinomial logistic regression on the team's corpus
(training split only). Prediction needs only NumPy: the weights are one matrix per language, so
the device loads the model without importing scikit-learn (whose import alone takes ~0.8 s).
"""

from __future__ import annotations

import os
import threading
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np
import numpy.typing as npt

from jobexp.nlu.model import Lang

__all__ = ["FEATURE_VERSION", "IntentModel", "Scores", "features", "load_model", "save_model"]

DIMENSIONS = 1 << 17
FEATURE_VERSION = "ngrams-v1"  # change when `features` changes: a stored model is then stale
Vector = tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]


def _grams(text: str, lang: Lang) -> Iterator[str]:
    words = text.casefold().split()
    for word in words:
        if lang == "zh" and not word.isascii():
            yield from _char_grams(word, 1, 3)
        else:
            yield f"w:{word}"
            yield from _char_grams(f" {word} ", 2, 5)
    for first, second in pairwise(words):
        yield f"b:{first} {second}"


def _char_grams(text: str, low: int, high: int) -> Iterator[str]:
    for size in range(low, high + 1):
        for start in range(len(text) - size + 1):
            yield text[start : start + size]


def features(text: str, lang: Lang) -> Vector:
    """The text's n-grams hashed into DIMENSIONS buckets, present or not, L2-normalized."""
    buckets = {zlib.crc32(gram.encode("utf-8")) & (DIMENSIONS - 1) for gram in _grams(text, lang)}
    index = np.fromiter(sorted(buckets), dtype=np.int64, count=len(buckets))
    values = np.full(len(index), 1.0 / np.sqrt(max(len(index), 1)), dtype=np.float32)
    return index, values


@dataclass(frozen=True)
class Scores:
    """One probability per intent, from one language's model."""

    intents: tuple[str, ...]
    probabilities: tuple[float, ...]

    def of(self, intent: str) -> float:
        return self.probabilities[self.intents.index(intent)] if intent in self.intents else 0.0

    @property
    def best(self) -> tuple[str, float]:
        top = max(range(len(self.intents)), key=self.probabilities.__getitem__)
        return self.intents[top], self.probabilities[top]


@dataclass(frozen=True)
class LangWeights:
    intents: tuple[str, ...]
    weights: npt.NDArray[np.float32]  # intents x DIMENSIONS
    bias: npt.NDArray[np.float32]


class IntentModel:
    """The trained weights for both languages; `scores` is pure arithmetic, thread-safe."""

    def __init__(self, langs: dict[Lang, LangWeights], fingerprint: str) -> None:
        self.langs = langs
        self.fingerprint = fingerprint

    def scores(self, text: str, lang: Lang) -> Scores:
        model = self.langs[lang]
        index, values = features(text, lang)
        logits = model.weights[:, index] @ values + model.bias
        exp = np.exp(logits - logits.max())
        probabilities = exp / exp.sum()
        return Scores(model.intents, tuple(float(p) for p in probabilities))


def save_model(model: IntentModel, path: Path) -> None:
    """Write atomically: a reader never sees half a model."""
    arrays: dict[str, npt.NDArray[np.generic]] = {
        "fingerprint": np.array(model.fingerprint),
    }
    for lang, weights in model.langs.items():
        arrays[f"{lang}_intents"] = np.array(weights.intents)
        arrays[f"{lang}_weights"] = weights.weights
        arrays[f"{lang}_bias"] = weights.bias
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    with partial.open("wb") as out:
        np.savez_compressed(out, **arrays)  # type: ignore[arg-type]
    partial.replace(path)


def load_model(path: Path, langs: Sequence[Lang] = ("en", "zh")) -> IntentModel:
    with np.load(path, allow_pickle=False) as data:
        return IntentModel(
            {
                lang: LangWeights(
                    tuple(str(i) for i in data[f"{lang}_intents"]),
                    data[f"{lang}_weights"].astype(np.float32),
                    data[f"{lang}_bias"].astype(np.float32),
                )
                for lang in langs
            },
            str(data["fingerprint"]),
        )
