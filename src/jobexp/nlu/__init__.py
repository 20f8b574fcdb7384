"""Command understanding for JobExp: what a spoken or typed command asks, in English or Chinese.

Pure (no web or database imports), so the device and the server run the same code:

    from jobexp.nlu import SlotLists, parse
    parse("text Alice that I'm running late", now=now).to_json()

`Nlu()` compiles the templates once; `parse` uses one shared instance built on first call.
"""

from __future__ import annotations

import threading
from datetime import datetime

from jobexp.nlu.engine import DEFAULT_TZ, Nlu
from jobexp.nlu.model import INTENTS, KINDS, SLOT_NAMES, LangChoice, Parse, Problem, SlotLists

__all__ = [
    "DEFAULT_TZ",
    "INTENTS",
    "KINDS",
    "SLOT_NAMES",
    "Nlu",
    "Parse",
    "Problem",
    "SlotLists",
    "parse",
    "shared",
]


_SHARED: list[Nlu] = []
_BUILDING = threading.Lock()


def shared() -> Nlu:
    """The process's one `Nlu`, built once on first use, even by several threads at once."""
    if not _SHARED:
        with _BUILDING:
            if not _SHARED:
                _SHARED.append(Nlu())
    return _SHARED[0]


def parse(
    text: str,
    *,
    lang: LangChoice = "auto",
    now: datetime,
    tz: str = DEFAULT_TZ,
    slot_lists: SlotLists | None = None,
) -> Parse:
    """Understand one command (see `Nlu.parse`); the templates are compiled on the first call."""
    return shared().parse(text, lang=lang, now=now, tz=tz, slot_lists=slot_lists)
