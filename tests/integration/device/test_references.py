"""Contact references: what the server keeps instead of a name, read back on the device."""

from __future__ import annotations

from pathlib import Path

from jobexp.device.guard import LocalSecrets
from jobexp.device.model import Contact
from jobexp.device.references import REFERENCE, redact, resolve
from jobexp.device.store import LocalStore

CONTACTS = [
    Contact("1", "张伟", ("+8613579135791",)),
    Contact("2", "李娜", ("+8615024680246",), (), ("娜娜",), ("sister",)),
]
LOCAL = LocalSecrets.of(CONTACTS, [])


def test_a_name_in_any_rendering_becomes_a_reference_and_comes_back(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "s.sqlite3")
    for title in ("call Zhang Wei", "call zhāng wěi", "给张伟打电话", "text nana and Wei Zhang"):
        sent = redact(title, LOCAL, store)
        assert REFERENCE.search(sent) and LOCAL.find(sent) is None, sent
        assert resolve(sent, store.references()) == title


def test_each_mention_gets_its_own_reference(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "s.sqlite3")
    first, second = (redact("call Zhang Wei", LOCAL, store) for _ in range(2))
    assert first != second  # the server cannot link two tasks about one person


def test_text_without_a_contact_is_sent_as_it_is(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "s.sqlite3")
    assert redact("call my sister about the long weekend", LOCAL, store) == (
        "call my sister about the long weekend"
    )
    assert store.references() == {}


def test_a_reference_this_device_never_made_is_shown_as_it_is() -> None:
    assert resolve("call ⟨contact:bcdfghjk⟩", {}) == "call ⟨contact:bcdfghjk⟩"


def test_a_reference_holds_no_digit_and_no_vowel(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "s.sqlite3")
    refs = ""
    for _ in range(50):
        found = REFERENCE.search(redact("call Zhang Wei", LOCAL, store))
        assert found is not None
        refs += found[1]
    assert len(refs) == 400 and not any(ch.isdigit() or ch in "aeiouy" for ch in refs)
