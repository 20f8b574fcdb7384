"""Reading an address book exported as vCard (.vcf) with vobject, card by card.

A bad card is rejected with its reason and the others still import: the file is split into
BEGIN:VCARD ... END:VCARD blocks first, so one unreadable card cannot hide the rest.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

import vobject
from vobject.base import getLogicalLines, parseLine
from vobject.icalendar import stringToTextValues

from jobexp.device.model import Contact, Rejected

__all__ = ["CardBlock", "card_blocks", "normalize_number", "read_card"]

NOT_DIALLABLE = re.compile(r"[^0-9+]")
MIN_DIGITS = 3  # emergency and service numbers are short; fewer digits is not a number
# RELATED types that say nothing a user would call someone by.
UNTOLD_TYPES = frozenset({"contact", "acquaintance", "met", "kin", "muse", "crush", "me", "agent"})


@dataclass(frozen=True)
class CardBlock:
    position: int  # 1-based, in file order
    text: str
    closed: bool


def card_blocks(text: str) -> Iterator[CardBlock]:
    """Each card's lines; an unterminated last card comes out with `closed=False`."""
    lines: list[str] = []
    inside = False
    position = 0
    for line in text.splitlines():
        tag = line.strip().upper()
        if tag == "BEGIN:VCARD":
            if inside:  # a card that never ended: the new BEGIN closes the previous one off
                yield CardBlock(position, "\n".join(lines), closed=False)
            position += 1
            inside, lines = True, [line]
        elif inside:
            lines.append(line)
            if tag == "END:VCARD":
                yield CardBlock(position, "\n".join(lines) + "\n", closed=True)
                inside, lines = False, []
    if inside:
        yield CardBlock(position, "\n".join(lines), closed=False)


def read_card(block: CardBlock) -> Contact | Rejected:
    if not block.closed:
        return Rejected(block.position, "the card never ends (no END:VCARD)")
    try:
        card = vobject.readOne(block.text)
    except Exception as exc:  # vobject raises ParseError, but also bare errors on odd input
        return Rejected(block.position, f"unreadable: {_first_line(exc)}")
    name = _name(card)
    if not name:
        return Rejected(block.position, "no name (FN or N)")
    numbers = tuple(
        dict.fromkeys(n for n in (normalize_number(str(t.value)) for t in _all(card, "tel")) if n)
    )
    if not numbers:
        return Rejected(block.position, f"{name!r} has no phone number")
    groups = tuple(
        dict.fromkeys(
            g.strip() for c in _all(card, "categories") for g in _as_list(c.value) if g.strip()
        )
    )
    uid = next((str(u.value).strip() for u in _all(card, "uid") if str(u.value).strip()), "")
    key = uid or _digest(name, numbers)
    return Contact(key, name, numbers, groups, _nicknames(card, block), _relations(card))


def _nicknames(card: vobject.base.Component, block: CardBlock) -> tuple[str, ...]:
    """Every NICKNAME, each a comma-separated list (vobject keeps only the first of a list)."""
    if not _all(card, "nickname"):
        return ()
    lines = (parseLine(line, n) for line, n in getLogicalLines(io.StringIO(block.text)))
    values = (v for name, _, raw, _ in lines if name.upper() == "NICKNAME" for v in _texts(raw))
    return tuple(dict.fromkeys(" ".join(v.split()) for v in values if v.strip()))


def _texts(raw: str) -> list[str]:
    return [str(value) for value in stringToTextValues(raw)]


def _relations(card: vobject.base.Component) -> tuple[str, ...]:
    """The contact's relationship to the address book's owner: X-RELATIONSHIP's words, and
    RELATED's TYPE parameters (vCard 4: spouse, parent, child, sibling, co-worker...)."""
    words = [v for line in _all(card, "x-relationship") for v in _as_list(line.value)]
    words += [t for line in _all(card, "related") for t in line.params.get("TYPE", [])]
    found = (w.strip() for word in words for w in word.split(","))
    return tuple(dict.fromkeys(w for w in found if w and w.casefold() not in UNTOLD_TYPES))


def normalize_number(raw: str) -> str:
    """Digits, with a leading + kept: what a tel: or sms: URI carries ("" if not a number)."""
    value = raw.strip()
    if value.lower().startswith("tel:"):
        value = value[4:]
    cleaned = NOT_DIALLABLE.sub("", value)
    plus = cleaned.startswith("+")
    digits = cleaned.replace("+", "")
    if len(digits) < MIN_DIGITS:
        return ""
    return ("+" if plus else "") + digits


def _name(card: vobject.base.Component) -> str:
    for fn in _all(card, "fn"):
        if str(fn.value).strip():
            return " ".join(str(fn.value).split())
    for n in _all(card, "n"):
        parts = [n.value.given, n.value.family] if hasattr(n.value, "given") else [n.value]
        joined = " ".join(" ".join(_as_list(p)) for p in parts).strip()
        if joined:
            return " ".join(joined.split())
    return ""


def _all(card: vobject.base.Component, name: str) -> list[vobject.base.ContentLine]:
    found: list[vobject.base.ContentLine] = card.contents.get(name, [])
    return found


def _as_list(value: object) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def _digest(name: str, numbers: tuple[str, ...]) -> str:
    return "sha256:" + hashlib.sha256("\x1f".join((name, *numbers)).encode()).hexdigest()


def _first_line(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]
