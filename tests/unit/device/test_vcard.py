"""Reading vCards: names, numbers, groups; bad cards rejected with a reason."""

from __future__ import annotations

from jobexp.device.model import Contact, Rejected
from jobexp.device.vcard import card_blocks, normalize_number, read_card
from tests.support.device import CONTACTS_VCF, CONTACTS_ZH_VCF, MALFORMED_VCF


def _read(text: str) -> list[Contact | Rejected]:
    return [read_card(block) for block in card_blocks(text)]


def test_a_card_gives_its_name_numbers_and_groups() -> None:
    results = _read(CONTACTS_VCF.read_text(encoding="utf-8"))
    quentin = next(r for r in results if isinstance(r, Contact) and r.name.startswith("Quentin"))
    assert quentin.numbers == ("+442079460958", "+447700900123")
    assert quentin.groups == ("Zeppelin Owners",)
    assert quentin.key == "urn:uuid:7d0f4a7e-0003-4c59-9f51-000000000003"


def test_every_good_card_of_the_fixture_is_read() -> None:
    results = _read(CONTACTS_VCF.read_text(encoding="utf-8"))
    assert all(isinstance(r, Contact) for r in results)
    assert len(results) == 5


def test_bad_cards_are_rejected_with_reasons_and_the_good_one_still_reads() -> None:
    results = _read(MALFORMED_VCF.read_text(encoding="utf-8"))
    assert [r.name for r in results if isinstance(r, Contact)] == ["Valid Person"]
    reasons = {r.position: r.reason for r in results if isinstance(r, Rejected)}
    assert reasons[2] == "no name (FN or N)"
    assert "no phone number" in reasons[3]
    assert reasons[4].startswith("unreadable:")
    assert "never ends" in reasons[5]


def test_a_card_without_uid_gets_a_stable_content_key() -> None:
    text = "BEGIN:VCARD\nVERSION:3.0\nFN:A B\nTEL:+86 135 0000 1111\nEND:VCARD\n"
    first, second = _read(text + text)
    assert isinstance(first, Contact) and isinstance(second, Contact)
    assert first.key == second.key and first.key.startswith("sha256:")


def test_numbers_keep_digits_and_a_leading_plus() -> None:
    assert normalize_number("+86 (138) 0013-8000") == "+8613800138000"
    assert normalize_number("tel:010-1234") == "0101234"
    assert normalize_number("ext") == ""


def test_nicknames_each_of_a_list_and_relationships_are_read() -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:李娜\nNICKNAME:娜娜,Nana Qiao\nNICKNAME:Lulu\n"
        "X-RELATIONSHIP:sister\nRELATED;TYPE=spouse,contact:urn:uuid:1\n"
        "TEL:+86 150 2468 0246\nEND:VCARD\n"
    )
    (card,) = _read(text)
    assert isinstance(card, Contact)
    assert card.nicknames == ("娜娜", "Nana Qiao", "Lulu")
    assert card.relations == ("sister", "spouse")  # "contact" says nothing


def test_the_chinese_fixture_reads_whole() -> None:
    cards = _read(CONTACTS_ZH_VCF.read_text(encoding="utf-8"))
    assert [(c.name, c.nicknames, c.relations) for c in cards if isinstance(c, Contact)] == [
        ("张伟", (), ()),
        ("李娜", ("娜娜", "Nana Qiao"), ("sister",)),
        ("欧阳晓红", (), ("parent",)),
    ]
