"""`jobexp nlu ...`: understand one command, or report accuracy on the shipped corpus.

hassil and the templates load inside the commands, so `jobexp --help` stays fast.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer

if TYPE_CHECKING:
    from jobexp.nlu.model import LangChoice

__all__ = ["nlu_app"]

nlu_app = typer.Typer(
    help="Command understanding: what a typed or spoken command asks.", no_args_is_help=True
)
LANGS: dict[str, LangChoice] = {"en": "en", "zh": "zh", "auto": "auto"}


@nlu_app.command("parse")
def nlu_parse(
    text: Annotated[str, typer.Argument(help="The command, as said or typed.")],
    *,
    lang: Annotated[str, typer.Option(help="en, zh, or auto (Chinese if any Han).")] = "auto",
    now: Annotated[
        str | None,
        typer.Option(help="The moment it was said, ISO-8601 with offset (default: now)."),
    ] = None,
    tz: Annotated[str, typer.Option(help="Time zone that 'tomorrow' is resolved in.")] = (
        "Asia/Shanghai"
    ),
    as_json: Annotated[
        bool, typer.Option("--json/--plain", help="One JSON object (default), or one plain line.")
    ] = True,
    contact: Annotated[
        list[str] | None, typer.Option(help="A contact the user has (repeat for more).")
    ] = None,
    place: Annotated[
        list[str] | None, typer.Option(help="A saved place the user has (repeat for more).")
    ] = None,
) -> None:
    """Print {"intent": ..., "slots": {...}} for TEXT, plus "problem" or "ambiguous" if any."""
    choice = LANGS.get(lang)
    if choice is None:
        _fail(f"--lang must be one of {', '.join(LANGS)}, not {lang!r}")
    zone = _zone(tz)
    moment = _moment(now, zone)
    from jobexp.nlu import SlotLists, shared

    lists = SlotLists(contacts=tuple(contact or ()), places=tuple(place or ()))
    result = shared().parse(text, lang=choice, now=moment, tz=tz, slot_lists=lists)
    if as_json:
        typer.echo(result.to_json())
    else:
        slots = "  ".join(f"{name}={value}" for name, value in result.slots.items())
        typer.echo(f"{result.intent}  {slots}".rstrip())


@nlu_app.command("report")
def nlu_report(
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Accuracy on the shipped corpus: per language, intent and slot exact match, and misses."""
    from jobexp.nlu import shared
    from jobexp.nlu.corpus import evaluate, load_corpus, render

    report = evaluate(shared(), load_corpus())
    typer.echo(json.dumps(report.to_dict(), ensure_ascii=False) if as_json else render(report))


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        _fail(f"--tz {tz!r} is not a time zone name (like Asia/Shanghai)")


def _moment(now: str | None, zone: ZoneInfo) -> datetime:
    if now is None:
        return datetime.now(zone)
    try:
        moment = datetime.fromisoformat(now)
    except ValueError:
        _fail(f"--now {now!r} is not an ISO-8601 date-time (like 2026-11-29T10:00:00+08:00)")
    if moment.tzinfo is None:
        _fail(f"--now {now!r} needs a UTC offset (like +08:00)")
    return moment


def _fail(message: str) -> NoReturn:
    typer.echo(f"jobexp nlu: {message}", err=True)
    raise typer.Exit(2)
