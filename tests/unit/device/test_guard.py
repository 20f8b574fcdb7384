"""The second guard: local names, numbers, groups, calendar text and hardware ids are found."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from jobexp.device.guard import LocalSecrets, hardware_identifier
from jobexp.device.model import DEVICE_CALENDAR, Contact, Event

START = datetime(2026, 11, 30, 6, tzinfo=UTC)
SECRETS = LocalSecrets.of(
    [
        Contact("1", "Zhang Wei", ("+8613800138000",), ("Family Circle",)),
        Contact("2", "李娜", ("18655550123",), ("大学同学",)),
        Contact("3", "Bo", ("110",)),
    ],
    [Event("e", "Quarterly Zanzibar Audit", START, START, "Orchid", "Room 7", "notes here")],
)


@pytest.mark.parametrize(
    ("value", "category"),
    [
        ("remind me to call zhang wei", "contact name"),
        ("给李娜打电话", "contact name"),
        ("ping 138-0013-8000 later", "contact number"),
        ("+86 138 0013 8000", "contact number"),
        ("tell the family circle", "contact group"),
        ("大学同学聚会", "contact group"),
        ("prepare quarterly zanzibar audit", "calendar text"),
        ("Orchid", "calendar name"),
        ("490154203237518", "IMEI"),
        ("device 00:1a:2b:3c:4d:5e", "MAC"),
    ],
)
def test_local_data_is_found_in_an_outgoing_value(value: str, category: str) -> None:
    assert SECRETS.find(value) == category


@pytest.mark.parametrize(
    "value",
    [
        "weather in Beijing tomorrow",
        "2026-11-30T14:00:00+08:00",
        "buy bonbons",  # a short name ("Bo") matches only a whole word of 3+ letters
        "31.2304,121.4737",
        "call 110",  # short service numbers are public, not contact data
    ],
)
def test_ordinary_values_pass(value: str) -> None:
    assert SECRETS.find(value) is None


def test_a_latin_name_matches_only_whole_words() -> None:
    secrets = LocalSecrets.of([Contact("1", "Ann Lee", ("+8613500001111",))], [])
    assert secrets.find("Annie Leeds") is None
    assert secrets.find("with ann lee") == "contact name"


def test_each_part_of_a_contact_name_is_guarded() -> None:
    secrets = LocalSecrets.of([Contact("1", "Quentin Marlowe-Okafor", ("+8613500001111",))], [])
    assert secrets.find("call okafor") == "contact name"


def test_distinctive_calendar_words_are_guarded_everyday_ones_are_not() -> None:
    event = Event("e", "Quarterly Zanzibar Audit", START, START, "Work")
    secrets = LocalSecrets.of([], [event])
    assert secrets.find("prepare zanzibar slides") == "calendar text"
    assert secrets.find("audit my expenses") is None


def test_an_imei_needs_a_valid_check_digit() -> None:
    assert hardware_identifier("490154203237518") == "IMEI"
    assert hardware_identifier("490154203237519") is None


def test_the_devices_own_calendar_name_is_not_a_secret_but_its_titles_are() -> None:
    event = Event("e", "Marzipan Gala", START, START, DEVICE_CALENDAR)
    secrets = LocalSecrets.of([], [event])
    assert secrets.find("jobexp-device/1") is None
    assert secrets.find("marzipan gala") == "calendar text"


def test_fifteen_digits_inside_a_hex_identifier_are_no_imei() -> None:
    assert hardware_identifier("ab490154203237518cd" + "0" * 45) is None


def test_an_imei_written_in_groups_is_still_found() -> None:
    assert hardware_identifier("mine is 49-015420-323751-8") == "IMEI"


ZH = LocalSecrets.of(
    [
        Contact("1", "张伟", ("+8613579135791",)),
        Contact("2", "李娜", ("+8615024680246",), (), ("娜娜", "Nana Qiao"), ("sister",)),
        Contact("3", "马克", ("+8613700000003",), (), ("Mum",)),
    ],
    [],
)


@pytest.mark.parametrize(
    "value",
    [
        "call Zhang Wei",
        "call zhangwei",
        "call ZHANG-WEI",
        "call zhāng wěi",
        "call zhang1 wei3",
        "text Wei Zhang",
        "ring Cheung Wei",
        "给张伟打电话",
        "给zhangwei打电话",
        "text li na",
        "Lina's party",
        "call Na Lee",
        "buy a gift for Nana Qiao",
        "text nana",
        "给娜娜发短信",
    ],
)
def test_every_rendering_of_a_chinese_contact_is_contact_data(value: str) -> None:
    assert ZH.find(value) == "contact name"


@pytest.mark.parametrize(
    "value",
    [
        "call zw",  # initials match what the user said, but name no one in a title
        "call my sister",  # a relationship word every user has
        "ring mum",  # a nickname that is a relationship word
        "make a cake",  # 马克 run together is an everyday word
        "a long walk at Wei Lake",  # one syllable alone names no one
        "buy bananas",
    ],
)
def test_initials_relationships_and_everyday_words_pass(value: str) -> None:
    assert ZH.find(value) is None


def test_contact_spans_point_into_the_value_as_written() -> None:
    value = "call Zhāng-Wěi, then 给娜娜发短信 and call zhangwei"
    spans = ZH.contact_spans(value)
    assert [value[a:b] for a, b in spans] == ["Zhāng-Wěi", "娜娜", "zhangwei"]


def test_the_longest_rendering_claims_its_span() -> None:
    value = "buy a gift for Nana Qiao"
    assert [value[a:b] for a, b in ZH.contact_spans(value)] == ["Nana Qiao"]


def test_spans_are_only_of_contacts_not_of_calendar_text() -> None:
    event = Event("e", "Zanzibar", START, START, "Work")
    secrets = LocalSecrets.of([Contact("1", "张伟", ("1",))], [event])
    assert secrets.contact_spans("Zanzibar with Zhang Wei") == [(14, 23)]
