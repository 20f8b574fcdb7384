"""Saved-place keywords, the user's contacts, message splitting and ticket kinds."""

from __future__ import annotations

import pytest

from jobexp.nlu.model import SlotLists
from jobexp.nlu.slots import (
    contact_candidates,
    kind_from_words,
    place_value,
    split_contact_body,
)
from jobexp.nlu.text import detect_lang

LISTS = SlotLists(contacts=("Alice Wang", "Alice Chen", "张三"), places=("gym",))


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("home", "home"),
        ("my office", "work"),
        ("学校", "work"),
        ("这里", "current"),
        ("公司", "work"),
    ],
)
def test_saved_place_keywords_become_home_work_or_current(said: str, value: str) -> None:
    assert place_value(said, detect_lang(said), ()) == value


def test_a_saved_place_keeps_the_users_spelling() -> None:
    assert place_value("my Gym", "en", ("gym",)) == "gym"


def test_another_place_is_kept_as_said_without_the() -> None:
    assert place_value("the Forbidden City", "en", ()) == "Forbidden City"


def test_a_first_name_shared_by_two_contacts_is_ambiguous() -> None:
    assert contact_candidates("Alice", LISTS) == ("Alice", ("Alice Wang", "Alice Chen"))


def test_a_full_name_is_not_ambiguous() -> None:
    assert contact_candidates("alice wang", LISTS) == ("alice wang", ())


def test_an_unknown_name_is_kept_as_said() -> None:
    assert contact_candidates("mom", LISTS) == ("mom", ())


@pytest.mark.parametrize(
    ("said", "parts"),
    [
        ("Bob I'm outside", ("Bob", "I'm outside")),
        ("mom: don't wait up", ("mom", "don't wait up")),
        ("Alice Wang see you at 5", ("Alice Wang", "see you at 5")),
        ("张三下午的会取消了", ("张三", "下午的会取消了")),
        ("爸爸我不回家了", ("爸爸", "我不回家了")),
    ],
)
def test_a_contact_and_message_run_together_are_split(said: str, parts: tuple[str, str]) -> None:
    assert split_contact_body(said, LISTS) == parts


@pytest.mark.parametrize(
    ("text", "kind"),
    [("the Coldplay concert", "concert"), ("流浪地球电影", "movie"), ("museum", None)],
)
def test_a_ticket_kind_named_in_free_text_is_found(text: str, kind: str | None) -> None:
    assert kind_from_words(text) == kind


@pytest.mark.parametrize(
    ("said", "parts"),
    [
        ("小张会议改到明天", ("小张", "会议改到明天")),
        ("王老师孩子今天请假", ("王老师", "孩子今天请假")),
        ("李总合同签了", ("李总", "合同签了")),
    ],
)
def test_a_chinese_name_is_cut_at_a_title_or_a_xiao_prefix(
    said: str, parts: tuple[str, str]
) -> None:
    assert split_contact_body(said, SlotLists()) == parts
