"""Who decides: the template's reading stands unless the classifier is confident otherwise."""

from __future__ import annotations

from jobexp.nlu.arbitration import Thresholds, decide
from jobexp.nlu.classifier import Scores

LIMITS = Thresholds(accept=0.5, veto=0.5, keep=0.2, override=0.8)
INTENTS = ("call", "task.create", "unknown", "weather")


def _scores(**probabilities: float) -> Scores:
    named = {k.replace("_", "."): v for k, v in probabilities.items()}
    return Scores(INTENTS, tuple(named.get(i, 0.0) for i in INTENTS))


def test_a_template_reading_the_classifier_supports_stands() -> None:
    assert decide("call", _scores(call=0.3, unknown=0.7), LIMITS) == "call"


def test_a_near_miss_the_classifier_is_sure_of_overrules_the_template() -> None:
    # "wake me up at 6" fits a reminder template
    assert decide("task.create", _scores(task_create=0.05, unknown=0.9), LIMITS) == "unknown"


def test_a_confident_other_intent_replaces_a_template_it_gives_almost_nothing() -> None:
    assert decide("call", _scores(call=0.05, weather=0.9, unknown=0.05), LIMITS) == "weather"


def test_an_unsure_classifier_leaves_the_template_alone() -> None:
    assert decide("call", _scores(call=0.1, weather=0.5, unknown=0.4), LIMITS) == "call"


def test_without_a_template_the_classifier_decides_above_the_bar() -> None:
    assert decide(None, _scores(weather=0.6, unknown=0.4), LIMITS) == "weather"


def test_without_a_template_an_unsure_classifier_says_unknown() -> None:
    assert decide(None, _scores(weather=0.45, call=0.3, unknown=0.25), LIMITS) == "unknown"
