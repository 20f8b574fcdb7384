"""What the ask box says back, for the API and the page alike.

Replies are in the language the command was said in (`ask.reply_locale`); times are shown in
the user's time zone; a third party's notice is the one its own form and endpoint show.
"""

from __future__ import annotations

from datetime import date

from jobexp.domain.errors import InvalidInput
from jobexp.domain.weather import sky
from jobexp.entrypoints import notices
from jobexp.entrypoints.web.rendering import local_time
from jobexp.i18n import translate
from jobexp.nlu.model import Parse
from jobexp.service_layer import navigation
from jobexp.service_layer.ask import Answer, Proposal, instant
from jobexp.service_layer.context import Services
from jobexp.service_layer.ports import NavigationProvider
from jobexp.types import Locale

__all__ = ["message", "proposal_notice", "provider_name", "slot_rows", "when_text"]

PLACE_SLOTS = frozenset({"place", "destination", "origin"})
# What was asked first, then who or where, then when.
SHOWN_ORDER = ("title", "contact", "body", "place", "origin", "destination", "kind", "when")
KNOWN_PLACES = {
    "current": "ask.place.current",
    "home": "assistant.places.kind.home",
    "work": "assistant.places.kind.work",
}


def message(
    svc: Services, nav: NavigationProvider, answer: Answer, time_zone: str, locale: Locale
) -> str:
    """One sentence that answers: what ran, what is asked, or why nothing did."""
    if answer.status == "failed" and answer.error is not None:
        return translate(answer.error.message_key, locale, **answer.error.params)
    if answer.status in ("needs_input", "not_supported") and answer.question is not None:
        return answer.question.text(answer.parse.lang)
    if answer.status == "on_device":
        return translate(f"ask.on_device.{answer.feature}", locale)
    if answer.proposal is not None:
        return proposal_notice(svc, nav, answer.proposal, locale)
    return _done(answer, time_zone, locale)


def _done(answer: Answer, time_zone: str, locale: Locale) -> str:
    if answer.forecast is not None:
        row = next((d for d in answer.forecast.days if d.day == answer.day), None)
        if row is None:
            return translate("ask.weather.done", locale, place=answer.place_name)
        return translate(
            "ask.weather.day",
            locale,
            place=answer.place_name,
            day=row.day.isoformat(),
            sky=translate(f"assistant.sky.{sky(row.weather_code)}", locale),
            high=round(row.temperature_max),
            low=round(row.temperature_min),
        )
    if answer.task is not None:
        due = local_time(answer.task.due_at, time_zone, locale)
        return translate("ask.task.added", locale, title=answer.task.title, time=due)
    if not answer.tasks:
        return translate("ask.tasks.none", locale)
    return translate("ask.tasks.some", locale, count=len(answer.tasks))


def provider_name(
    svc: Services, nav: NavigationProvider, proposal: Proposal, locale: Locale
) -> str:
    if proposal.recipient == navigation.RECIPIENT:
        return nav.name
    return notices.partner_name(svc, locale)


def proposal_notice(
    svc: Services, nav: NavigationProvider, proposal: Proposal, locale: Locale
) -> str:
    """The notice the navigation and ticket forms show before anything leaves (D3)."""
    name = provider_name(svc, nav, proposal, locale)
    if proposal.recipient == navigation.RECIPIENT:
        return notices.leaving(name, proposal.fields, locale)
    return notices.sending(name, proposal.fields, locale)


def slot_rows(parse: Parse, time_zone: str, locale: Locale) -> list[tuple[str, str, str]]:
    """(slot, label, value) for each slot, as a person reads them."""
    rows = []
    for name, value in sorted(parse.slots.items(), key=lambda item: _order(item[0])):
        shown = value
        if name == "when":
            shown = when_text(value, time_zone, locale)
        elif name == "kind":
            shown = translate(f"ask.kind.{value}", locale)
        elif name in PLACE_SLOTS and value in KNOWN_PLACES:
            shown = translate(KNOWN_PLACES[value], locale)
        rows.append((name, translate(f"ask.slot.{name}", locale), shown))
    return rows


def _order(slot: str) -> int:
    return SHOWN_ORDER.index(slot) if slot in SHOWN_ORDER else len(SHOWN_ORDER)


def when_text(value: str, time_zone: str, locale: Locale) -> str:
    """A `when` slot in the user's time zone: a day alone stays a day."""
    if "T" not in value:
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            return value
    try:
        return local_time(instant(value, time_zone), time_zone, locale)
    except (InvalidInput, OverflowError):  # a slot that is no time is shown as said
        return value
