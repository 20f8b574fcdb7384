"""The second guard on outgoing data: nothing the device keeps locally may leave (1a, 1c, D9).

The outbound client's allow-list decides which fields leave; this scan checks what is *in*
them. Contact names (as stored, and every way they are said: pinyin with or without tones,
English order and spellings, nicknames), numbers and groups, calendar titles, places and
notes, and anything shaped like an IMEI or a MAC address are refused wherever they appear in
an outgoing value. Initials and relationship words ("zw", "mum") are not scanned for: they
name no one, and would block ordinary text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from jobexp.device.model import DEVICE_CALENDAR, Contact, Event
from jobexp.nlu.contacts import forms, plain, relation_of

__all__ = [
    "CONTACT_NAME",
    "LocalSecrets",
    "contact_texts",
    "distinctive_words",
    "hardware_identifier",
    "name_parts",
]

CONTACT_NAME = "contact name"

# Digits with the separators people write numbers with (not '.', so coordinates stay whole).
DIGIT_RUN = re.compile(r"\+?\d[\d \-()/]*\d")
NUMBER_TAIL = 7  # a number matches by its last 7 digits: +86 138... and 138... are one person
MAC = re.compile(
    r"(?<![0-9a-f])[0-9a-f]{2}([:-])[0-9a-f]{2}(?:\1[0-9a-f]{2}){4}(?![0-9a-f])"
    r"|(?<![0-9a-f.])[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}(?![0-9a-f.])",
    re.IGNORECASE,
)
# 15 digits standing alone (a hex identifier that happens to hold 15 digits in a row is not
# one), optionally grouped by spaces or hyphens as people write them.
IMEI = re.compile(r"(?<![0-9A-Za-z])\d(?:[ \-]?\d){14}(?![0-9A-Za-z])")
MIN_LATIN_TEXT = 3  # "Al" or "Bo" alone would match half the language
MIN_CALENDAR_WORD = 4
WORD = re.compile(r"[^\W\d_]+")


@cache
def common_words() -> frozenset[str]:
    """Everyday English (zxcvbn's Wikipedia and film lists, not its name lists): a calendar
    word like "meeting" says nothing, "Zanzibar" does."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # noqa: PLC0415 (large; on first use)

    return frozenset(FREQUENCY_LISTS["english_wikipedia"]) | frozenset(
        FREQUENCY_LISTS["us_tv_and_film"]
    )


def name_parts(name: str) -> Iterator[str]:
    """A contact's whole name and each part of it: "call Zhang" names Zhang Wei too."""
    yield name
    parts = [p for p in re.split(r"[\s\-·.,]+", name) if p]
    if len(parts) > 1:
        yield from parts


def contact_texts(contact: Contact) -> Iterator[str]:
    """Every way of saying who the contact is: the name and its parts, nicknames, and the
    pinyin and English forms of both ("zhangwei", "Wei Zhang", "nana"). Not initials or
    relationship words ("zw", "mum"), not one pinyin syllable alone ("long" for 李龙), nor a
    single everyday English word ("make" for 马克)."""
    yield from name_parts(contact.name)
    for form in forms(contact.name, contact.nicknames, contact.relations):
        if form.kind in {"initials", "relation", "syllable", "name"}:
            continue
        bare = plain(form.text)  # "mǎkè" is scanned for as "make"
        if form.kind == "nickname" and relation_of(form.text) is not None:
            continue  # NICKNAME:Mum says what every user may say
        if " " not in bare and bare.isascii() and bare in common_words():
            continue
        yield form.text


def distinctive_words(text: str) -> Iterator[str]:
    """Calendar text whole, and each of its words no everyday English dictionary has."""
    yield text
    for word in WORD.findall(text):
        long_enough = word.isascii() and len(word) >= MIN_CALENDAR_WORD
        if long_enough and word.casefold() not in common_words():
            yield word


ASCII_TOKEN = re.compile(r"[a-z0-9]+")


@cache
def _fold_char(ch: str) -> str:
    """NFKC, casefolded, without accents or tone marks: 'Ā' -> 'a', 'Ｚ' -> 'z'."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", ch).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _fold_mapped(text: str) -> tuple[str, list[int]]:
    """Words (letters and digits) joined by one space, Latin apart from Han ('给Zhang Wei打'
    is '给 zhang wei 打'); with, for each character, the index it came from in `text`."""
    out: list[str] = []
    where: list[int] = []
    gap = False
    for index, ch in enumerate(text):
        for c in _fold_char(ch):
            if not c.isalnum():
                gap = bool(out)
                continue
            if out and (gap or c.isascii() != out[-1].isascii()):
                out.append(" ")
                where.append(index)
            gap = False
            out.append(c)
            where.append(index)
    return "".join(out), where


def _fold(text: str) -> str:
    if text.isascii():
        return " ".join(ASCII_TOKEN.findall(text.lower()))
    return _fold_mapped(text)[0]


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def hardware_identifier(value: str) -> str | None:
    """'IMEI' or 'MAC' when the value carries one, else None."""
    if MAC.search(value):
        return "MAC"
    if any(_luhn(_digits(match)) for match in IMEI.findall(value)):
        return "IMEI"
    return None


@dataclass
class LocalSecrets:
    """What must never leave the device, by category, built from the local stores."""

    texts: dict[str, str] = field(default_factory=dict)  # folded text -> category
    number_tails: set[str] = field(default_factory=set)
    _words: list[tuple[str, str, str]] | None = None

    @classmethod
    def of(cls, contacts: Iterable[Contact], events: Iterable[Event]) -> LocalSecrets:
        secrets = cls()
        for contact in contacts:
            for text in contact_texts(contact):
                secrets.add(text, CONTACT_NAME)
            for group in contact.groups:
                secrets.add(group, "contact group")
            for number in contact.numbers:
                digits = _digits(number)
                if len(digits) >= NUMBER_TAIL:  # short service numbers (110, 10086) are public
                    secrets.number_tails.add(digits[-NUMBER_TAIL:])
        for event in events:
            for text in (event.title, event.location, event.description):
                for part in distinctive_words(text):
                    secrets.add(part, "calendar text")
            if event.calendar != DEVICE_CALENDAR:  # our own name for it says nothing
                secrets.add(event.calendar, "calendar name")
        return secrets

    def add(self, text: str, category: str) -> None:
        folded = _fold(text)
        if folded and (not folded.isascii() or len(folded) >= MIN_LATIN_TEXT):
            self.texts.setdefault(folded, category)
            self._words = None

    def find(self, value: str) -> str | None:
        """The category of local data (or hardware identifier) found in `value`, else None."""
        found = hardware_identifier(value)
        if found:
            return found
        for run in DIGIT_RUN.findall(value):
            digits = _digits(run)
            if any(tail in digits for tail in self.number_tails):
                return "contact number"
        folded = _fold(value)
        padded = f" {folded} "
        return next(
            (category for text, needle, category in self._ordered() if needle in padded), None
        )

    def contact_spans(self, value: str) -> list[tuple[int, int]]:
        """Where contact names stand in `value` (start, end), longest first where they
        overlap, in `value`'s own indices: what `references.redact` replaces."""
        folded, where = _fold_mapped(value)
        padded = f" {folded} "
        taken: list[tuple[int, int]] = []
        for text, needle, category in self._ordered():
            if category != CONTACT_NAME:
                continue
            at = padded.find(needle)
            while at != -1:
                start = at if needle != text else at - 1  # in `folded`, after " " or not
                end = start + len(text)
                if all(end <= s or start >= e for s, e in taken):
                    taken.append((start, end))
                at = padded.find(needle, at + 1)
        return sorted((where[start], where[end - 1] + 1) for start, end in taken)

    def _ordered(self) -> list[tuple[str, str, str]]:
        """(text, what to look for, category), longest first; Latin words match whole (the
        text between spaces), Han anywhere."""
        if self._words is None:
            self._words = [
                (text, f" {text} " if text.isascii() else text, self.texts[text])
                for text in sorted(self.texts, key=len, reverse=True)
            ]
        return self._words
