"""`jobexp deletion ...`: deadlines, the erasure worker, the request queue, legal holds."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from jobexp.domain.working_days import deletion_deadline, parse_timestamp

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
