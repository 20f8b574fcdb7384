"""How the arbitration thresholds are chosen: on cross-validated scores of the training split.

Each training command is scored by a model trained on the other four folds, beside the
templates' reading of it; every combination of thresholds on a grid is then tried, and the one
that gets the most clear commands right while accepting at most the given shares of near misses
and of other out-of-scope commands wins. The held-out split plays no part.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from jobexp.nlu.arbitration import Thresholds, decide
from jobexp.nlu.classifier import IntentModel, Scores
from jobexp.nlu.corpus import Example, load_all
from jobexp.nlu.engine import Nlu
from jobexp.nlu.model import Lang
from jobexp.nlu.prepare import for_classifier
from jobexp.nlu.training import REGULARIZATION, fit

__all__ = ["Outcome", "Scored", "choose", "cross_validated", "outcome"]

FOLDS = 5
GRID = {
    "accept": (0.4, 0.5, 0.55, 0.6, 0.65, 0.7),
    "veto": (0.3, 0.4, 0.5, 0.6, 0.7),
    "keep": (0.05, 0.1, 0.15, 0.25, 0.35),
    "override": (0.6, 0.7, 0.8, 0.9, 1.01),
}


@dataclass(frozen=True)
class Scored:
    example: Example
    template: str | None
    scores: Scores


@dataclass(frozen=True)
class Outcome:
    clear: float  # commands JobExp does, right
    near: float  # near misses accepted as some intent
    other: float  # other out-of-scope commands and small talk accepted


def cross_validated(lang: Lang, progress: Callable[[int], None] = lambda _: None) -> list[Scored]:
    """Every training command with its templates' reading and its out-of-fold scores."""
    from sklearn.model_selection import StratifiedKFold  # noqa: PLC0415 (tuning only)

    examples = load_all((lang,), split="train")
    texts = [for_classifier(e.text, lang) for e in examples]
    intents = [e.intent for e in examples]
    templates = Nlu(model=IntentModel({}, "templates only"))
    scored: dict[int, Scores] = {}
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=0).split(texts, intents)
    for number, (train, test) in enumerate(folds):
        weights = fit([texts[i] for i in train], [intents[i] for i in train], lang, REGULARIZATION)
        model = IntentModel({lang: weights}, "fold")
        scored.update({i: model.scores(texts[i], lang) for i in test})
        progress(number + 1)
    return [Scored(e, _template(templates, e), scored[i]) for i, e in enumerate(examples)]


def _template(nlu: Nlu, example: Example) -> str | None:
    got = nlu.template_parse(
        example.text, lang=example.lang, now=example.now, slot_lists=example.slot_lists
    )
    return None if got.intent == "unknown" else got.intent


def outcome(rows: Sequence[Scored], limits: Thresholds) -> Outcome:
    clear = [r for r in rows if r.example.intent != "unknown"]
    near = [r for r in rows if r.example.intent == "unknown" and r.example.kind == "near"]
    other = [r for r in rows if r.example.intent == "unknown" and r.example.kind != "near"]

    def said(r: Scored) -> str:
        return decide(r.template, r.scores, limits)

    return Outcome(
        sum(said(r) == r.example.intent for r in clear) / max(len(clear), 1),
        sum(said(r) != "unknown" for r in near) / max(len(near), 1),
        sum(said(r) != "unknown" for r in other) / max(len(other), 1),
    )


def choose(rows: Sequence[Scored], near_max: float, other_max: float) -> tuple[Thresholds, Outcome]:
    """The grid point with the most clear commands right within both false-accept limits."""
    best: tuple[Thresholds, Outcome] | None = None
    for values in itertools.product(*GRID.values()):
        limits = Thresholds(*values)
        result = outcome(rows, limits)
        allowed = result.near <= near_max and result.other <= other_max
        if allowed and (best is None or result.clear > best[1].clear):
            best = (limits, result)
    if best is None:
        raise ValueError("no thresholds on the grid keep false accepts that low")
    return best
