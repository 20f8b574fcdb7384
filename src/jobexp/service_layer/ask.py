"""The one ask box (issue 12): what a typed command asks, and the feature that answers it.

The text is understood by the shared engine (`jobexp.nlu`, as on the device) and then dropped:
it is not stored, logged or sent anywhere. Only what an answer creates is kept, as its own
feature keeps it: a task, or the disclosure-ledger entry of a share the user confirmed.

- Weather and tasks run at once, through their own use cases and consents.
- Navigation and tickets are only *proposed*: who would receive what. They run through their
  own use cases once the user has seen the notice and confirmed (1d; D3).
- Calls, messages and the calendar run on the phone app, where contacts and the calendar stay
  (1a, 1c; D9): the server only says so.
- Anything else gets the plain list of what JobExp can do.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Literal
from zoneinfo import ZoneInfo

from jobexp import nlu
from jobexp.domain.errors import DomainError, InvalidInput
from jobexp.domain.handoff import Destination, navigation_url
from jobexp.domain.places import SavedPlace
from jobexp.domain.providers import NotDelivered
from jobexp.domain.purposes import Access, PurposeDenied
from jobexp.domain.tasks import TITLE_MAX, Task, clean_text
from jobexp.domain.weather import Forecast
from jobexp.nlu.followup import CAPABILITIES, Question, missing_slot, question_for
from jobexp.nlu.model import KINDS, MAX_TEXT_CHARS, SLOT_NAMES, Lang, LangChoice, Parse
from jobexp.service_layer import accounts, consents, navigation, places, tasks, tickets, weather
from jobexp.service_layer.context import Services
from jobexp.service_layer.ports import AssistantParts
from jobexp.types import DEFAULT_TIME_ZONE, Locale, UserId

__all__ = [
    "Answer",
    "Asker",
    "Proposal",
    "answer",
    "asker",
    "instant",
    "reply_locale",
    "resume",
    "ticket_query",
    "understand",
]

Status = Literal[
    "done", "needs_input", "needs_confirmation", "on_device", "not_supported", "failed"
]
Feature = Literal["weather", "task", "navigation", "ticket", "call", "message", "calendar"]
FEATURES: dict[str, Feature] = {
    "weather": "weather",
    "task.create": "task",
    "task.list": "task",
    "navigate": "navigation",
    "ticket.book": "ticket",
    "call": "call",
    "message": "message",
    "calendar.query": "calendar",
    "calendar.add": "calendar",
}
ON_DEVICE: frozenset[Feature] = frozenset({"call", "message", "calendar"})
# The intents a follow-up answer may continue: those the server itself runs.
ON_SERVER = frozenset(i for i, f in FEATURES.items() if f not in ON_DEVICE)
SLOT_MAX = TITLE_MAX  # a slot carried between a question and its answer
# "remind me tomorrow" without an hour, as the device agent reads it: 09:00 local.
DATE_ONLY_REMINDER = time(9, 0)
# Words for places the server cannot see unless the user saved them (`place_value`'s keywords).
PLACE_WORDS = frozenset({"current", "home", "work"})
# What the server must ask beyond the shared follow-ups: it has no location, and a task a time.
TASK_WHEN = Question("when", "When should I remind you?", "什么时候提醒你？")
WEATHER_PLACE = Question("place", "Which city?", "哪个城市？")


@dataclass(frozen=True)
class Asker:
    """Who asks, and what their command is understood against."""

    user_id: UserId
    time_zone: str
    places: tuple[SavedPlace, ...]  # empty without the consent that keeps them

    def saved(self, name: str) -> SavedPlace | None:
        """The saved place a slot names: by kind (home, work) or by the user's own label."""
        wanted = name.casefold()
        by_kind = (p for p in self.places if p.kind == wanted and wanted in PLACE_WORDS)
        by_label = (p for p in self.places if p.label.casefold() == wanted)
        return next(by_kind, None) or next(by_label, None)


@dataclass(frozen=True)
class Proposal:
    """A share not made yet: which third party would receive which fields, with what in them."""

    recipient: str  # the policy's recipient id
    fields: tuple[str, ...]
    values: dict[str, str]  # each field as the user would recognize it
    navigation: navigation.NavigationRequest | None = None
    ticket: tickets.TicketAsk | None = None


@dataclass(frozen=True)
class Answer:
    """What the ask box says back: one status, and what the feature that answered produced."""

    parse: Parse
    status: Status
    feature: Feature | None = None
    missing: str | None = None
    question: Question | None = None
    forecast: Forecast | None = None
    place_name: str | None = None  # where the forecast is for, as the user knows it
    day: date | None = None  # the day asked about, in the user's time zone
    task: Task | None = None
    tasks: tuple[Task, ...] = ()
    proposal: Proposal | None = None
    error: DomainError | None = None


def asker(svc: Services, user_id: UserId) -> Asker:
    zone = accounts.profile(svc, user_id).time_zone or DEFAULT_TIME_ZONE
    return Asker(user_id, zone, _saved_places(svc, user_id))


def _saved_places(svc: Services, user_id: UserId) -> tuple[SavedPlace, ...]:
    """The user's places, when their consent allows reading them; never a refusal to audit."""
    granted = {s.option.key for s in consents.statuses(svc, user_id) if s.granted}
    if (places.READ.purpose, "") not in granted:
        return ()
    try:
        return tuple(places.list_places(svc, user_id))
    except PurposeDenied:  # paused by a pending policy update (D1)
        return ()


def understand(svc: Services, who: Asker, text: str, lang: LangChoice = "auto") -> Parse:
    """The command's intent and slots; the text itself goes no further than this call."""
    cleaned = clean_text(
        text,
        empty="ask.text_empty",
        too_long="ask.text_too_long",
        invalid="ask.text_invalid",
        limit=MAX_TEXT_CHARS,
    )
    lists = nlu.SlotLists(places=tuple(p.label for p in who.places))
    now = svc.clock.now()
    return nlu.shared().parse(cleaned, lang=lang, now=now, tz=who.time_zone, slot_lists=lists)


def resume(intent: str, slots: dict[str, str], lang: str) -> Parse:
    """A command rebuilt from the slots a follow-up question carried, plus its answer.

    The text asked first is not among them: the page carries slots, never the text.
    """
    if intent not in ON_SERVER or lang not in ("en", "zh"):
        raise InvalidInput("ask.follow_up_invalid")
    kept: dict[str, str] = {}
    for name, value in slots.items():
        if name not in SLOT_NAMES:
            raise InvalidInput("ask.follow_up_invalid")
        if value.strip():
            kept[name] = _slot_text(value)
    if kept.get("kind", "other") not in KINDS:
        raise InvalidInput("ask.follow_up_invalid")
    spoken: Lang = "zh" if lang == "zh" else "en"
    return Parse(intent, kept, spoken)


def _slot_text(value: str) -> str:
    return clean_text(
        value,
        empty="ask.answer_empty",
        too_long="ask.answer_too_long",
        invalid="ask.answer_invalid",
        limit=SLOT_MAX,
    )


def reply_locale(parse: Parse) -> Locale:
    """The answer is given in the language the command was said in."""
    return "zh-CN" if parse.lang == "zh" else "en"


def answer(svc: Services, parts: AssistantParts, who: Asker, parse: Parse) -> Answer:
    """Run what may run now, propose what needs a confirmation, and say what cannot run here."""
    feature = FEATURES.get(parse.intent)
    if feature is None:
        return Answer(parse, "not_supported", question=CAPABILITIES)
    missing, question = missing_slot(parse), question_for(parse)
    if feature in ON_DEVICE:
        return Answer(parse, "on_device", feature, missing, question)
    if missing is not None:
        return Answer(parse, "needs_input", feature, missing, question)
    try:
        return RUNNERS[parse.intent](svc, parts, who, parse)
    except DomainError as exc:  # a refusal the user can act on: a consent, a date, a city
        return Answer(parse, "failed", feature, error=exc)


def _ask_for(parse: Parse, question: Question) -> Answer:
    feature = FEATURES[parse.intent]
    return Answer(parse, "needs_input", feature, question.slot, question)


def _ask_again(parse: Parse, slot: str) -> Answer:
    """The shared question for a slot that was said but names nothing the server can use."""
    without = replace(parse, slots={k: v for k, v in parse.slots.items() if k != slot})
    question = question_for(without)
    assert question is not None
    return _ask_for(without, question)


def _weather(svc: Services, parts: AssistantParts, who: Asker, parse: Parse) -> Answer:
    place = parse.slots.get("place", "current")
    saved = who.saved(place)
    if saved is None and place in PLACE_WORDS:  # no location here: a city is needed
        without = {k: v for k, v in parse.slots.items() if k != "place"}
        return _ask_for(replace(parse, slots=without), WEATHER_PLACE)
    query = weather.WeatherQuery(place_id=saved.id) if saved else weather.WeatherQuery(city=place)
    forecast = weather.forecast(svc, parts.weather, who.user_id, query, reply_locale(parse))
    day = _day(parse.slots.get("when"), svc.clock.now(), who.time_zone)
    name = forecast.place or (saved.label if saved else place)
    return Answer(parse, "done", "weather", forecast=forecast, place_name=name, day=day)


def _task_create(svc: Services, _: AssistantParts, who: Asker, parse: Parse) -> Answer:
    when = parse.slots.get("when")
    if not when:
        return _ask_for(parse, TASK_WHEN)
    due = instant(when, who.time_zone)
    task = tasks.create(svc, who.user_id, tasks.NewTask(parse.slots["title"], due))
    return Answer(parse, "done", "task", task=task)


def _task_list(svc: Services, _: AssistantParts, who: Asker, parse: Parse) -> Answer:
    found = tuple(t for t in tasks.list_tasks(svc, who.user_id) if not t.completed)
    return Answer(parse, "done", "task", tasks=found)


def _navigate(svc: Services, parts: AssistantParts, who: Asker, parse: Parse) -> Answer:
    said = parse.slots["destination"]
    target = who.saved(said)
    if target is None and said in PLACE_WORDS:  # "take me home" with no home saved
        return _ask_again(parse, "destination")
    start = who.saved(parse.slots.get("origin", ""))
    provider = parts.navigation
    # The same URL builder the hand-off uses, so the fields shown are the fields sent.
    share = navigation_url(
        provider.style,
        provider.base_url,
        Destination(target.label, target.point) if target else Destination(said),
        start.point if start else None,
    )
    _may_share(svc, who, navigation.PURPOSE, share.categories, navigation.RECIPIENT)
    origin = start if start is not None and "origin" in share.fields else None
    request = navigation.NavigationRequest(
        destination=None if target else said,
        destination_place_id=target.id if target else None,
        origin_place_id=origin.id if origin else None,
    )
    values = {"destination": target.label if target else said}
    if origin is not None:
        values["origin"] = origin.label
    proposal = Proposal(navigation.RECIPIENT, share.fields, values, navigation=request)
    return Answer(parse, "needs_confirmation", "navigation", proposal=proposal)


def _book_ticket(svc: Services, parts: AssistantParts, who: Asker, parse: Parse) -> Answer:
    ask = tickets.TicketAsk(query=ticket_query(parse, who.time_zone))
    prepared = tickets.prepare(svc, who.user_id, ask)
    _may_share(svc, who, tickets.PURPOSE, prepared.categories, tickets.RECIPIENT)
    if parts.tickets is None:  # as `tickets.book` says it, before offering to send
        raise NotDelivered("assistant.tickets.not_configured")
    values = {"query": prepared.query or ""}
    proposal = Proposal(tickets.RECIPIENT, prepared.fields, values, ticket=ask)
    return Answer(parse, "needs_confirmation", "ticket", proposal=proposal)


def _may_share(
    svc: Services, who: Asker, purpose: str, categories: tuple[str, ...], recipient: str
) -> None:
    """Refuse a proposal the user could not confirm anyway (no consent, paused, ended grant)."""
    access = Access(purpose, categories, "share", recipient)
    with svc.uow(access, subject=who.user_id, readonly=True):
        pass


RUNNERS = {
    "weather": _weather,
    "task.create": _task_create,
    "task.list": _task_list,
    "navigate": _navigate,
    "ticket.book": _book_ticket,
}


def instant(when: str, time_zone: str) -> datetime:
    """A `when` slot as an aware instant: a date alone means 09:00 that day, local time."""
    zone = ZoneInfo(time_zone)
    try:
        if "T" not in when:
            return datetime.combine(date.fromisoformat(when), DATE_ONLY_REMINDER, zone)
        value = datetime.fromisoformat(when)
    except ValueError as exc:
        raise InvalidInput("assistant.task.due_invalid") from exc
    return value if value.tzinfo is not None else value.replace(tzinfo=zone)


def _day(when: str | None, now: datetime, time_zone: str) -> date:
    zone = ZoneInfo(time_zone)
    if not when:
        return now.astimezone(zone).date()
    try:
        return instant(when, time_zone).astimezone(zone).date()
    except InvalidInput:
        return now.astimezone(zone).date()


# What a ticket request says, built from the slots (never the words around them), per language.
TICKET_KINDS = {
    "train": ("train tickets", "火车票"),
    "flight": ("flight tickets", "机票"),
    "bus": ("bus tickets", "汽车票"),
    "movie": ("movie tickets", "电影票"),
    "concert": ("concert tickets", "演唱会门票"),
    "other": ("tickets", "票"),
}


def ticket_query(parse: Parse, time_zone: str) -> str:
    """The partner's query: "train tickets from Shanghai to Hangzhou on 2026-12-01",
    "2026-12-01从上海到杭州的火车票"."""
    slots = parse.slots
    en_kind, zh_kind = TICKET_KINDS.get(slots.get("kind", "other"), TICKET_KINDS["other"])
    when = _when_text(slots.get("when"), time_zone)
    if parse.lang == "zh":
        parts = [
            when,
            f"从{slots['origin']}" if "origin" in slots else "",
            f"到{slots['destination']}" if "destination" in slots else "",
            "的" if "origin" in slots or "destination" in slots else "",
            f"《{slots['title']}》" if "title" in slots else "",
            zh_kind,
        ]
        return "".join(parts)
    words = [
        en_kind,
        f"for {slots['title']}" if "title" in slots else "",
        f"from {slots['origin']}" if "origin" in slots else "",
        f"to {slots['destination']}" if "destination" in slots else "",
        f"on {when}" if when else "",
    ]
    return " ".join(w for w in words if w)


def _when_text(when: str | None, time_zone: str) -> str:
    if not when:
        return ""
    try:
        moment = instant(when, time_zone).astimezone(ZoneInfo(time_zone))
    except InvalidInput:
        return ""
    return moment.strftime("%Y-%m-%d %H:%M" if "T" in when else "%Y-%m-%d")
