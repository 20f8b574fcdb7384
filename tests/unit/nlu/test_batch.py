"""`--jsonl` lines: one answer a line, an error line for a malformed one."""

from __future__ import annotations

import json

from jobexp.nlu import Nlu, SlotLists
from jobexp.nlu.batch import answer_line
from tests.unit.nlu.conftest import NOW


def _answer(nlu: Nlu, line: str) -> dict[str, object]:
    out = answer_line(nlu, line, now=NOW, tz="Asia/Shanghai", lists=SlotLists())
    assert "\n" not in out
    data: dict[str, object] = json.loads(out)
    return data


def test_a_line_is_parsed_like_one_command(nlu: Nlu) -> None:
    assert _answer(nlu, '{"text": "call mom", "lang": "en"}') == {
        "intent": "call",
        "slots": {"contact": "mom"},
    }


def test_a_missing_or_null_lang_means_auto(nlu: Nlu) -> None:
    assert _answer(nlu, '{"text": "给妈妈打电话"}')["intent"] == "call"
    assert _answer(nlu, '{"text": "给妈妈打电话", "lang": null}')["intent"] == "call"


def test_broken_json_is_an_error_line(nlu: Nlu) -> None:
    assert "not JSON" in str(_answer(nlu, '{"text": "call mom"')["error"])


def test_a_line_that_is_not_an_object_is_an_error_line(nlu: Nlu) -> None:
    assert set(_answer(nlu, '["call mom"]')) == {"error"}


def test_a_text_that_is_not_a_string_is_an_error_line(nlu: Nlu) -> None:
    assert _answer(nlu, '{"text": null}') == {"error": '"text" must be a string'}


def test_an_unknown_lang_is_an_error_line(nlu: Nlu) -> None:
    assert set(_answer(nlu, '{"text": "call mom", "lang": "fr"}')) == {"error"}
