"""Building the intent model from the team's corpus, reproducibly, and finding it again.

The model is a function of the corpus files, the feature version and the settings below (its
`fingerprint`). It is built by `jobexp nlu train` (the install scripts run it) into the
package's `trained/` folder, or, where that is not writable, into the user's cache; a missing or
stale model is built on first use. Only the training split is used: the held-out fifth is never
trained or tuned on.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from importlib.resources import files
from pathlib import Path

import numpy as np

from jobexp.nlu.classifier import (
    DIMENSIONS,
    FEATURE_VERSION,
    IntentModel,
    LangWeights,
    features,
    load_model,
    save_model,
)
from jobexp.nlu.model import Lang

__all__ = ["REGULARIZATION", "ensure_model", "fingerprint", "model_paths", "train"]

LANGS: tuple[Lang, ...] = ("en", "zh")
REGULARIZATION = 32.0  # logistic regression's C: 5-fold cross-validation on the training split
MODEL_NAME = "intents.npz"
Prepare = Callable[[str, Lang], str]


def fingerprint() -> str:
    """What the model depends on: every corpus file, the features and the settings."""
    digest = hashlib.sha256(f"{FEATURE_VERSION}|{DIMENSIONS}|{REGULARIZATION}".encode())
    corpus = files("jobexp.nlu.corpus")
    for folder in (corpus, corpus.joinpath("bulk")):
        for entry in sorted(folder.iterdir(), key=lambda f: f.name):
            if entry.name.endswith(".yaml"):
                digest.update(entry.name.encode())
                digest.update(entry.read_bytes())
    for module in ("text.py", "chinese.py", "timex_en.py", "timex_zh.py", "prepare.py"):
        digest.update(files("jobexp.nlu").joinpath(module).read_bytes())
    return digest.hexdigest()[:16]


def model_paths() -> tuple[Path, ...]:
    """Where the model is looked for, in order: the package, then the user's cache."""
    package = Path(str(files("jobexp.nlu"))) / "trained" / MODEL_NAME
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "jobexp"
    return package, cache / MODEL_NAME


def ensure_model(prepare: Prepare) -> IntentModel:
    """The current model: loaded when up to date, else trained now and stored for next time."""
    wanted = fingerprint()
    for path in model_paths():
        if path.exists():
            try:
                model = load_model(path)
            except (OSError, KeyError, ValueError):
                continue  # damaged or from another version: rebuild below
            if model.fingerprint == wanted:
                return model
    model = train(prepare, wanted)
    store(model)
    return model


def store(model: IntentModel) -> Path | None:
    """Save where possible (the package first); a read-only install still works, untrained."""
    for path in model_paths():
        try:
            save_model(model, path)
        except OSError:
            continue
        return path
    return None


def train(prepare: Prepare, stamp: str | None = None) -> IntentModel:
    """Fit one multinomial logistic regression per language on the training split."""
    from jobexp.nlu.corpus import load_all  # noqa: PLC0415 (corpus YAML only when training)

    langs: dict[Lang, LangWeights] = {}
    for lang in LANGS:
        examples = load_all((lang,), split="train")
        texts = [prepare(e.text, lang) for e in examples]
        langs[lang] = fit(texts, [e.intent for e in examples], lang)
    return IntentModel(langs, stamp or fingerprint())


def fit(
    texts: Sequence[str], intents: Sequence[str], lang: Lang, c: float = REGULARIZATION
) -> LangWeights:
    from scipy.sparse import csr_matrix  # noqa: PLC0415 (training only)
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415 (training only)

    rows, cols, vals = [], [], []
    for row, text in enumerate(texts):
        index, values = features(text, lang)
        rows.extend([row] * len(index))
        cols.extend(index.tolist())
        vals.extend(values.tolist())
    matrix = csr_matrix((vals, (rows, cols)), shape=(len(texts), DIMENSIONS), dtype=np.float64)
    model = LogisticRegression(C=c, solver="saga", max_iter=3000, tol=1e-3, random_state=0)
    model.fit(matrix, list(intents))
    return LangWeights(
        tuple(str(c) for c in model.classes_),
        model.coef_.astype(np.float32),
        model.intercept_.astype(np.float32),
    )
