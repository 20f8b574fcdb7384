"""`jobexp staff ...` and `jobexp partner ...`: the first administrator, partner data files."""
# ruff: noqa: PLC0415  (lazy imports keep `jobexp --help` fast, as in cli.py)

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from jobexp.config import Settings
from jobexp.domain.errors import DomainError
from jobexp.domain.partner_import import missing_columns
from jobexp.domain.staff import ROLES
from jobexp.entrypoints.cli_startup import or_exit
from jobexp.i18n import translate

__all__ = ["partner_app", "staff_app"]

staff_app = typer.Typer(help="Staff accounts for the console.", no_args_is_help=True)
partner_app = typer.Typer(help="Partner and affiliate grants.", no_args_is_help=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _password() -> str:
    """From a hidden prompt on a terminal, else the first line of stdin: never from argv."""
    if sys.stdin.isatty():
        return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))
    return sys.stdin.readline().rstrip("\r\n")


@staff_app.command("add")
def staff_add(
    email: Annotated[str, typer.Argument(help="The member's work email.")],
    role: Annotated[str, typer.Option(help=f"One of: {', '.join(ROLES)}.")] = "support",
) -> None:
    """Create a staff account; the password is asked for (or read from stdin), never an argument."""
    from jobexp.bootstrap import bootstrap
    from jobexp.service_layer import staff
    from jobexp.service_layer.context import RequestContext

    password = _password()
    svc = or_exit(lambda: bootstrap(Settings.from_env()))
    try:
        member = staff.add(svc, email, role, password, RequestContext(None, "cli"))
    except DomainError as exc:
        err.print(f"[red]not added:[/red] {escape(translate(exc.message_key, 'en', **exc.params))}")
        raise typer.Exit(1) from exc
    err.print(f"added {escape(member.email)} as {member.role}")


def _rows(path: Path) -> tuple[int, Iterator[tuple[int, Mapping[str, str | None]]]]:
    with path.open(encoding="utf-8", newline="") as f:
        total = max(0, sum(1 for _ in f) - 1)
    handle = path.open(encoding="utf-8", newline="")
    reader = csv.DictReader(handle)
    missing = missing_columns(list(reader.fieldnames or []))
    if missing:
        handle.close()
        err.print(f"[red]not imported:[/red] the file has no column {', '.join(missing)}")
        raise typer.Exit(2)

    def rows() -> Iterator[tuple[int, Mapping[str, str | None]]]:
        with handle:
            for row in reader:
                yield reader.line_num, row

    return total, rows()


@partner_app.command("import")
def partner_import(
    grant_id: Annotated[str, typer.Argument(help="The grant the partner delivered under.")],
    file: Annotated[
        Path, typer.Argument(help="CSV: user_id,category,value,consent_reference,consented_at")
    ],
) -> None:
    """Import a partner's data file: each row keeps its source and the consent it came with.

    Bad rows are refused with the reason, one line each; good rows are stored. Exit 1 if any
    row was refused.
    """
    from jobexp.bootstrap import bootstrap
    from jobexp.service_layer import partners

    try:
        total, rows = _rows(file)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        err.print(f"[red]cannot read {escape(str(file))}:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    svc = or_exit(lambda: bootstrap(Settings.from_env()))
    columns = (TextColumn("importing"), BarColumn(), MofNCompleteColumn())
    try:
        with Progress(*columns, console=err, transient=True) as progress:
            task = progress.add_task("rows", total=total)
            report = partners.import_rows(
                svc, grant_id, rows, file.name, lambda: progress.advance(task)
            )
    except DomainError as exc:
        message = translate(exc.message_key, "en", **exc.params)
        err.print(f"[red]not imported:[/red] {escape(message)}")
        raise typer.Exit(2) from exc
    for rejected in report.rejected:
        err.print(f"[yellow]line {rejected.line} refused:[/yellow] {escape(rejected.reason)}")
    err.print(f"imported {report.accepted} rows, refused {len(report.rejected)}")
    if report.rejected:
        raise typer.Exit(1)


@partner_app.command("send-shares")
def send_shares(
    batch: Annotated[int, typer.Option(min=1, max=10_000, help="At most this many.")] = 100,
) -> None:
    """Send queued marketing shares, each re-checked against the user's consent now."""
    from jobexp.bootstrap import bootstrap
    from jobexp.service_layer import marketing

    svc = or_exit(lambda: bootstrap(Settings.from_env()))
    report = marketing.send_pending(svc, batch)
    err.print(f"sent {report.sent}, cancelled {report.cancelled} (consent no longer given)")
