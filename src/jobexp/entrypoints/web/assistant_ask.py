"""The "Ask JobExp" box at the top of the assistant page (issue 12).

One form: the command is understood on the server and answered on the same page, in the
language it was said in. A follow-up question re-posts the slots understood so far in hidden
fields, never the text; nothing of the ask is kept on the server. A share with a third party
goes through the existing forms after their notice (1d; D3); calls, messages and the calendar
are left to the phone app (1a, 1c).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from jobexp.domain.errors import DomainError, InvalidInput
from jobexp.domain.purposes import PurposeDenied
from jobexp.domain.tasks import local_to_utc
from jobexp.entrypoints import ask_replies
from jobexp.entrypoints.errors import status_of
from jobexp.entrypoints.principal import page_user
from jobexp.entrypoints.requests import assistant, services
from jobexp.entrypoints.web.assistant import DayRow, TaskRow, page, task_rows, weather_rows
from jobexp.entrypoints.web.pages import on_refusal, redirect, refusal_message
from jobexp.i18n import translate
from jobexp.nlu.model import MAX_TEXT_CHARS, Parse
from jobexp.service_layer import ask
from jobexp.service_layer.auth import Principal
from jobexp.types import Locale

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
PAGE = "/assistant"
OptionalText = Annotated[str | None, Form(max_length=1024)]
User = Annotated[Principal, page_user(PAGE)]
# The page section whose one-click consent a refused feature needs.
SECTIONS = {"weather": "weather", "task": "tasks", "navigation": "navigation", "ticket": "tickets"}


@dataclass(frozen=True)
class Confirm:
    """The existing form that makes a proposed share, pre-filled, behind its notice."""

    action: str
    button: str
    fields: dict[str, str]


@dataclass(frozen=True)
class AskView:
    """What the answer card shows; its words are in the language the command was said in."""

    locale: Locale
    intent: str
    lang: str
    status: str
    message: str
    slots: list[tuple[str, str, str]]
    problem: str | None = None
    missing: str | None = None
    carried: dict[str, str] = field(default_factory=dict)
    sends: list[tuple[str, str]] = field(default_factory=list)
    confirm: Confirm | None = None
    consent_section: str | None = None
    forecast: list[DayRow] = field(default_factory=list)
    asked_day: str | None = None
    tasks: list[TaskRow] = field(default_factory=list)


@router.get(f"{PAGE}/ask")
@router.get(f"{PAGE}/ask/more")
def back_to_the_page() -> Response:
    """A reload or a language switch after an answer: the answer is not kept, the page is."""
    return redirect(PAGE)


@router.post(f"{PAGE}/ask")
def ask_box(request: Request, principal: User, text: OptionalText = None) -> Response:
    svc = services(request)
    who = ask.asker(svc, principal.user_id)
    on_refusal(request, lambda exc: _refused(request, principal, exc, text or ""))
    parse = ask.understand(svc, who, text or "")
    answer = ask.answer(svc, assistant(request), who, parse)
    return _answered(request, principal, who, answer, text or "")


@router.post(f"{PAGE}/ask/more")
def ask_more(
    request: Request,
    principal: User,
    *,
    intent: OptionalText = None,
    lang: OptionalText = None,
    missing: OptionalText = None,
    answer: OptionalText = None,
    slot_contact: OptionalText = None,
    slot_body: OptionalText = None,
    slot_place: OptionalText = None,
    slot_when: OptionalText = None,
    slot_title: OptionalText = None,
    slot_destination: OptionalText = None,
    slot_origin: OptionalText = None,
    slot_kind: OptionalText = None,
) -> Response:
    """The answer to a follow-up question, with the slots understood before it."""
    carried = {
        "contact": slot_contact,
        "body": slot_body,
        "place": slot_place,
        "when": slot_when,
        "title": slot_title,
        "destination": slot_destination,
        "origin": slot_origin,
        "kind": slot_kind,
    }
    svc = services(request)
    who = ask.asker(svc, principal.user_id)
    on_refusal(request, lambda exc: _refused(request, principal, exc, ""))
    said = _answer_value(missing or "", answer or "", who.time_zone)
    slots = {name: value or "" for name, value in carried.items()} | {missing or "": said}
    parse = ask.resume(intent or "", slots, lang or "")
    return _answered(request, principal, who, ask.answer(svc, assistant(request), who, parse), "")


def _answer_value(slot: str, value: str, time_zone: str) -> str:
    """The answer as the slot holds it: a reminder time is picked in the user's zone."""
    if not value.strip():
        raise InvalidInput("ask.answer_empty")
    if slot != "when":
        return value
    try:
        local = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise InvalidInput("assistant.task.due_invalid") from exc
    if local.tzinfo is not None:
        raise InvalidInput("assistant.task.due_invalid")
    return local_to_utc(local, time_zone).astimezone(ZoneInfo(time_zone)).isoformat()


def _refused(request: Request, principal: Principal, exc: DomainError, text: str) -> Response:
    context = {"ask_error": refusal_message(request, exc), "ask_text": text[:MAX_TEXT_CHARS]}
    return page(request, principal, context, status=status_of(exc))


def _answered(
    request: Request, principal: Principal, who: ask.Asker, answer: ask.Answer, text: str
) -> Response:
    view = _view(request, who, answer)
    context: dict[str, Any] = {"ask": view, "ask_text": text[:MAX_TEXT_CHARS], "rt": _rt(view)}
    return page(request, principal, context)


def _rt(view: AskView) -> Callable[..., str]:
    def rt(key: str, **params: object) -> str:
        return translate(key, view.locale, **params)

    return rt


def _view(request: Request, who: ask.Asker, answer: ask.Answer) -> AskView:
    svc = services(request)
    parse = answer.parse
    locale = ask.reply_locale(parse)
    view = AskView(
        locale=locale,
        intent=parse.intent,
        lang=parse.lang,
        status=answer.status,
        message=ask_replies.message(
            svc, assistant(request).navigation, answer, who.time_zone, locale
        ),
        slots=ask_replies.slot_rows(parse, who.time_zone, locale),
        problem=_problem(parse),
    )
    if answer.status == "needs_input":
        return _with_question(view, answer)
    if answer.proposal is not None:
        return _with_proposal(request, view, answer.proposal)
    if answer.forecast is not None:
        day = None if answer.day is None else answer.day.isoformat()
        rows = weather_rows(answer.forecast, locale)
        return _replace(view, forecast=rows, asked_day=day)
    if answer.tasks:
        return _replace(view, tasks=task_rows(request, answer.tasks, who.time_zone, locale))
    if isinstance(answer.error, PurposeDenied) and answer.feature in SECTIONS:
        return _replace(view, consent_section=SECTIONS[answer.feature])
    return view


def _problem(parse: Parse) -> str | None:
    if parse.problem is None:
        return None
    return parse.problem.zh if parse.lang == "zh" else parse.problem.en


def _replace(view: AskView, **changes: Any) -> AskView:
    return AskView(**{**view.__dict__, **changes})


def _with_question(view: AskView, answer: ask.Answer) -> AskView:
    """The slots so far ride along in hidden fields; the one asked for comes from the user."""
    carried = {name: value for name, value in answer.parse.slots.items() if name != answer.missing}
    return _replace(view, missing=answer.missing, carried=carried)


def _with_proposal(request: Request, view: AskView, proposal: ask.Proposal) -> AskView:
    svc = services(request)
    name = ask_replies.provider_name(svc, assistant(request).navigation, proposal, view.locale)
    sends = [
        (translate(f"ask.sends.{f}", view.locale), proposal.values.get(f, ""))
        for f in proposal.fields
    ]
    if proposal.navigation is not None:
        nav = proposal.navigation
        fields = {
            "destination": nav.destination or "",
            "destination_place_id": nav.destination_place_id or "",
            "origin_place_id": nav.origin_place_id or "",
            "share_origin": "yes" if nav.origin_place_id else "",
        }
        button = translate("assistant.handoff.continue", view.locale, provider=name)
        confirm = Confirm(f"{PAGE}/navigation", button, fields)
    else:
        assert proposal.ticket is not None
        fields = {"query": proposal.ticket.query or "", "near_place_id": ""}
        button = translate("assistant.handoff.send", view.locale, provider=name)
        confirm = Confirm(f"{PAGE}/tickets/send", button, fields)
    return _replace(view, sends=sends, confirm=confirm)
