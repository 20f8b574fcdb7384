"""Searching the published policy, and what of a search is kept (3x-a, D13).

Search keywords are kept without any link to the account (no user, session, device or
address) and only by day. A keyword can still carry personal data typed into it (an email
address, a phone or ID number), so such parts are masked before anything is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

MAX_QUERY = 100
MASK = "…"
SNIPPET = 160
# Email addresses, and runs of 7+ digits (phone numbers, ID numbers) with common separators.
_PERSONAL = re.compile(r"[^\s@]+@[^\s@]+|\+?\d[\d\s\-().]{5,}\d")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def normalize_query(text: str) -> str:
    """The query as searched: control characters dropped, spaces collapsed, length capped."""
    return " ".join(_CONTROL.sub(" ", text).split())[:MAX_QUERY]


def keyword_to_keep(query: str) -> str | None:
    """What may be stored of a query: personal-looking parts masked; None if nothing is left."""
    masked = " ".join(_PERSONAL.sub(MASK, normalize_query(query)).split())
    return masked if masked.strip(MASK + " ") else None


@dataclass(frozen=True)
class Searchable:
    id: str
    anchor: str
    title: str
    text: str


@dataclass(frozen=True)
class Hit:
    id: str
    anchor: str
    title: str
    snippet: str


def search(items: Iterable[Searchable], query: str) -> list[Hit]:
    """Items whose title or text contains every word of the query (case-folded), in order.

    Chinese has no spaces between words, so a query is split only where the user put spaces.
    """
    terms = [term.casefold() for term in normalize_query(query).split()]
    if not terms:
        return []
    hits = []
    for item in items:
        haystack = f"{item.title}\n{item.text}".casefold()
        if all(term in haystack for term in terms):
            hits.append(Hit(item.id, item.anchor, item.title, _snippet(item.text, terms[0])))
    return hits


def _snippet(text: str, term: str) -> str:
    """Up to SNIPPET characters of `text` around the first place `term` occurs."""
    at = text.casefold().find(term)
    start = max(0, at - SNIPPET // 3) if at >= 0 else 0
    piece = text[start : start + SNIPPET]
    return f"{MASK if start else ''}{piece}{MASK if start + SNIPPET < len(text) else ''}"
