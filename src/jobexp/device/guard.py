"""The second guard on outgoing data: nothing the device keeps locally may leave (1a, 1c, D9).

The outbound client's allow-list decides which fields leave; this scan checks what is *in*
them. Contact names, numbers and groups, calendar titles, places and notes, and anything
shaped like an IMEI or a MAC address are refused wherever they appear in an outgoing value.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from jobexp.device.model import DEVICE_CALENDAR, Contact, Event

__all__ = ["LocalSecrets", "distinctive_words", "hardware_identifier", "name_parts"]

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


def distinctive_words(text: str) -> Iterator[str]:
    """Calendar text whole, and each of its words no everyday English dictionary has."""
    yield text
    for word in WORD.findall(text):
        long_enough = word.isascii() and len(word) >= MIN_CALENDAR_WORD
        if long_enough and word.casefold() not in common_words():
            yield word


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


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
    _words: re.Pattern[str] | None = None

    @classmethod
    def of(cls, contacts: Iterable[Contact], events: Iterable[Event]) -> LocalSecrets:
        secrets = cls()
        for contact in contacts:
            for part in name_parts(contact.name):
                secrets.add(part, "contact name")
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
        match = self._pattern().search(folded) if self.texts else None
        return self.texts[match.group(0)] if match else None

    def _pattern(self) -> re.Pattern[str]:
        """One regex of every text, longest first; Latin words match whole, CJK anywhere."""
        if self._words is None:
            parts = []
            for text in sorted(self.texts, key=len, reverse=True):
                escaped = re.escape(text)
                parts.append(rf"(?<!\w){escaped}(?!\w)" if text.isascii() else escaped)
            self._words = re.compile("|".join(parts))
        return self._words
