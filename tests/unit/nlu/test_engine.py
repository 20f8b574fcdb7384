"""What `Nlu.parse` answers for the commands the brief names, and for bad input."""

from __future__ import annotations

from datetime import datetime

import pytest

from jobexp.nlu import Nlu, SlotLists, parse
from jobexp.nlu.model import MAX_TEXT_CHARS
from tests.unit.nlu.conftest import NOW

ALICES = SlotLists(contacts=("Alice Wang", "Alice Chen"))


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        ("call mom", "call", {"contact": "mom"}),
        ("给张三打电话", "call", {"contact": "张三"}),
        (
            "text Bob that I'm running late",
            "message",
            {"contact": "Bob", "body": "I'm running late"},
        ),
        ("给妈妈发短信说我晚点到", "message", {"contact": "妈妈", "body": "我晚点到"}),
        ("will it rain", "weather", {"place": "current"}),
        ("明天上海天气怎么样", "weather", {"place": "上海", "when": "2026-11-30"}),
        ("what are my tasks", "task.list", {}),
        ("导航到公司", "navigate", {"destination": "work"}),
        ("买一张去广州的机票", "ticket.book", {"kind": "flight", "destination": "广州"}),
    ],
)
def test_commands_from_the_brief(nlu: Nlu, text: str, intent: str, slots: dict[str, str]) -> None:
    got = nlu.parse(text, now=NOW)
    assert (got.intent, got.slots) == (intent, slots)


def test_a_time_said_anywhere_becomes_when_in_the_given_zone(nlu: Nlu) -> None:
    got = nlu.parse("tomorrow at 5pm remind me to buy milk", now=NOW, tz="Europe/London")
    assert got.slots == {"title": "buy milk", "when": "2026-11-30T17:00:00+00:00"}


def test_time_words_inside_a_message_stay_in_the_message(nlu: Nlu) -> None:
    got = nlu.parse("tell Bob I'm sick today", now=NOW)
    assert got.slots == {"contact": "Bob", "body": "I'm sick today"}


def test_an_impossible_date_keeps_the_intent_and_flags_the_problem(nlu: Nlu) -> None:
    got = nlu.parse("2月30日提醒我交房租", now=NOW)
    assert got.intent == "task.create" and "when" not in got.slots
    assert got.problem is not None and got.problem.code == "impossible_date"


def test_a_name_fitting_two_contacts_carries_both_for_the_device_to_ask(nlu: Nlu) -> None:
    got = nlu.parse("call Alice", now=NOW, slot_lists=ALICES)
    assert got.slots == {"contact": "Alice"}
    assert got.ambiguous == {"contact": ("Alice Wang", "Alice Chen")}


def test_a_contact_the_user_has_decides_where_a_message_starts(nlu: Nlu) -> None:
    got = nlu.parse("text Alice Wang see you soon", now=NOW, slot_lists=ALICES)
    assert got.slots == {"contact": "Alice Wang", "body": "see you soon"}


@pytest.mark.parametrize("text", ["", "   ", "😀😀😀", "asdf qwer", "??", "明天"])
def test_nothing_commandlike_is_unknown(nlu: Nlu, text: str) -> None:
    assert nlu.parse(text, now=NOW).intent == "unknown"


def test_oversize_text_is_refused_before_matching(nlu: Nlu) -> None:
    got = nlu.parse("call mom " * MAX_TEXT_CHARS, now=NOW)
    assert got.intent == "unknown" and got.problem is not None and got.problem.code == "too_long"


def test_the_language_can_be_forced(nlu: Nlu) -> None:
    assert nlu.parse("call 张三", lang="en", now=NOW).slots == {"contact": "张三"}


def test_a_naive_now_is_a_caller_error(nlu: Nlu) -> None:
    with pytest.raises(ValueError, match="time zone"):
        nlu.parse("call mom", now=datetime(2026, 11, 29, 10))


def test_the_module_level_parse_uses_one_shared_instance() -> None:
    assert parse("call mom", now=NOW).intent == "call"


def test_a_time_said_outside_the_message_is_when_not_body(nlu: Nlu) -> None:
    got = nlu.parse("Text Sarah tomorrow morning saying good luck", now=NOW)
    assert got.slots == {
        "contact": "Sarah",
        "body": "good luck",
        "when": "2026-11-30T09:00:00+08:00",
    }


def test_english_around_a_chinese_name_is_understood_when_auto(nlu: Nlu) -> None:
    got = nlu.parse("text 张三 that I'm late", now=NOW)
    assert (got.intent, got.slots) == ("message", {"contact": "张三", "body": "I'm late"})


@pytest.mark.parametrize("tz", ["Mars/Olympus", "", "../etc/passwd"])
def test_an_unknown_time_zone_is_a_caller_error(nlu: Nlu, tz: str) -> None:
    with pytest.raises(ValueError, match="time zone"):
        nlu.parse("call mom", now=NOW, tz=tz)


@pytest.mark.parametrize("text", ["go away", "go to sleep", "tell me a joke", "到家了吗"])
def test_look_alikes_of_commands_stay_unknown(nlu: Nlu, text: str) -> None:
    assert nlu.parse(text, now=NOW).intent == "unknown"


def test_free_text_never_starts_inside_a_word(nlu: Nlu) -> None:
    got = nlu.parse("find flights to Singapore", now=NOW)
    assert got.slots == {"kind": "flight", "destination": "Singapore"}


def test_a_show_named_after_for_is_the_title_not_a_destination(nlu: Nlu) -> None:
    got = nlu.parse("buy a movie ticket for Dune", now=NOW)
    assert got.slots == {"kind": "movie", "title": "Dune"}


def test_a_time_phrase_inside_a_chinese_message_stays_in_it(nlu: Nlu) -> None:
    got = nlu.parse("给张三发消息说明天的会取消了", now=NOW)
    assert got.slots == {"contact": "张三", "body": "明天的会取消了"}
