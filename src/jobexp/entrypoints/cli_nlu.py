"""`jobexp nlu ...`: understand one command, or report accuracy on the shipped corpus.

hassil and the templates load inside the commands, so `jobexp --help` stays fast.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer

if TYPE_CHECKING:
    from jobexp.nlu.model import LangChoice, SlotLists

from jobexp.device.model import Contact

__all__ = ["nlu_app"]

nlu_app = typer.Typer(
    help="Command understanding: what a typed or spoken command asks.", no_args_is_help=True
)
LANGS: dict[str, LangChoice] = {"en": "en", "zh": "zh", "auto": "auto"}


@nlu_app.command("parse")
def nlu_parse(
    text: Annotated[str | None, typer.Argument(help="The command, as said or typed.")] = None,
    *,
    jsonl: Annotated[
        str | None,
        typer.Option(
            "--jsonl",
            help='A file (or - for stdin) of {"text": ..., "lang": ...} lines; one answer a line.',
        ),
    ] = None,
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
    contacts: Annotated[
        Path | None, typer.Option("--contacts", help="The user's contacts, a .vcf file.")
    ] = None,
) -> None:
    """Print {"intent": ..., "slots": {...}} for TEXT, plus "problem" or "ambiguous" if any.

    With --jsonl, read one JSON object a line and print one answer a line, in order; a line
    that is not a command object gets {"error": ...} on its own line.
    """
    choice = LANGS.get(lang)
    if choice is None:
        _fail(f"--lang must be one of {', '.join(LANGS)}, not {lang!r}")
    zone = _zone(tz)
    moment = _moment(now, zone)
    if (text is None) == (jsonl is None):
        _fail("give either TEXT or --jsonl FILE (- for stdin)")
    from jobexp.nlu import SlotLists, shared

    names = _contact_names(contacts) if contacts is not None else ()
    lists = SlotLists(contacts=(*names, *(contact or ())), places=tuple(place or ()))
    if jsonl is not None:
        _batch(jsonl, now=moment, tz=tz, lists=lists)
        return
    assert text is not None
    result = shared().parse(text, lang=choice, now=moment, tz=tz, slot_lists=lists)
    if as_json:
        typer.echo(result.to_json())
    else:
        slots = "  ".join(f"{name}={value}" for name, value in result.slots.items())
        typer.echo(f"{result.intent}  {slots}".rstrip())


def _batch(source: str, *, now: datetime, tz: str, lists: SlotLists) -> None:
    from jobexp.nlu import shared
    from jobexp.nlu.batch import answer_line

    nlu = shared()
    stream = sys.stdin if source == "-" else _open(source)
    with stream:
        for line in stream:
            if line.strip():
                typer.echo(answer_line(nlu, line, now=now, tz=tz, lists=lists))


def _open(source: str) -> TextIO:
    try:
        return Path(source).open(encoding="utf-8")
    except OSError as exc:
        _fail(f"--jsonl {source!r}: {exc.strerror or exc}")


def _contact_names(path: Path) -> tuple[str, ...]:
    from jobexp.device.vcard import card_blocks, read_card

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"--contacts {str(path)!r}: {exc}")
    cards = (read_card(block) for block in card_blocks(text))
    return tuple(card.name for card in cards if isinstance(card, Contact))


@nlu_app.command("train")
def nlu_train() -> None:
    """Build the intent model from the corpus (done at install; a no-op when up to date)."""
    from jobexp.nlu.prepare import for_classifier
    from jobexp.nlu.training import ensure_model, fingerprint, model_paths

    wanted = fingerprint()
    typer.echo(f"intent model {wanted}: checking {model_paths()[0]}", err=True)
    model = ensure_model(for_classifier)
    typer.echo(f"intent model {model.fingerprint} ready", err=True)


@nlu_app.command("tune")
def nlu_tune(
    near: Annotated[float, typer.Option(help="Most near misses to accept.")] = 0.075,
    other: Annotated[float, typer.Option(help="Most other out-of-scope to accept.")] = 0.03,
) -> None:
    """Choose the arbitration thresholds on cross-validated scores of the training split."""
    from jobexp.nlu.arbitration import LIMITS
    from jobexp.nlu.tuning import choose, cross_validated, outcome

    for lang in ("en", "zh"):
        with typer.progressbar(length=5, label=f"{lang}: 5-fold scores") as bar:
            rows = cross_validated(lang, progress=lambda _: bar.update(1))
        now = outcome(rows, LIMITS[lang])
        typer.echo(f"{lang} now:    {LIMITS[lang]} -> {now}")
        try:
            limits, best = choose(rows, near, other)
        except ValueError as exc:
            typer.echo(f"{lang} best:   {exc}")
            continue
        typer.echo(f"{lang} best:   {limits} -> {best}")


@nlu_app.command("report")
def nlu_report(
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    misses: Annotated[bool, typer.Option("--misses", help="List every held-out miss.")] = False,
) -> None:
    """Scores on the training split and the held-out split side by side: per language, per
    intent, negatives accepted, and the held-out confusion table; with --misses, every miss."""
    from jobexp.nlu import shared
    from jobexp.nlu.corpus import evaluate, load_all, render, render_splits

    nlu = shared()
    train, heldout = (evaluate(nlu, load_all(split=split)) for split in ("train", "heldout"))
    if as_json:
        data = {"train": train.to_dict(), "heldout": heldout.to_dict()}
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    typer.echo(render_splits(train, heldout))
    if misses:
        typer.echo("\nheld-out " + render(heldout))


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
