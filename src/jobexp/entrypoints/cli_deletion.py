"""`jobexp deletion ...`: deadlines, the erasure worker, the request queue, legal holds.

Commands other than `deadline` start the services (database, keys) lazily, so computing a
deadline touches no data directory.
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from typing import TYPE_CHECKING, Annotated

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from jobexp.domain.working_days import SHANGHAI, deletion_deadline, parse_timestamp

if TYPE_CHECKING:
    from jobexp.service_layer.context import Services

__all__ = ["deletion_app"]

deletion_app = typer.Typer(
    help="Account deletion (clause 10): deadlines, erasure, queue, legal holds.",
    no_args_is_help=True,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


@deletion_app.command("deadline")
def deadline_command(
    timestamp: Annotated[
        str,
        typer.Argument(
            help="When the request was made, ISO-8601 (2026-09-30T18:00:00+08:00, ...Z); "
            "without an offset it is Asia/Shanghai local time."
        ),
    ],
) -> None:
    """Print the deletion deadline: the 3rd PRC working day after the request (D7)."""
    try:
        requested_at = parse_timestamp(timestamp)
    except ValueError as exc:
        err.print(f"[red]invalid timestamp:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    deadline = deletion_deadline(requested_at)
    warn_estimated(deadline.estimated_years)
    out.print(deadline.day.isoformat())


def warn_estimated(years: tuple[int, ...]) -> None:
    if years:
        listed = ", ".join(map(str, years))
        err.print(
            f"[yellow]warning:[/yellow] no PRC holiday schedule for {listed}; counted Monday to "
            "Friday, so the deadline may be earlier than the official one (update chinesecalendar)"
        )


def _services() -> Services:
    """Start like `jobexp serve` would; a known start-up failure prints one line and exits 2."""
    from sqlalchemy.exc import SQLAlchemyError

    from jobexp.adapters.keys import KeyUnusable
    from jobexp.bootstrap import bootstrap
    from jobexp.config import Settings
    from jobexp.policy.loader import PolicyError

    try:
        return bootstrap(Settings.from_env())
    except (PolicyError, KeyUnusable, ValueError) as exc:
        err.print(f"[red]cannot start:[/red] {escape(str(exc))}")
    except SQLAlchemyError as exc:
        err.print(f"[red]database unavailable:[/red] {type(exc).__name__}")
    raise typer.Exit(2)


@deletion_app.command("run")
def run_command(
    batch: Annotated[int, typer.Option(min=1, max=10_000, help="Requests per pass.")] = 100,
) -> None:
    """Erase every due account, resume interrupted erasures, deliver partner notices.

    Safe to stop at any moment and to run beside the server: every step is committed and
    repeated harmlessly. Prints one line per account erased, with its receipt.
    """
    from jobexp.bootstrap import partner_notifier
    from jobexp.service_layer import erasure

    svc = _services()
    notifier = partner_notifier(svc.settings)
    while True:
        report = erasure.run(svc, notifier, batch=batch)
        for receipt in report.erased:
            out.print(f"erased  receipt {receipt}  /deletion-receipts/{receipt}")
        for ref in sorted(set(report.held)):
            err.print(f"[yellow]on legal hold, erasure waits:[/yellow] {ref}")
        for ref in sorted(set(report.overdue)):
            err.print(f"[red]OVERDUE:[/red] deletion of {ref} is past its deadline")
        if report.failed:
            err.print(f"[yellow]{report.failed} partner notice(s) not acknowledged; retried later")
        if len(report.erased) < batch:
            break
    svc.database.dispose()


@deletion_app.command("queue")
def queue_command() -> None:
    """The support queue: open requests with deadline, time left and an OVERDUE flag."""
    from jobexp.service_layer import deletion

    svc = _services()
    rows = deletion.queue(svc)
    now = svc.clock.now()
    table = Table(box=box.SIMPLE)
    for column in ("account (pseudonym)", "state", "by", "requested", "deadline", "time left", ""):
        table.add_column(column, overflow="fold")
    for row in rows:
        request = row.request
        left = request.remaining(now)
        flag = "[red]OVERDUE[/red]" if request.overdue(now) else ""
        if row.on_hold:
            flag = " ".join(filter(None, (flag, "[yellow]LEGAL HOLD[/yellow]")))
        if row.pending_notices:
            flag = " ".join(filter(None, (flag, f"{row.pending_notices} notice(s) pending")))
        table.add_row(
            request.user_ref,
            request.state,
            request.requested_by,
            request.requested_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M"),
            request.deadline.isoformat(),
            _duration(left) if request.is_open else "-",
            flag,
        )
    out.print(table)
    out.print(f"{len(rows)} request(s); times in Asia/Shanghai")


def _duration(left: timedelta) -> str:
    sign = "-" if left < timedelta(0) else ""
    minutes = abs(int(left.total_seconds())) // 60
    return f"{sign}{minutes // 1440}d {minutes % 1440 // 60:02d}h {minutes % 60:02d}m"


@deletion_app.command("hold")
def hold_command(
    ref: Annotated[str, typer.Argument(help="The account's pseudonym (as in the queue).")],
    reason: Annotated[str, typer.Option(help="Why: the legal ground, a case number.")],
    by: Annotated[str, typer.Option(help="Who places the hold.")],
) -> None:
    """Place a legal hold: the account's data is frozen and its erasure waits."""
    from jobexp.service_layer import deletion

    hold = deletion.place_hold(_services(), ref, reason, by)
    out.print(f"legal hold {hold} placed on {ref}")


@deletion_app.command("release")
def release_command(
    ref: Annotated[str, typer.Argument(help="The account's pseudonym.")],
    by: Annotated[str, typer.Option(help="Who releases the hold.")],
) -> None:
    """Release the legal holds on an account; a waiting erasure proceeds at the next run."""
    from jobexp.service_layer import deletion

    released = deletion.release_hold(_services(), ref, by)
    out.print(f"{released} legal hold(s) released on {ref}")


@deletion_app.command("receipt")
def receipt_command(
    receipt_id: Annotated[str, typer.Argument(help="The receipt id the user was given.")],
) -> None:
    """Print a deletion receipt (what was erased and when; it names no one) as JSON."""
    from jobexp.domain.errors import NotFound
    from jobexp.service_layer import deletion

    try:
        view = deletion.receipt(_services(), receipt_id)
    except NotFound as exc:
        err.print("[red]no deletion receipt has this id[/red]")
        raise typer.Exit(1) from exc
    body = {
        "receipt_id": view.receipt_id,
        "state": view.state,
        "requested_at": view.requested_at.isoformat(),
        "deadline": view.deadline.isoformat(),
        "erased_at": None if view.erased_at is None else view.erased_at.isoformat(),
        "summary": view.summary,
        "partners": {r: None if at is None else at.isoformat() for r, at in view.notices},
    }
    sys.stdout.write(json.dumps(body, indent=2, ensure_ascii=False) + "\n")
