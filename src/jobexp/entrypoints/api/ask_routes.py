"""`POST /api/v1/ask`: one command, understood on the server, answered by the feature it asks for.

The text is parsed and dropped (never stored or logged). Weather and tasks run at once;
navigation and tickets come back as a proposal (who would receive what, the notice, and the
request that runs it) and nothing leaves JobExp until the client sends that request.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from jobexp.entrypoints import ask_replies
from jobexp.entrypoints.api.ask_schemas import (
    AskActionOut,
    AskIn,
    AskOut,
    ConfirmOut,
    ProblemMessage,
    ProblemOut,
)
from jobexp.entrypoints.api.assistant_common import errors
from jobexp.entrypoints.api.assistant_routes import task_out, weather_out
from jobexp.entrypoints.api.schemas import ErrorBody
from jobexp.entrypoints.principal import ApiUser
from jobexp.entrypoints.requests import assistant, services
from jobexp.i18n import translate
from jobexp.service_layer import ask
from jobexp.service_layer.context import Services
from jobexp.service_layer.ports import AssistantParts, NavigationProvider
from jobexp.types import Locale

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["assistant"])


@router.post(
    "/ask",
    response_model=AskOut,
    response_model_exclude_unset=True,
    responses=errors(),
    summary="Understand a command and answer it",
)
def ask_jobexp(body: AskIn, request: Request, principal: ApiUser) -> AskOut:
    """Runs weather and tasks; proposes navigation and tickets (run them with `confirm`);
    says that calls, messages and the calendar run on the phone app."""
    svc, parts = services(request), assistant(request)
    who = ask.asker(svc, principal.user_id)
    parse = ask.understand(svc, who, body.text, body.lang)
    return ask_out(svc, parts, who, ask.answer(svc, parts, who, parse))


def ask_out(svc: Services, parts: AssistantParts, who: ask.Asker, answer: ask.Answer) -> AskOut:
    parse = answer.parse
    extra: dict[str, Any] = {}
    if parse.problem is not None:
        problem = parse.problem
        message = ProblemMessage(en=problem.en, zh=problem.zh)
        extra["problem"] = ProblemOut(code=problem.code, message=message)
    if parse.ambiguous:
        extra["ambiguous"] = {name: list(values) for name, values in parse.ambiguous.items()}
    question = answer.question
    return AskOut(
        intent=parse.intent,
        slots=dict(parse.slots),
        lang=parse.lang,
        missing=answer.missing,
        question=None if question is None else question.text(parse.lang),
        action=_action(svc, parts, who, answer),
        **extra,
    )


def _action(
    svc: Services, parts: AssistantParts, who: ask.Asker, answer: ask.Answer
) -> AskActionOut:
    locale = ask.reply_locale(answer.parse)
    fields: dict[str, Any] = {}
    if answer.forecast is not None:
        fields["weather"] = weather_out(answer.forecast, locale, svc.clock.now())
        fields["day"] = answer.day
    if answer.task is not None:
        fields["task"] = task_out(answer.task)
    if answer.status == "done" and answer.feature == "task" and answer.task is None:
        fields["tasks"] = [task_out(t) for t in answer.tasks]
    if answer.proposal is not None:
        fields |= _proposal(svc, parts.navigation, answer.proposal, locale)
    if answer.error is not None:
        error = answer.error
        text = translate(error.message_key, locale, **error.params)
        fields["error"] = ErrorBody(code=error.message_key, message=text)
    return AskActionOut(
        feature=answer.feature,
        status=answer.status,
        message=ask_replies.message(svc, parts.navigation, answer, who.time_zone, locale),
        **fields,
    )


def _proposal(
    svc: Services, nav: NavigationProvider, proposal: ask.Proposal, locale: Locale
) -> dict[str, Any]:
    return {
        "recipient": ask_replies.provider_name(svc, nav, proposal, locale),
        "shares": list(proposal.fields),
        "sends": dict(proposal.values),
        "notice": ask_replies.proposal_notice(svc, nav, proposal, locale),
        "confirm": _confirm(proposal),
    }


def _confirm(proposal: ask.Proposal) -> ConfirmOut:
    """The existing endpoint that makes the share, with exactly the body that makes it."""
    if proposal.navigation is not None:
        nav = proposal.navigation
        body = {
            "destination": nav.destination,
            "destination_place_id": nav.destination_place_id,
            "origin_place_id": nav.origin_place_id,
        }
        return ConfirmOut(
            method="POST",
            path="/api/v1/navigation",
            body={k: v for k, v in body.items() if v is not None},
        )
    assert proposal.ticket is not None
    ticket = {"query": proposal.ticket.query, "notice_shown": True}
    return ConfirmOut(method="POST", path="/api/v1/tickets", body=ticket)
