"""`jobexp device ask`: a command understood on the device, answered where its data lives.

Calls, messages and the calendar are answered from the local stores and never reach the
server (1a, 1c). Weather, tasks, navigation and tickets go to the server through the one
outbound client, carrying only the fields each feature declares (1b, 1d); a contact named in
a task goes as a reference only this device resolves (`references`). A command missing a
slot gets the web's follow-up question (`jobexp.nlu.followup`); the answer comes back in
`Question.answers`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from jobexp import nlu
from jobexp.device import references
from jobexp.device.errors import OutboundRefused, ServerError
from jobexp.device.guard import LocalSecrets
from jobexp.device.handoff import Candidate, candidates, sms_uri, tel_uri
from jobexp.device.messages import day_text, say, what, when_text
from jobexp.device.model import DEVICE_CALENDAR, Event
from jobexp.device.outbound import Outbound
from jobexp.device.store import LocalStore
from jobexp.nlu import followup
from jobexp.nlu.prepare import prepare
from jobexp.nlu.text import detect_lang
from jobexp.nlu.timex import ImpossibleDate, iso, resolve
from jobexp.types import Locale

__all__ = ["Agent", "Question", "Reply"]

Status = Literal["ok", "choose", "not_found", "unclear", "refused", "unavailable"]
EXIT_CODES: Mapping[Status, int] = {
    "ok": 0,
    "not_found": 1,
    "unclear": 1,
    "unavailable": 2,
    "refused": 4,
    "choose": 3,
}
DATE_ONLY_REMINDER = time(9, 0)  # "remind me tomorrow" without an hour: 09:00 local
EVENT_LENGTH = timedelta(hours=1)
Parser = Callable[..., nlu.Parse]
# The server needs a due time for a task; the web's questions ask only for its title.
WHEN_TO_REMIND = followup.Question("when", "When should I remind you?", "什么时候提醒你？")
TICKET_ANSWERS = {
    "destination": {"en": " to {}", "zh": "，去{}"},
    "origin": {"en": " from {}", "zh": "，从{}出发"},
}


@dataclass(frozen=True)
class Question:
    """One command and the circumstances it is asked in."""

    text: str
    now: datetime  # aware
    time_zone: str
    lang: Locale | None = None  # None: the language the command was said in
    here: tuple[float, float] | None = None  # the device's location, when it shares it
    choose: int | None = None  # 1-based pick among the contacts offered last time
    answers: Mapping[str, str] = field(default_factory=dict)  # slot -> answer to a follow-up


@dataclass(frozen=True)
class Reply:
    status: Status
    intent: str
    lang: Locale
    text: str
    data: Mapping[str, Any] = field(default_factory=dict)

    def with_lines(self, lines: Iterable[str]) -> Reply:
        return replace(self, text="\n".join([self.text, *lines]))

    def after(self, notice: str) -> Reply:
        return replace(self, text=f"{notice}\n{self.text}")

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.status]

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "intent": self.intent,
            "lang": self.lang,
            "text": self.text,
            "needs_choice": self.status == "choose",
            **dict(self.data),
        }


@dataclass(frozen=True)
class _Turn:
    question: Question
    parse: nlu.Parse
    lang: Locale

    @property
    def slots(self) -> Mapping[str, str]:
        return self.parse.slots

    def reply(
        self, status: Status, key: str, data: Mapping[str, Any] | None = None, **p: object
    ) -> Reply:
        return Reply(status, self.parse.intent, self.lang, say(key, self.lang, **p), data or {})

    def when(self, value: datetime | date) -> str:
        return when_text(value, self.lang, self.question.time_zone)


class Agent:
    """Answers questions from the local store, and from the server only through `server()`."""

    def __init__(
        self,
        store: LocalStore,
        server: Callable[[], Outbound],
        *,
        places: Mapping[str, str] | None = None,  # saved place label -> id, cached from server
        parser: Parser = nlu.parse,
        confirm: Callable[[str], bool] = lambda notice: False,
    ) -> None:
        self._confirm = confirm  # shows a third party's notice; True when the user goes on
        self._store = store
        self._server_factory = server
        self._server: Outbound | None = None
        self._places = dict(places or {})
        self._parse = parser

    def _place_id(self, name: str) -> str | None:
        wanted = name.casefold()
        return next(
            (pid for label, pid in self._places.items() if label.casefold() == wanted), None
        )

    def server(self) -> Outbound:
        if self._server is None:
            self._server = self._server_factory()
        return self._server

    def ask(self, question: Question) -> Reply:
        names = (n for c in self._store.contacts() for n in (c.name, *c.nicknames))
        lists = nlu.SlotLists(
            contacts=tuple(dict.fromkeys(names)),
            places=tuple(self._places),
            calendars=tuple(self._store.calendars()),
        )
        parse = self._parse(
            question.text, now=question.now, tz=question.time_zone, slot_lists=lists
        )
        parse = _answered(parse, question)
        lang: Locale = question.lang or ("zh-CN" if parse.lang == "zh" else "en")
        turn = _Turn(question, parse, lang)
        if parse.problem is not None:
            text = parse.problem.zh if lang == "zh-CN" else parse.problem.en
            return Reply("unclear", parse.intent, lang, text, {"problem": parse.problem.code})
        handler = HANDLERS.get(parse.intent)
        if handler is None:
            return Reply("unclear", parse.intent, lang, followup.CAPABILITIES.text(_nlu(lang)))
        asked = _follow_up(parse)
        if asked is not None:
            data = {"missing": asked.slot, "question": {"en": asked.en, "zh": asked.zh}}
            return Reply("unclear", parse.intent, lang, asked.text(_nlu(lang)), data)
        try:
            return handler(self, turn)
        except OutboundRefused as exc:
            return turn.reply("refused", "refused", what=what(exc.category or "", lang))
        except ServerError as exc:
            if exc.status in {404, 405}:
                return turn.reply("unavailable", "unavailable")
            return turn.reply("unavailable", "server_error", message=exc.message)

    # --- on the device only -------------------------------------------------------------

    def _contact(self, turn: _Turn) -> Candidate | Reply:
        spoken = turn.slots.get("contact", "")
        ambiguous = turn.parse.ambiguous.get("contact", ())
        if not spoken and not ambiguous:
            return turn.reply("unclear", "who")
        contacts = self._store.contacts()
        found = candidates(contacts, [spoken]) or candidates(contacts, ambiguous)
        if not found:
            return turn.reply("not_found", "no_contact", name=spoken or ambiguous[0])
        choice = turn.question.choose
        if choice is not None:
            if not 1 <= choice <= len(found):
                return turn.reply("unclear", "bad_choice", choice=choice, count=len(found))
            return found[choice - 1]
        if len(found) == 1:
            return found[0]
        listed = [
            {"choice": i, "name": c.name, "number": c.number, "groups": list(c.groups)}
            for i, c in enumerate(found, start=1)
        ]
        lines = [
            f"  {row['choice']}. {c.name}  {c.number}"
            + (f"  ({', '.join(c.groups)})" if c.groups else "")
            for row, c in zip(listed, found, strict=True)
        ]
        return turn.reply("choose", "which_contact", {"candidates": listed}).with_lines(lines)

    def call(self, turn: _Turn) -> Reply:
        found = self._contact(turn)
        if isinstance(found, Reply):
            return found
        uri = tel_uri(found.number)
        return turn.reply("ok", "call", {"uri": uri}, name=found.name, number=found.number)

    def message(self, turn: _Turn) -> Reply:
        found = self._contact(turn)
        if isinstance(found, Reply):
            return found
        body = turn.slots.get("body", "").strip()
        if not body:
            return turn.reply("unclear", "no_body")
        uri = sms_uri(found.number, body)
        data = {"uri": uri, "body": body}
        return turn.reply("ok", "message", data, name=found.name, number=found.number, body=body)

    def calendar_query(self, turn: _Turn) -> Reply:
        zone = ZoneInfo(turn.question.time_zone)
        day = _day(turn.slots.get("when"), turn.question.now, zone)
        start = datetime.combine(day, time(), zone)
        events = self._store.events_between(start, start + timedelta(days=1))
        shown = day_text(day, turn.lang)
        if not events:
            return turn.reply("ok", "no_events", {"events": []}, day=shown)
        rows = [_event_row(e, zone) for e in events]
        lines = [
            f"  {r['start'][11:16]}-{r['end'][11:16]}  {r['title']}  [{r['calendar']}]"
            for r in rows
        ]
        return turn.reply("ok", "events", {"events": rows}, day=shown).with_lines(lines)

    def calendar_add(self, turn: _Turn) -> Reply:
        title = turn.slots.get("title", "").strip()
        if not title:
            return turn.reply("unclear", "need_title")
        when = turn.slots.get("when")
        if not when:
            return turn.reply("unclear", "need_when")
        zone = ZoneInfo(turn.question.time_zone)
        start, end, shown = _span(when, zone, turn)
        event = Event(f"jobexp:{uuid.uuid4()}", title, start, end, DEVICE_CALENDAR)
        self._store.save_events([event])
        return turn.reply(
            "ok", "event_added", {"event": _event_row(event, zone)}, title=title, when=shown
        )

    # --- through the server -------------------------------------------------------------

    def weather(self, turn: _Turn) -> Reply:
        place = turn.slots.get("place", "current")
        zone = ZoneInfo(turn.question.time_zone)
        day = _day(turn.slots.get("when"), turn.question.now, zone)
        body: dict[str, Any]
        if place == "current":
            if turn.question.here is None:
                return turn.reply("unclear", "need_location")
            latitude, longitude = turn.question.here
            body = {"latitude": latitude, "longitude": longitude}
            place = say("here_place", turn.lang)
        elif place_id := self._place_id(place):
            body = {"place_id": place_id}
        else:
            body = {"city": place}
        answer = self.server().call("weather", body=body, lang=turn.lang)
        shown = day_text(day, turn.lang)
        for row in answer.get("days", []):
            if row.get("day") == day.isoformat():
                low, high = round(row["temperature_min"]), round(row["temperature_max"])
                data = {"forecast": row, "place": place}
                return turn.reply(
                    "ok",
                    "weather",
                    data,
                    place=place,
                    day=shown,
                    sky=row["sky"],
                    low=low,
                    high=high,
                )
        return turn.reply("not_found", "no_forecast", place=place, day=shown)

    def task_create(self, turn: _Turn) -> Reply:
        title = turn.slots.get("title", "").strip()
        if not title:
            return turn.reply("unclear", "need_title")
        when = turn.slots.get("when")
        if not when:
            return turn.reply("unclear", "need_when")
        due = _instant(when, ZoneInfo(turn.question.time_zone))
        contacts = LocalSecrets.of(self._store.contacts(), ())
        sent = references.redact(title, contacts, self._store)  # "call ⟨contact:...⟩"
        task = self.server().call(
            "tasks.create", body={"title": sent, "due_at": due.isoformat()}, lang=turn.lang
        )
        data = {"task": self._resolved(task)}
        return turn.reply("ok", "task_added", data, title=title, when=turn.when(due))

    def _resolved(self, task: Mapping[str, Any]) -> dict[str, Any]:
        """A task as the server keeps it, with this device's contact references read back."""
        title = references.resolve(str(task.get("title", "")), self._store.references())
        return {**task, "title": title}

    def task_list(self, turn: _Turn) -> Reply:
        tasks = self.server().call("tasks.list", lang=turn.lang) or []
        open_tasks = [self._resolved(t) for t in tasks if not t.get("completed")]
        if not open_tasks:
            return turn.reply("ok", "no_tasks", {"tasks": []})
        lines = [
            f"  {turn.when(datetime.fromisoformat(t['due_at']))}  {t['title']}" for t in open_tasks
        ]
        return turn.reply("ok", "tasks", {"tasks": open_tasks}).with_lines(lines)

    def navigate(self, turn: _Turn) -> Reply:
        """The server builds the provider's URL; the device shows its notice, then the URL."""
        destination = turn.slots.get("destination", "").strip()
        if not destination:
            return turn.reply("unclear", "where")
        place_id = self._place_id(destination)
        body: dict[str, Any] = (
            {"destination_place_id": place_id} if place_id else {"destination": destination}
        )
        if origin_id := self._place_id(turn.slots.get("origin", "")):
            body["origin_place_id"] = origin_id  # an origin goes only when the user named one
        answer = self.server().call("navigate", body=body, lang=turn.lang) or {}
        url = str(answer.get("url", ""))
        notice = str(answer.get("notice") or say("third_party", turn.lang))
        data = {"url": url, "notice": notice, "shares": answer.get("shares", [])}
        return turn.reply("ok", "navigate", data, destination=destination, url=url).after(notice)

    def ticket_book(self, turn: _Turn) -> Reply:
        """The partner gets the recognized words only after the user saw who receives what."""
        notice = str((self.server().call("tickets.notice", lang=turn.lang) or {}).get("notice", ""))
        if not self._confirm(notice or say("third_party", turn.lang)):
            return turn.reply("unclear", "declined", {"notice": notice})
        body = {"query": _ticket_query(turn), "notice_shown": True}
        answer = self.server().call("tickets.book", body=body, lang=turn.lang) or {}
        detail = str(answer.get("summary") or "")
        data = {"notice": notice, "ticket": answer}
        return turn.reply("ok", "ticket", data, detail=detail).after(notice)


HANDLERS: Mapping[str, Callable[[Agent, _Turn], Reply]] = {
    "call": Agent.call,
    "message": Agent.message,
    "calendar.query": Agent.calendar_query,
    "calendar.add": Agent.calendar_add,
    "weather": Agent.weather,
    "task.create": Agent.task_create,
    "task.list": Agent.task_list,
    "navigate": Agent.navigate,
    "ticket.book": Agent.ticket_book,
}


def _nlu(lang: Locale) -> nlu.model.Lang:
    return "zh" if lang == "zh-CN" else "en"


def _follow_up(parse: nlu.Parse) -> followup.Question | None:
    """The question for the first slot the command still lacks, as the web asks it."""
    asked = followup.question_for(parse)
    if asked is None and parse.intent == "task.create" and not parse.slots.get("when"):
        return WHEN_TO_REMIND
    return asked


def _answered(parse: nlu.Parse, question: Question) -> nlu.Parse:
    """The parse with the answers to follow-up questions in its slots ("when" resolved)."""
    if not question.answers or parse.intent == "unknown":
        return parse
    slots = dict(parse.slots)
    for slot, answer in question.answers.items():
        said = answer.strip()
        value = _when(said, question) if slot == "when" else said
        if value:
            slots[slot] = value
    return replace(parse, slots=slots)


def _when(said: str, question: Question) -> str | None:
    """An answer to "When?" ("tomorrow at 5pm", "明天下午五点") as the parser would give it."""
    lang = detect_lang(said)
    parts = prepare(said, lang).parts
    if not parts.found:
        return None
    try:
        value = resolve(parts, question.now.astimezone(ZoneInfo(question.time_zone)))
    except ImpossibleDate:
        return None
    return None if value is None else iso(value)


def _ticket_query(turn: _Turn) -> str:
    """The words the partner receives: as said, with what the follow-ups added."""
    query = turn.question.text
    for slot, phrase in TICKET_ANSWERS.items():
        answer = turn.question.answers.get(slot, "").strip()
        if answer:
            query += phrase[turn.parse.lang].format(answer)
    return query


def _day(when: str | None, now: datetime, zone: ZoneInfo) -> date:
    if not when:
        return now.astimezone(zone).date()
    if "T" in when:
        return datetime.fromisoformat(when).astimezone(zone).date()
    return date.fromisoformat(when)


def _instant(when: str, zone: ZoneInfo) -> datetime:
    if "T" in when:
        value = datetime.fromisoformat(when)
        return value if value.tzinfo else value.replace(tzinfo=zone)
    return datetime.combine(date.fromisoformat(when), DATE_ONLY_REMINDER, zone)


def _span(when: str, zone: ZoneInfo, turn: _Turn) -> tuple[datetime, datetime, str]:
    if "T" in when:
        start = _instant(when, zone)
        return start, start + EVENT_LENGTH, turn.when(start)
    day = date.fromisoformat(when)
    start = datetime.combine(day, time(), zone)
    return start, start + timedelta(days=1), turn.when(day)


def _event_row(event: Event, zone: ZoneInfo) -> dict[str, str]:
    return {
        "title": event.title,
        "start": event.start.astimezone(zone).isoformat(),
        "end": event.end.astimezone(zone).isoformat(),
        "calendar": event.calendar,
    }
