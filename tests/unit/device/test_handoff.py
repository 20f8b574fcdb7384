"""Resolving a spoken name to contacts and numbers, and the URIs handed to the phone."""

from __future__ import annotations

from jobexp.device.handoff import candidates, sms_uri, tel_uri
from jobexp.device.model import Contact

ZHANG_1 = Contact("1", "Zhang Wei", ("+8613800138000",), ("Family",))
ZHANG_2 = Contact("2", "Zhang Wei", ("+8613912345678",))
LI = Contact("3", "李娜", ("18655550123", "+8613500001111"))
ZHANGSAN = Contact("4", "Zhangsan Li", ("+8613600001111",))
BOOK = [ZHANG_1, ZHANG_2, LI, ZHANGSAN]


def test_an_exact_name_gives_each_number_of_each_contact_so_named() -> None:
    found = candidates(BOOK, ["zhang wei"])
    assert [c.number for c in found] == ["+8613800138000", "+8613912345678"]


def test_a_contact_with_two_numbers_offers_both() -> None:
    assert [c.number for c in candidates(BOOK, ["李娜"])] == ["18655550123", "+8613500001111"]


def test_a_latin_part_of_a_name_matches_whole_words_only() -> None:
    assert {c.name for c in candidates(BOOK, ["Zhang"])} == {"Zhang Wei"}


def test_a_chinese_part_of_a_name_matches_inside_it() -> None:
    assert {c.name for c in candidates(BOOK, ["娜"])} == {"李娜"}


def test_an_exact_match_wins_over_partial_ones() -> None:
    book = [Contact("1", "Li", ("+8613700000001",)), ZHANGSAN]
    assert [c.name for c in candidates(book, ["Li"])] == ["Li"]


def test_nobody_matches_an_unknown_name() -> None:
    assert candidates(BOOK, ["Bob"]) == []


def test_the_tel_uri_carries_the_number() -> None:
    assert tel_uri("+8613800138000") == "tel:+8613800138000"


def test_the_sms_uri_carries_the_body_percent_encoded() -> None:
    assert sms_uri("+8613800138000", "晚点 到&") == (
        "sms:+8613800138000?body=%E6%99%9A%E7%82%B9%20%E5%88%B0%26"
    )
