"""Cleaning, language choice and courtesies before matching."""

from __future__ import annotations

import pytest

from jobexp.nlu.model import Lang
from jobexp.nlu.text import clean, detect_lang, strip_courtesy, tidy_body, tidy_slot


def test_any_han_character_makes_the_text_chinese() -> None:
    assert detect_lang("给Alice打电话") == "zh"
    assert detect_lang("call Alice") == "en"


def test_spaces_against_han_go_and_spaces_inside_latin_names_stay() -> None:
    assert clean("给 Alice Wang 打电话", "zh") == "给Alice Wang打电话"


def test_the_filler_yixia_goes_before_time_phrases_are_looked_for() -> None:
    assert clean("帮我记一下周三要交作业", "zh") == "帮我记周三要交作业"


def test_a_ticket_count_goes_but_a_name_starting_with_zhang_stays() -> None:
    assert clean("订两张去北京的票", "zh") == "订去北京的票"
    assert clean("买张电影票", "zh") == "买电影票"
    assert clean("给张三打电话", "zh") == "给张三打电话"


def test_full_width_text_and_emoji_are_folded_away() -> None:
    assert clean("ｃａｌｌ mom 😀!!", "en") == "call mom"


@pytest.mark.parametrize(
    ("text", "lang", "core"),
    [
        ("hey, could you please call mom please", "en", "call mom"),
        ("I'd like to book a flight", "en", "book a flight"),
        ("请帮我给妈妈打个电话吧", "zh", "给妈妈打个电话"),
        ("麻烦查天气", "zh", "查天气"),
    ],
)
def test_courtesies_around_the_command_are_dropped(text: str, lang: Lang, core: str) -> None:
    assert strip_courtesy(text, lang) == core


def test_a_courtesy_alone_is_kept_rather_than_emptied() -> None:
    assert strip_courtesy("thanks", "en") == "thanks"


def test_place_like_values_lose_a_leading_article_only_when_asked() -> None:
    assert tidy_slot("the airport", "en", article=True) == "airport"
    assert tidy_slot("the airport", "en") == "the airport"


def test_a_chinese_message_loses_the_word_that_introduced_it() -> None:
    assert tidy_body("说我晚点到", "zh") == "我晚点到"
