"""Calls and messages are resolved on the device: a contact becomes a tel: or sms: URI (1a).

Nothing about the contact is sent anywhere; the phone's dialer or messaging app takes over.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from jobexp.device.model import Contact

__all__ = ["Candidate", "candidates", "sms_uri", "tel_uri"]


@dataclass(frozen=True)
class Candidate:
    name: str
    number: str
    groups: tuple[str, ...]


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _matches(spoken: str, name: str) -> bool:
    """Whole words for Latin names ("Zhang" finds "Zhang Wei"), any part for Chinese ones."""
    if spoken == name:
        return True
    if spoken.isascii():
        return re.search(rf"(?<!\w){re.escape(spoken)}(?!\w)", name) is not None
    return spoken in name


def candidates(contacts: Iterable[Contact], spoken: Iterable[str]) -> list[Candidate]:
    """Every (contact, number) the spoken names may mean: exact names first, else partial."""
    wanted = [_fold(s) for s in spoken if _fold(s)]
    pool = list(contacts)
    exact = [c for c in pool if _fold(c.name) in wanted]
    chosen = exact or [c for c in pool if any(_matches(w, _fold(c.name)) for w in wanted)]
    return [Candidate(c.name, number, c.groups) for c in chosen for number in c.numbers]


def tel_uri(number: str) -> str:
    """RFC 3966."""
    return f"tel:{number}"


def sms_uri(number: str, body: str) -> str:
    """RFC 5724: the body travels in the URI to the device's own messaging app."""
    return f"sms:{number}?body={quote(body, safe='')}"
