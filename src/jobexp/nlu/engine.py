"""The pipeline: clean, take the time phrase out, drop courtesies, match templates, fill slots."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from hassil import Intents, recognize_all
from hassil.recognize import RecognizeResult

from jobexp.nlu import timex_en, timex_zh
from jobexp.nlu.grammar import load_grammar
from jobexp.nlu.model import (
    EMPTY,
    IMPOSSIBLE_DATE,
    KINDS,
    MAX_TEXT_CHARS,
    TOO_LONG,
    Lang,
    LangChoice,
    Parse,
    Problem,
    SlotLists,
    unknown,
)
from jobexp.nlu.slots import contact_candidates, place_value
from jobexp.nlu.text import clean, detect_lang, strip_courtesy, tidy_slot
from jobexp.nlu.timex import ImpossibleDate, TimeParts, iso, resolve

__all__ = ["DEFAULT_TZ", "Nlu"]

DEFAULT_TZ = "Asia/Shanghai"
NO_LISTS = SlotLists()
FINDERS = {"en": timex_en.find_time, "zh": timex_zh.find_time}
PLACE_SLOTS = ("place", "destination", "origin")
MAX_WORDS = {"contact": 5, "place": 6, "destination": 10, "origin": 10}
MAX_CHARS_ZH = {"contact": 12, "place": 14, "destination": 20, "origin": 20}


class Nlu:
    """Command understanding with the templates compiled once; safe to share between threads."""

    def __init__(self) -> None:
        self.grammars: dict[Lang, Intents] = {"en": load_grammar("en"), "zh": load_grammar("zh")}

    def parse(
        self,
        text: str,
        *,
        lang: LangChoice = "auto",
        now: datetime,
        tz: str = DEFAULT_TZ,
        slot_lists: SlotLists | None = None,
    ) -> Parse:
        """Understand one command; never raises on what a user may say.

        `now` must be aware; `when` is resolved against it in time zone `tz`.
        Raises ValueError for a naive `now` or an unknown `tz` (caller errors, not user input).
        """
        if now.tzinfo is None or now.utcoffset() is None:
            raise ValueError("now must carry a time zone offset")
        local_now = now.astimezone(ZoneInfo(tz))
        chosen: Lang = detect_lang(text[:MAX_TEXT_CHARS]) if lang == "auto" else lang
        if len(text) > MAX_TEXT_CHARS:
            return unknown(chosen, TOO_LONG)
        cleaned = clean(text, chosen)
        if not cleaned:
            return unknown(chosen, EMPTY if not text.strip() else None)
        parts, rest = FINDERS[chosen](cleaned)
        lists = slot_lists or NO_LISTS
        match = self.best_match(strip_courtesy(rest, chosen), chosen)
        if match is None and parts.found:
            # The time words may belong to a title ("add morning run to my calendar").
            parts, match = TimeParts(), self.best_match(strip_courtesy(cleaned, chosen), chosen)
        if match is None:
            return unknown(chosen)
        return self._build(match, chosen, parts, local_now, lists)

    def best_match(self, text: str, lang: Lang) -> RecognizeResult | None:
        """The match with the most literal text, among those whose free text looks plausible."""
        if not text:
            return None
        best: RecognizeResult | None = None
        for result in recognize_all(text, self.grammars[lang], language=lang):
            if not _plausible(result, lang):
                continue
            if best is None or result.text_chunks_matched > best.text_chunks_matched:
                best = result
        return best

    def _build(
        self,
        match: RecognizeResult,
        lang: Lang,
        parts: TimeParts,
        now: datetime,
        lists: SlotLists,
    ) -> Parse:
        intent = match.intent.name
        values = {name: str(entity.value) for name, entity in match.entities.items()}
        slots, ambiguous = _said_slots(values, lang, lists)
        if intent == "weather" and "place" not in slots:
            slots["place"] = "current"
        if intent == "navigate" and "destination" not in slots:
            slots["destination"] = "home"  # the templates without one are all "go home"
        if intent == "ticket.book":
            slots["kind"] = _kind(values)
        problem: Problem | None = None
        try:
            when = resolve(parts, now) if parts.found else None
        except ImpossibleDate:
            problem = IMPOSSIBLE_DATE
        else:
            if when is not None:
                slots["when"] = iso(when)
        slots = {name: value for name, value in slots.items() if value}
        return Parse(intent, slots, lang, problem, ambiguous)


def _said_slots(
    values: dict[str, str], lang: Lang, lists: SlotLists
) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    slots: dict[str, str] = {}
    ambiguous: dict[str, tuple[str, ...]] = {}
    if "contact" in values:
        said = tidy_slot(values["contact"], lang, possessive=True)
        slots["contact"], fits = contact_candidates(said, lists)
        if fits:
            ambiguous["contact"] = fits
    if "body" in values:
        slots["body"] = tidy_slot(values["body"], lang)
    for name in PLACE_SLOTS:
        if name in values:
            slots[name] = place_value(values[name], lang, lists.places)
    if "title" in values:
        slots["title"] = tidy_slot(values["title"], lang, article=True)
    return slots, ambiguous


def _kind(values: dict[str, str]) -> str:
    for name in ("kind", "zkind", "vehicle", "show_kind", "show"):
        if values.get(name) in KINDS:
            return values[name]
    return "other"


def _plausible(result: RecognizeResult, lang: Lang) -> bool:
    for name, entity in result.entities.items():
        value = entity.value if isinstance(entity.value, str) else ""
        if not entity.is_wildcard:
            continue
        if not value.strip():
            return False
        if lang == "en" and len(value.split()) > MAX_WORDS.get(name, 60):
            return False
        if lang == "zh" and len(value) > MAX_CHARS_ZH.get(name, 120):
            return False
    return True
