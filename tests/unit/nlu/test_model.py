"""A parse as JSON: the required keys always, the optional ones only when they say something."""

from __future__ import annotations

import json

from jobexp.nlu.model import IMPOSSIBLE_DATE, Parse


def test_json_has_intent_and_slots_and_keeps_chinese_readable() -> None:
    assert Parse("call", {"contact": "张三"}).to_json() == (
        '{"intent": "call", "slots": {"contact": "张三"}}'
    )


def test_a_problem_adds_its_code_and_both_messages() -> None:
    data = json.loads(Parse("task.create", {}, problem=IMPOSSIBLE_DATE).to_json())
    assert data["problem"]["code"] == "impossible_date"
    assert set(data["problem"]["message"]) == {"en", "zh"}


def test_ambiguity_lists_the_candidates() -> None:
    data = Parse("call", {"contact": "Alice"}, ambiguous={"contact": ("A W", "A C")}).to_dict()
    assert data["ambiguous"] == {"contact": ["A W", "A C"]}
