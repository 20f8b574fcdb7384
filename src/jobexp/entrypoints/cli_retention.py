"""`jobexp retention sweep` and `jobexp discontinue`: ending retention from the command line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from jobexp.config import Settings
from jobexp.entrypoints.cli_startup import or_exit

if TYPE_CHECKING:
    from jobexp.service_layer.context import Services
    from jobexp.service_layer.retention import TableResult

__all__ = ["retention_app"]

retention_app = typer.Typer(help="Retention periods: end what has expired.", no_args_is_help=True)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _positive(value: int) -> int:
    if value < 1:
        raise typer.BadParameter("must be at least 1")
    return value


@retention_app.command("sweep")
def sweep_command(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only count, per table, what would end.")
    ] = False,
    batch_size: Annotated[
        int,
        typer.Option(
            "--batch-size", callback=_positive, help="Rows per committed batch (at least 1)."
        ),
    ] = 50_000,
) -> None:
    """Delete or anonymize every row past its retention period, as the policy says.

    Safe to interrupt and to run again: each batch is committed on its own, and a second run
    finds nothing left to do. After a discontinuation's notice period it ends all personal
    data and writes the final report.
    """
    from jobexp.bootstrap import bootstrap
    from jobexp.domain.errors import DomainError
    from jobexp.i18n import translate

    svc = or_exit(lambda: bootstrap(Settings.from_env()))
    try:
        _sweep(svc, dry_run=dry_run, batch_size=batch_size)
    except DomainError as exc:  # e.g. a policy in force that declares no `retention` purpose
        err.print(f"[red]not swept:[/red] {translate(exc.message_key, 'en', **exc.params)}")
        raise typer.Exit(1) from exc


def _sweep(svc: Services, *, dry_run: bool, batch_size: int) -> None:
    from jobexp.service_layer import discontinuation, retention

    ending = discontinuation.due_to_end(svc)
    if ending is not None:
        err.print(f"[yellow]the service is discontinued[/yellow] (notice ended {ending:%Y-%m-%d})")
    if dry_run:
        _print_counts(retention.plan(svc, discontinued=ending is not None), dry_run=True)
        return
    planned = retention.plan(svc, discontinued=ending is not None)
    with Progress(
        TextColumn("{task.description:<16}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    ) as bar:
        # One bar per table (a table split by category, partner_records, has several rules).
        tasks = {t: bar.add_task(t, total=max(n, 1)) for t, n in _per_table(planned).items()}

        def advance(table: str, rows: int) -> None:
            bar.advance(tasks[table], rows)

        results, report = discontinuation.sweep_all(svc, batch_size=batch_size, progress=advance)
        for name, rows in _per_table(results).items():
            bar.update(tasks[name], total=max(rows, 1), completed=rows or 1)
    _print_counts(results, dry_run=False)
    if report is not None:
        out.print(report.text, markup=False)
        err.print(f"final report written to {report.path}")


def _per_table(results: list[TableResult]) -> dict[str, int]:
    rows: dict[str, int] = {}
    for result in results:
        rows[result.table] = rows.get(result.table, 0) + result.rows
    return rows


def _print_counts(results: list[TableResult], *, dry_run: bool) -> None:
    table = Table(title="would end (dry run)" if dry_run else "ended")
    for column in ("table", "category", "action", "rows"):
        table.add_column(column, justify="right" if column == "rows" else "left")
    for r in results:
        table.add_row(r.table, r.category, r.action, str(r.rows))
    out.print(table)


def discontinue_command(
    notice_days: Annotated[
        int, typer.Option("--notice-days", help="Days between the notice and the final deletion.")
    ],
) -> None:
    """Announce that the service is discontinued: every user is notified now, and after the
    notice period `jobexp retention sweep` deletes or anonymizes all personal data."""
    from jobexp.bootstrap import bootstrap
    from jobexp.domain.errors import DomainError
    from jobexp.i18n import translate
    from jobexp.service_layer import discontinuation
    from jobexp.service_layer.context import RequestContext

    try:
        discontinuation.check_notice_days(notice_days)
    except DomainError as exc:
        err.print(f"[red]refused:[/red] {translate(exc.message_key, 'en', **exc.params)}")
        raise typer.Exit(2) from exc
    svc = or_exit(lambda: bootstrap(Settings.from_env()))
    try:
        announced = discontinuation.announce(svc, notice_days, RequestContext(None, "cli"))
    except DomainError as exc:
        err.print(f"[red]refused:[/red] {translate(exc.message_key, 'en', **exc.params)}")
        raise typer.Exit(1) from exc
    out.print(
        f"discontinuation announced: {announced.notified} users notified; personal data ends "
        f"after {announced.effective_at:%Y-%m-%d %H:%M} UTC (run `jobexp retention sweep`)"
    )
