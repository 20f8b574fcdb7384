"""The pipeline: clean, take the time phrase out, drop courtesies, match templates, fill slots."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hassil import Intents, recognize_all
from hassil.models import MatchEntity
from hassil.recognize import RecognizeResult

from jobexp.nlu.arbitration import LIMITS, Thresholds, decide
from jobexp.nlu.classifier import IntentModel
from jobexp.nlu.contacts import match_contact
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
from jobexp.nlu.prepare import Prepared, for_classifier, prepare
from jobexp.nlu.rescue import rescue_slots
from jobexp.nlu.slots import (
    KIND_WORDS,
    contact_candidates,
    kind_from_words,
    place_value,
    split_contact_body,
)
from jobexp.nlu.text import (
    detect_lang,
    has_latin,
    strip_courtesy,
    tidy_body,
    tidy_slot,
)
from jobexp.nlu.timex import ImpossibleDate, TimeParts, iso, resolve

__all__ = ["DEFAULT_TZ", "Nlu"]

DEFAULT_TZ = "Asia/Shanghai"
NO_LISTS = SlotLists()
PLACE_SLOTS = ("place", "destination", "origin")
MAX_WORDS = {"contact": 5, "place": 6, "destination": 10, "origin": 10}
MAX_CHARS_ZH = {"contact": 12, "place": 14, "destination": 20, "origin": 20}


class Nlu:
    """Command understanding with the templates compiled and the model loaded once.

    Safe to share between threads. `model` defaults to the trained intent model (built from the
    corpus if missing or stale); `limits` are the arbitration thresholds.
    """

    def __init__(
        self, model: IntentModel | None = None, limits: dict[Lang, Thresholds] | None = None
    ) -> None:
        self.grammars: dict[Lang, Intents] = {"en": load_grammar("en"), "zh": load_grammar("zh")}
        if model is None:
            from jobexp.nlu.training import ensure_model  # noqa: PLC0415 (corpus hashing)

            model = ensure_model(for_classifier)
        self.model = model
        self.limits = limits or LIMITS

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
        local_now = now.astimezone(_zone(tz))
        chosen: Lang = detect_lang(text[:MAX_TEXT_CHARS]) if lang == "auto" else lang
        if len(text) > MAX_TEXT_CHARS:
            return unknown(chosen, TOO_LONG)
        if not text.strip():
            return unknown(chosen, EMPTY)
        lists = slot_lists or NO_LISTS
        prepared = prepare(text, chosen)
        result = self._parse_in(prepared, local_now, lists)
        if result is None and lang == "auto" and chosen == "zh" and has_latin(text):
            # "text 张三 that I'm late": English around a Chinese name, judged as English.
            english = prepare(text, "en")
            if (in_english := self._parse_in(english, local_now, lists)) is not None:
                prepared, result = english, in_english
        return self._arbitrate(prepared, result, local_now, lists)

    def template_parse(
        self, text: str, *, lang: Lang, now: datetime, slot_lists: SlotLists | None = None
    ) -> Parse:
        """The templates' reading alone, without the classifier (for comparison)."""
        return self._parse_in(prepare(text, lang), now, slot_lists or NO_LISTS) or unknown(lang)

    def _arbitrate(
        self, prepared: Prepared, result: Parse | None, now: datetime, lists: SlotLists
    ) -> Parse:
        if result is not None and _names_a_known_contact(result, lists):
            return result  # "call Ophelia Thistlewood", saved as such: the user's own word
        lang = prepared.lang
        scores = self.model.scores(prepared.for_classifier, lang)
        template = result.intent if result is not None else None
        intent = decide(template, scores, self.limits[lang])
        if result is not None and intent == template:
            return result
        if intent == "unknown":
            return unknown(lang)
        return self._rescue(intent, prepared, now, lists)

    def _rescue(self, intent: str, prepared: Prepared, now: datetime, lists: SlotLists) -> Parse:
        """The classifier's intent, with slots from a template of that intent on part of the
        text ("hey JobExp ok so call Tom"), else from the words that intent's requests use."""
        lang, parts = prepared.lang, prepared.parts
        said = strip_courtesy(prepared.rest, lang)
        for part in _tails(said, lang):
            match = self.best_match(part, lang, lists, only=intent)
            if match is not None:
                return self._build(match, said=part, lang=lang, parts=parts, now=now, lists=lists)
        values = rescue_slots(intent, said, lang)
        return self._finish(intent, values, lang=lang, parts=parts, now=now, lists=lists)

    def _parse_in(self, prepared: Prepared, now: datetime, lists: SlotLists) -> Parse | None:
        lang, cleaned, parts, rest = prepared.lang, prepared.cleaned, prepared.parts, prepared.rest
        if not cleaned:
            return None
        whole = strip_courtesy(cleaned, lang)
        said = strip_courtesy(rest, lang)
        match = self.best_match(said, lang, lists)
        if parts.found and (match is None or match.intent.name == "message"):
            # The time words may belong to free text: a message body ("tell Bob I'm sick
            # today") or a title ("add morning run to my calendar").
            uncut = self.best_match(whole, lang, lists)
            if uncut is not None and (match is None or _time_in_body(uncut, whole, parts, cleaned)):
                if _time_in_slots(uncut, whole, parts, cleaned):
                    parts = TimeParts()  # "add morning run to my calendar": the title's word
                match, said = uncut, whole  # else "is my afternoon free": the template's word
        if match is None:
            return None
        return self._build(match, said=said, lang=lang, parts=parts, now=now, lists=lists)

    def best_match(
        self, text: str, lang: Lang, lists: SlotLists = NO_LISTS, only: str | None = None
    ) -> RecognizeResult | None:
        """The match with the most literal text, among those whose free text looks plausible.

        Ties go to a contact the user has, then to the reading that fills more slots, then to
        the shorter first free-text slot ("text Bob I'm outside": contact Bob).
        """
        if not text:
            return None
        best: RecognizeResult | None = None
        best_score: tuple[int, ...] = ()
        known = {contact.casefold() for contact in lists.contacts}
        for result in recognize_all(text, self.grammars[lang], language=lang):
            if only is not None and result.intent.name != only:
                continue
            if not _plausible(result, lang, text):
                continue
            score = _score(result, text, known)
            if best is None or score > best_score:
                best, best_score = result, score
        return best

    def _build(
        self,
        match: RecognizeResult,
        *,
        said: str,
        lang: Lang,
        parts: TimeParts,
        now: datetime,
        lists: SlotLists,
    ) -> Parse:
        values = {name: _value(entity, said) for name, entity in match.entities.items()}
        return self._finish(match.intent.name, values, lang=lang, parts=parts, now=now, lists=lists)

    def _finish(
        self,
        intent: str,
        values: dict[str, str],
        *,
        lang: Lang,
        parts: TimeParts,
        now: datetime,
        lists: SlotLists,
    ) -> Parse:
        slots, ambiguous = _said_slots(intent, values, lang, lists)
        if intent == "weather" and "place" not in slots:
            slots["place"] = "current"
        if intent == "navigate" and "destination" not in slots:
            slots["destination"] = "home"  # the templates without one are all "go home"
        if intent == "ticket.book":
            _ticket(slots, values)
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


def _names_a_known_contact(result: Parse, lists: SlotLists) -> bool:
    """Whether the reading's contact is one the user has, by any rendering ("zhang wei")."""
    contact = result.slots.get("contact", "")
    return bool(contact and lists.contacts and match_contact(contact, lists.contacts))


MAX_DROPPED = 4  # words (English) or characters (Chinese) of lead-in tried away


def _tails(said: str, lang: Lang) -> list[str]:
    """The text, then without its first 1-4 words or characters ("ok so", "嘿小J")."""
    if lang == "en":
        words = said.split()
        return [" ".join(words[k:]) for k in range(min(MAX_DROPPED, len(words) - 1) + 1)]
    return [said[k:] for k in range(min(MAX_DROPPED, len(said) - 2) + 1)]


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {tz!r}") from exc


def _said_slots(
    intent: str, values: dict[str, str], lang: Lang, lists: SlotLists
) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    slots: dict[str, str] = {}
    ambiguous: dict[str, tuple[str, ...]] = {}
    if intent == "message" and "contact" in values and "body" not in values:
        values = dict(values)
        values["contact"], values["body"] = split_contact_body(values["contact"], lists)
    if "contact" in values:
        said = tidy_slot(values["contact"], lang, possessive=True)
        slots["contact"], fits = contact_candidates(said, lists)
        if fits:
            ambiguous["contact"] = fits
    if values.get("body"):
        slots["body"] = tidy_body(values["body"], lang)
    if "near" in values and "destination" in values:  # "find the nearest hospital"
        values = dict(values)
        values["destination"] = f"{values['near']} {values['destination']}"
    for name in PLACE_SLOTS:
        if name in values:
            slots[name] = place_value(values[name], lang, lists.places)
    if "event_word" in values:  # "book a meeting with the team"
        values = dict(values)
        values["title"] = f"{values['event_word']} {values.get('title', '')}".strip()
    if "with_word" in values and "title" in values:  # "lunch with Sara"
        values = dict(values)
        values["title"] = f"{values['with_word']} with {values['title']}"
    if "event_tail" in values and "title" in values:  # "book a haircut appointment"
        values = dict(values)
        values["title"] = f"{values['title']} {values['event_tail']}"
    if "title" in values:
        slots["title"] = tidy_slot(values["title"], lang, article=True)
    return slots, ambiguous


def _ticket(slots: dict[str, str], values: dict[str, str]) -> None:
    """Kind from the kind words, else from the free text; a show's 'for X' is its title."""
    slots["kind"] = _kind(values)
    if slots["kind"] == "other" and "destination" in slots:
        slots["kind"] = kind_from_words(slots["destination"]) or "other"
    shows = slots["kind"] in {"movie", "concert"} or _names_an_event(slots.get("destination", ""))
    if shows and "destination" in slots and "origin" not in slots and "title" not in slots:
        slots["title"] = slots.pop("destination")  # "tickets for Dune", "to the concert"
    if slots.get("title", "").casefold() in KIND_WORDS:
        del slots["title"]  # "演唱会的门票", "tickets to the concert": only the kind was named


EVENT_WORDS = frozenset(
    ("match", "game", "show", "exhibition", "museum", "play", "opera", "festival", "musical", "zoo")
)


def _names_an_event(text: str) -> bool:
    """'the football match' is what the tickets are for, not where to travel."""
    return any(word in EVENT_WORDS for word in text.casefold().split())


def _kind(values: dict[str, str]) -> str:
    for name in ("kind", "zkind", "show"):
        if values.get(name) in KINDS and values[name] != "other":
            return values[name]
    return kind_from_words(values.get("title", "")) or "other"


def _time_in_body(match: RecognizeResult, said: str, parts: TimeParts, cleaned: str) -> bool:
    """Whether every time phrase lies inside the message ("tell Bob I'm sick today")."""
    # Without a body, the contact still holds the message (split later).
    body = match.entities.get("body") or match.entities.get("contact")
    if match.intent.name != "message" or body is None:
        return False
    text = _value(body, said)
    return all(cleaned[start:end].strip() in text for start, end in parts.spans)


def _time_in_slots(match: RecognizeResult, said: str, parts: TimeParts, cleaned: str) -> bool:
    """Whether some time phrase lies inside a free-text slot of the uncut match."""
    texts = [_value(e, said).casefold() for e in match.entities_list if e.is_wildcard]
    phrases = [cleaned[start:end].strip().casefold() for start, end in parts.spans]
    return any(phrase in text for phrase in phrases for text in texts)


def _mid_word(entity: MatchEntity, said: str) -> bool:
    """A free text starting inside a word ("flights" read as "flight" + origin "s")."""
    start = entity.text_span[0] if entity.text_span else 0
    return 0 < start < len(said) and said[start - 1].isalnum() and said[start].isalnum()


def _value(entity: MatchEntity, said: str) -> str:
    """A free-text slot exactly as said (hassil's own value has punctuation removed)."""
    if entity.is_wildcard and entity.text_span is not None:
        start, end = entity.text_span
        return said[start:end]
    return str(entity.value)


def _score(result: RecognizeResult, said: str, known: set[str]) -> tuple[int, ...]:
    contact = result.entities.get("contact")
    known_contact = contact is not None and _value(contact, said).casefold() in known
    wildcards = [e for e in result.entities_list if e.is_wildcard and e.text_span is not None]
    first = min(wildcards, key=lambda e: e.text_span or (0, 0), default=None)
    first_length = len(_value(first, said)) if first is not None else 0
    return (result.text_chunks_matched, known_contact, len(result.entities), -first_length)


NOT_A_CONTACT = frozenset(
    ("me", "us", "myself", "we", "i", "it", "them", "a", "an", "我", "我们", "自己")
)
NOT_A_PLACE_START = frozenset(
    [
        "is",
        "was",
        "will",
        "looks",
        "seems",
        "be",
        "going",
        "gonna",
        "what",
        "how",
        "check",
        "gimme",
        "give",
        "get",
        "show",
        "tell",
        "see",
        "read",
        "any",
        "my",
    ]
)
NOT_A_PLACE = frozenset(
    ("away", "back", "out", "ahead", "on", "up", "down", "sleep", "bed", "crazy")
)


def _plausible(result: RecognizeResult, lang: Lang, said: str) -> bool:
    contact = result.entities.get("contact")
    if contact is not None and str(contact.value).split(" ")[0].casefold() in NOT_A_CONTACT:
        return False  # "tell me a joke" is not a message to "me a joke"
    place = result.entities.get("place")
    if place is not None and str(place.value).split(" ")[0].casefold() in NOT_A_PLACE_START:
        return False  # "weather is nice" is not the weather in "is nice"
    destination = result.entities.get("destination")
    if destination is not None and (
        str(destination.value).casefold().removeprefix("to ") in NOT_A_PLACE
    ):
        return False  # "go away" is not a trip
    if result.intent.name == "message" and "body" not in result.entities:
        return True  # the contact still holds the message: split later
    for name, entity in result.entities.items():
        value = entity.value if isinstance(entity.value, str) else ""
        if not entity.is_wildcard:
            continue
        if not value.strip() or (lang == "en" and _mid_word(entity, said)):
            return False
        if lang == "en" and len(value.split()) > MAX_WORDS.get(name, 60):
            return False
        if lang == "zh" and len(value) > MAX_CHARS_ZH.get(name, 120):
            return False
        if lang == "zh" and name in PLACE_SLOTS and (value.endswith("了") or "," in value):
            return False  # "到家了吗" asks whether; "去看演唱会,帮我买票" is two requests
    return True
