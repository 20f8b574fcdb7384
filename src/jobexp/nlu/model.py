"""What a parse is: the intent, its slots, and what the device must still ask or say."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

Lang = Literal["en", "zh"]
LangChoice = Literal["en", "zh", "auto"]

INTENTS: tuple[str, ...] = (
    "call",
    "message",
    "weather",
    "task.create",
    "task.list",
    "calendar.query",
    "calendar.add",
    "navigate",
    "ticket.book",
    "unknown",
)
SLOT_NAMES: tuple[str, ...] = (
    "contact",
    "body",
    "place",
    "when",
    "title",
    "destination",
    "origin",
    "kind",
)
KINDS: tuple[str, ...] = ("train", "flight", "bus", "movie", "concert", "other")
MAX_TEXT_CHARS = 500  # longer input is not a command; refuse before any matching work


@dataclass(frozen=True)
class SlotLists:
    """The user's own names, given at match time: they never ship in templates."""

    contacts: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    calendars: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
    """Why a parse is incomplete, with a message the device can show as it is."""

    code: Literal["impossible_date", "too_long", "empty"]
    en: str
    zh: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": {"en": self.en, "zh": self.zh}}


IMPOSSIBLE_DATE = Problem(
    "impossible_date", "That date does not exist in the calendar.", "日历上没有这一天。"
)
TOO_LONG = Problem(
    "too_long",
    f"That is longer than a command ({MAX_TEXT_CHARS} characters at most).",
    f"指令太长了(最多 {MAX_TEXT_CHARS} 个字符)。",
)
EMPTY = Problem("empty", "Nothing was said.", "没有听到内容。")


@dataclass(frozen=True)
class Parse:
    """The understood command. `slots` hold only what was said (or implied, like place=current).

    `ambiguous` maps a slot to the slot-list entries it could mean (the device asks which);
    `problem` says why a slot is missing though something was said (e.g. 30 February).
    """

    intent: str
    slots: dict[str, str] = field(default_factory=dict)
    lang: Lang = "en"
    problem: Problem | None = None
    ambiguous: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"intent": self.intent, "slots": dict(self.slots)}
        if self.problem is not None:
            out["problem"] = self.problem.to_dict()
        if self.ambiguous:
            out["ambiguous"] = {name: list(values) for name, values in self.ambiguous.items()}
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)


def unknown(lang: Lang, problem: Problem | None = None) -> Parse:
    return Parse("unknown", {}, lang, problem)
