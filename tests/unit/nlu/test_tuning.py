"""Choosing thresholds: the most clear commands right within the false-accept limits."""

from __future__ import annotations

from dataclasses import replace

import pytest

from jobexp.nlu.arbitration import Thresholds
from jobexp.nlu.classifier import Scores
from jobexp.nlu.corpus import load_corpus
from jobexp.nlu.tuning import Scored, choose, outcome

INTENTS = ("call", "unknown")
BASE = load_corpus(("en",))[0]


def _row(
    intent: str, p_call: float, template: str | None = None, kind: str | None = None
) -> Scored:
    example = replace(BASE, intent=intent, kind=kind)
    return Scored(example, template, Scores(INTENTS, (p_call, 1 - p_call)))


ROWS = [
    _row("call", 0.9),
    _row("call", 0.55),
    _row("unknown", 0.6, kind="near"),
    _row("unknown", 0.1, kind="oos"),
]


def test_outcome_counts_clear_commands_and_each_kind_of_false_accept() -> None:
    result = outcome(ROWS, Thresholds(accept=0.5, veto=0.5, keep=0.2, override=0.8))
    assert (result.clear, result.near, result.other) == (1.0, 1.0, 0.0)


def test_the_chosen_thresholds_refuse_the_near_miss_at_the_cost_of_one_command() -> None:
    limits, result = choose(ROWS, near_max=0.0, other_max=0.0)
    assert limits.accept > 0.6
    assert (result.clear, result.near) == (0.5, 0.0)


def test_limits_no_grid_point_meets_are_an_error() -> None:
    rows = [_row("unknown", 0.99, template="call", kind="near")]
    with pytest.raises(ValueError, match="no thresholds"):
        choose(rows, near_max=0.0, other_max=0.0)
