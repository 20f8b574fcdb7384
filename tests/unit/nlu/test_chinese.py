"""Traditional characters and Cantonese, read as the simplified Mandarin the templates know."""

from __future__ import annotations

import pytest

from jobexp.nlu.chinese import simplified, to_mandarin
from jobexp.nlu.text import clean


def test_traditional_characters_become_simplified() -> None:
    assert simplified("今日天氣點樣") == "今日天气点样"


@pytest.mark.parametrize(
    ("said", "mandarin"),
    [
        ("今日天气点样", "今天天气怎么样"),
        ("而家落唔落雨", "现在会不会下雨"),
        ("听日几点开会", "明天几点开会"),
        ("打俾阿妈", "打给阿妈"),
        ("有冇高铁飞", "有没有高铁票"),
        ("听日会唔会好冻", "明天会不会很冷"),
    ],
)
def test_common_cantonese_reads_as_mandarin(said: str, mandarin: str) -> None:
    assert to_mandarin(said) == mandarin


def test_a_plane_is_not_a_ticket() -> None:
    assert to_mandarin("订飞机票") == "订飞机票"


def test_cleaning_chinese_converts_before_anything_else() -> None:
    assert clean("而家 落唔落雨?", "zh") == "现在会不会下雨"
