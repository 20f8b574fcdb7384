"""`jobexp device ...`: the device agent on the user's phone or computer.

Contacts and the calendar are imported into, and answered from, a store on this device
(1a, 1c); the server sees only an anonymized device identifier, the network and country
codes (9a), and what each server feature needs (1b, 1d). Exit codes: 0 done, 1 not
understood or not found, 2 cannot proceed (server unreachable, not set up, bad file),
3 a contact must be chosen (--choose N), 4 refused because it would reveal local data.
"""

from __future__ import annotations

import getpass
import json
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.console import Console

from jobexp.device.errors import (
    BadDeviceFacts,
    CalendarUnreadable,
    OutboundRefused,
    ServerError,
    ServerUnreachable,
    SessionExpired,
)
from jobexp.device.messages import say, what
from jobexp.device.state import DeviceState, NotInitialized, default_device_dir
from jobexp.types import LOCALES, Locale

if TYPE_CHECKING:  # the agent (and its NLU), httpx, vobject and icalendar load per command
    from jobexp.device.agent import Reply
    from jobexp.device.bootstrap import Device
    from jobexp.device.imports import Imported

device_app = typer.Typer(
    help="The device agent: contacts and calendar stay on this device.", no_args_is_help=True
)
contacts_app = typer.Typer(help="The address book, kept on this device.", no_args_is_help=True)
calendar_app = typer.Typer(help="The calendar, kept on this device.", no_args_is_help=True)
places_app = typer.Typer(help="Saved places known to this device.", no_args_is_help=True)
device_app.add_typer(contacts_app, name="contacts")
device_app.add_typer(calendar_app, name="calendar")
device_app.add_typer(places_app, name="places")
console = Console(stderr=True, soft_wrap=True, highlight=False)
PROGRESS_FROM = 200  # cards: smaller files import before a bar could be read
MAX_ASKS = 2  # the same question again after an answer it could not use, then give up
T = TypeVar("T")

LangOption = Annotated[
    str | None, typer.Option("--lang", help="Answer in en or zh-CN (default: as spoken).")
]


def _device() -> Device:
    from jobexp.device.bootstrap import Device

    return Device(DeviceState(default_device_dir()))


def _locale(lang: str | None, device: Device | None = None) -> Locale:
    chosen = _as_locale(lang)
    if chosen is not None:
        return chosen
    if lang is not None:
        console.print(f"[red]--lang must be one of {', '.join(LOCALES)}[/red]")
        raise typer.Exit(2)
    try:
        saved = device.state.settings().locale if device else "en"
    except NotInitialized:
        saved = "en"
    return _as_locale(saved) or "en"


def _as_locale(value: str | None) -> Locale | None:
    return next((locale for locale in LOCALES if locale == value), None)


def _fail(message: str, code: int = 2) -> typer.Exit:
    console.print(f"[red]{message}[/red]")
    return typer.Exit(code)


def _read_password(prompt: str) -> str:
    """From the terminal without echo, or one line of standard input: never from argv."""
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    console.print(prompt, end="")
    return sys.stdin.readline().rstrip("\r\n")


def _online(device: Device, locale: Locale, action: Callable[[], T]) -> T:
    """Run a step that talks to the server; known failures print one line and exit."""
    try:
        return action()
    except NotInitialized as exc:
        raise _fail(say("not_initialized", locale)) from exc
    except ServerUnreachable as exc:
        server = str(exc).split(": ", 1)[0]
        raise _fail(say("unreachable", locale, server=server)) from exc
    except ServerError as exc:
        raise _fail(say("server_error", locale, message=exc.message), 1) from exc
    except OutboundRefused as exc:
        raise _fail(say("refused", locale, what=what(exc.category or "", locale)), 4) from exc


@device_app.command("init")
def init(
    server: Annotated[str, typer.Option("--server", help="The JobExp server's base URL.")],
    network_code: Annotated[
        str, typer.Option("--network-code", help="Mobile network code: MCC+MNC, e.g. 46000.")
    ] = "46000",
    country_code: Annotated[
        str, typer.Option("--country-code", help="ISO 3166-1 alpha-2 country, e.g. CN.")
    ] = "CN",
    identifier: Annotated[
        str | None, typer.Option("--identifier", help="Your account's email or mobile number.")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """Create this install's secret, register the device and keep its token (mode 0600)."""
    device = _device()
    locale = _locale(lang)
    if identifier is None:
        identifier = typer.prompt("Account (email or mobile)", err=True).strip()
    password = (
        sys.stdin.readline().rstrip("\r\n")
        if password_stdin
        else _read_password(say("password_for", locale, identifier=identifier))
    )
    if not password:
        raise _fail(say("no_password", locale))
    try:
        settings = _online(
            device,
            locale,
            lambda: device.register(server, identifier, password, network_code, country_code),
        )
    except BadDeviceFacts as exc:
        raise _fail(f"--network-code / --country-code: {exc}") from exc
    locale = _locale(lang, device)  # the account's language, now that it is known
    console.print(say("registered", locale, server=settings.server))
    console.print(f"device id: {device.state.device_id()}  ({device.state.directory})")


@device_app.command("login")
def login(lang: LangOption = None) -> None:
    """Sign this device in again (after its session expired)."""
    device = _device()
    locale = _locale(lang, device)
    _relogin(device, locale)


def _relogin(device: Device, locale: Locale) -> None:
    try:
        identifier = device.state.settings().identifier
    except NotInitialized as exc:
        raise _fail(say("not_initialized", locale)) from exc
    password = _read_password(say("password_for", locale, identifier=identifier))
    if not password:
        raise _fail(say("no_password", locale))
    _online(device, locale, lambda: device.log_in(password))
    console.print(say("signed_in", locale))


@contacts_app.command("import")
def contacts_import(
    file: Annotated[Path, typer.Argument(help="A vCard file (.vcf).")],
    lang: LangOption = None,
) -> None:
    """Import contacts (names, numbers, groups) into this device's store; bad cards are listed."""
    from rich.progress import Progress

    from jobexp.device.imports import import_contacts

    device = _device()
    locale = _locale(lang, device)
    text = _read_text(file, locale)
    with (
        device.store() as store,
        Progress(
            console=console, transient=True, disable=text.count("BEGIN:VCARD") < PROGRESS_FROM
        ) as bar,
    ):
        task = bar.add_task(file.name)
        imported = import_contacts(
            store,
            text,
            started=lambda total: bar.update(task, total=total),
            advanced=lambda: bar.advance(task),
        )
        path = store.path
    _report(locale, imported, path, file, kind="contacts", unit="card")


@calendar_app.command("import")
def calendar_import(
    file: Annotated[Path, typer.Argument(help="An iCalendar file (.ics).")],
    time_zone: Annotated[
        str | None, typer.Option("--tz", help="Zone for times written without one.")
    ] = None,
    lang: LangOption = None,
) -> None:
    """Import events (title, start, end, calendar name) into this device's store."""
    device = _device()
    locale = _locale(lang, device)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise _fail(say("unreadable_file", locale, path=file, reason=exc.strerror)) from exc
    from jobexp.device.imports import import_calendar

    zone = time_zone or _time_zone(device)
    with device.store() as store:
        try:
            imported = import_calendar(store, data, default_name=file.stem, time_zone=zone)
        except CalendarUnreadable as exc:
            raise _fail(say("unreadable_file", locale, path=file, reason=exc)) from exc
        path = store.path
    _report(locale, imported, path, file, kind="events", unit="event")


def _read_text(file: Path, locale: Locale) -> str:
    try:
        return file.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise _fail(say("unreadable_file", locale, path=file, reason=exc.strerror)) from exc
    except UnicodeDecodeError as exc:
        raise _fail(say("unreadable_file", locale, path=file, reason="not UTF-8 text")) from exc


def _report(
    locale: Locale,
    imported: Imported,
    path: Path,
    file: Path,
    *,
    kind: str,
    unit: str,
) -> None:
    rejected = imported.rejected
    if rejected:
        console.print(f"[yellow]{say('rejected', locale, count=len(rejected))}[/yellow]")
        for item in rejected:
            console.print(
                say(
                    "rejected_one",
                    locale,
                    unit=what(unit, locale),
                    position=item.position,
                    reason=item.reason,
                )
            )
    if imported.count == 0:
        raise _fail(say("nothing_imported", locale, path=file), 1)
    count = imported.count
    console.print(say("imported", locale, count=count, what=what(kind, locale), path=path))


@device_app.command("consent")
def consent(
    purpose: Annotated[str, typer.Argument(help="e.g. weather, task_appointments.")],
    recipient: Annotated[
        str | None, typer.Option("--recipient", help="The third party, for a sharing consent.")
    ] = None,
    withdraw: Annotated[bool, typer.Option("--withdraw", help="Withdraw it instead.")] = False,
    lang: LangOption = None,
) -> None:
    """Give (or withdraw) one consent on your account, e.g. for weather by location."""
    device = _device()
    locale = _locale(lang, device)
    decision = "withdrawn" if withdraw else "granted"
    _with_session(device, locale, lambda: device.decide_consent(purpose, recipient, decision))
    console.print(say("consent_" + decision, locale, purpose=purpose))


@places_app.command("sync")
def places_sync(lang: LangOption = None) -> None:
    """Fetch the labels of your saved places, so commands can name them."""
    device = _device()
    locale = _locale(lang, device)
    places = _with_session(device, locale, device.sync_places)
    console.print(say("places_synced", locale, count=len(places)))


def _with_session(device: Device, locale: Locale, action: Callable[[], T]) -> T:
    """Run `action`; if the session expired, ask for the password once and run it again."""
    try:
        return _online(device, locale, action)
    except SessionExpired:
        console.print(f"[yellow]{say('expired', locale)}[/yellow]")
        device.state.forget_token()
        _relogin(device, locale)
        try:
            return _online(device, locale, action)
        except SessionExpired as exc:
            raise _fail(say("expired", locale)) from exc


def _time_zone(device: Device) -> str:
    try:
        return device.state.settings().time_zone
    except NotInitialized:
        return "Asia/Shanghai"


@device_app.command("ask")
def ask(
    text: Annotated[str, typer.Argument(help="What you want, in English or Chinese.")],
    now: Annotated[
        str | None, typer.Option("--now", help="Pretend it is this ISO time (with offset).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Answer as one JSON object.")] = False,
    lang: LangOption = None,
    time_zone: Annotated[str | None, typer.Option("--tz", help="Your time zone.")] = None,
    here: Annotated[
        str | None, typer.Option("--here", help="Your location as LATITUDE,LONGITUDE.")
    ] = None,
    choose: Annotated[
        int | None, typer.Option("--choose", min=1, help="Pick contact N of those offered.")
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", help="Go on after a third party's notice without asking.")
    ] = False,
) -> None:
    """Understand a command on this device and answer it where its data lives.

    Something missing ("remind me" of what?) is asked for in a terminal and the command goes
    on; with --json, or without a terminal, the reply names the missing slot and its question.
    """
    from jobexp.device.agent import Question

    device = _device()
    question = Question(
        text=text,
        now=_now(now),
        time_zone=time_zone or _time_zone(device),
        lang=None if lang is None else _locale(lang),
        here=_point(here),
        choose=choose,
    )
    locale = question.lang or _locale(None, device)

    def confirm(notice: str) -> bool:
        console.print(f"[yellow]{notice}[/yellow]")
        if yes:
            return True
        return sys.stdin.isatty() and typer.confirm(say("go_on", locale), err=True)

    def answer() -> Reply:
        with device.agent(confirm) as agent:
            return agent.ask(question)

    reply = _with_session(device, locale, answer)
    asked: dict[str, int] = {}
    while not as_json and sys.stdin.isatty() and (slot := reply.data.get("missing")):
        asked[slot] = asked.get(slot, 0) + 1
        said = _follow_up(reply.text) if asked[slot] <= MAX_ASKS else ""
        if not said:
            break
        question = replace(question, answers={**question.answers, slot: said})
        reply = _with_session(device, locale, answer)
    if as_json:
        typer.echo(json.dumps(reply.to_dict(), ensure_ascii=False))
    else:
        typer.echo(reply.text)
    raise typer.Exit(reply.exit_code)


def _follow_up(prompt: str) -> str:
    """One line from the terminal, the question on stderr; nothing (Enter, end of input)
    gives up."""
    console.print(prompt, end=" ")
    return sys.stdin.readline().strip()


def _now(value: str | None) -> datetime:
    if value is None:
        return datetime.now(UTC)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise _fail(f"--now: not an ISO date-time: {value}") from exc
    if parsed.tzinfo is None:
        raise _fail("--now needs a UTC offset, e.g. 2026-11-30T09:00:00+08:00")
    return parsed


def _point(value: str | None) -> tuple[float, float] | None:
    if value is None:
        return None
    try:
        latitude, longitude = (float(part) for part in value.split(","))
    except ValueError as exc:
        raise _fail(f"--here: expected LATITUDE,LONGITUDE, got {value}") from exc
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise _fail(f"--here: out of range: {value}")
    return latitude, longitude
