"""Calls and messages are resolved on the device: a contact becomes a tel: or sms: URI (1a).

Nothing about the contact is sent anywhere; the phone's dialer or messaging app takes over.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from jobexp.device.model import Contact
from jobexp.nlu.contacts import match_contact

__all__ = ["Candidate", "candidates", "sms_uri", "tel_uri"]


@dataclass(frozen=True)
class Candidate:
    name: str
    number: str
    groups: tuple[str, ...]


def candidates(contacts: Iterable[Contact], spoken: Iterable[str]) -> list[Candidate]:
    """Every (contact, number) the spoken names may mean, best fit first (see
    `jobexp.nlu.contacts`: the name, its pinyin or English forms, a nickname or relationship,
    then a part of one, then unambiguous initials)."""
    pool = list(contacts)
    chosen: dict[str, Contact] = {}
    for said in spoken:
        for contact in match_contact(said, pool):
            chosen.setdefault(contact.key, contact)
    return [Candidate(c.name, n, c.groups) for c in chosen.values() for n in c.numbers]


def tel_uri(number: str) -> str:
    """RFC 3966."""
    return f"tel:{number}"


def sms_uri(number: str, body: str) -> str:
    """RFC 5724: the body travels in the URI to the device's own messaging app."""
    return f"sms:{number}?body={quote(body, safe='')}"
