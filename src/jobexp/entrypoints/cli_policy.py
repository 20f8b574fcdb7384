"""`jobexp policy ...`: lint, render and verify the privacy policy as data."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from jobexp.policy.lint import Finding, errors, importable, lint
from jobexp.policy.loader import PolicyError, load_policy, packaged_policy_text, parse_policy
from jobexp.policy.markdown import render_markdown
from jobexp.policy.model import Policy
from jobexp.policy.render import build_view
from jobexp.policy.verify import (
    RESULTS_ENV,
    ClauseStatus,
    clause_statuses,
    parse_results,
    summary,
    unknown_clauses,
)

__all__ = ["policy_app"]

policy_app = typer.Typer(
    help="The privacy policy as data: check it, render it, prove it.", no_args_is_help=True
)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)
CONFORMANCE = Path("tests") / "conformance"
VERIFY_TIMEOUT_SECONDS = 1800
STATUS_STYLE = {"covered": "green", "failing": "red", "not yet covered": "yellow"}
PolicyFile = Annotated[
    Path | None,
    typer.Argument(
        help="A policy YAML file (default: the policy shipped with JobExp).", show_default=False
    ),
]


class Locale(StrEnum):
    en = "en"
    zh = "zh-CN"


class Format(StrEnum):
    markdown = "markdown"
    html = "html"


def _load(path: Path | None) -> Policy:
    """Load the policy or print one line naming file, place and problem, and exit 2."""
    try:
        if path is None:
            return load_policy()
        return parse_policy(path.read_text(encoding="utf-8"), str(path))
    except PolicyError as exc:
        err.print(f"[red]invalid policy:[/red] {escape(str(exc))}")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        err.print(f"[red]cannot read policy:[/red] {escape(str(path))}: {escape(reason)}")
    raise typer.Exit(2)


@policy_app.command("lint")
def lint_command(file: PolicyFile = None) -> None:
    """Report gaps and contradictions; exit 1 if any finding is an error."""
    policy = _load(file)
    findings = lint(policy, resolves=importable)
    if findings:
        out.print(_findings_table(findings))
    failed = errors(findings)
    warnings = len(findings) - len(failed)
    name = escape(str(file) if file else packaged_policy_text()[1])
    line = f"{name}: {len(failed)} error(s), {warnings} warning(s)"
    if failed:
        out.print(f"[red]{line}[/red]")
        raise typer.Exit(1)
    out.print(f"[green]{line}[/green]")


def _findings_table(findings: list[Finding]) -> Table:
    table = Table(box=box.SIMPLE, show_lines=False)
    for column in ("level", "code", "clauses", "message"):
        table.add_column(column, overflow="fold")
    for finding in findings:
        style = "red" if finding.level == "error" else "yellow"
        table.add_row(
            f"[{style}]{finding.level}[/{style}]",
            finding.code,
            ", ".join(finding.clauses),
            escape(finding.message),
        )
    return table


@policy_app.command("render")
def render_command(
    file: PolicyFile = None,
    locale: Annotated[Locale, typer.Option(help="The language to render.")] = Locale.en,
    fmt: Annotated[
        Format, typer.Option("--format", help="Markdown, or a whole HTML page.")
    ] = Format.markdown,
) -> None:
    """Print the published policy text and tables (as on /privacy) to stdout."""
    policy = _load(file)
    view = build_view(policy, locale.value)
    if fmt is Format.html:
        from jobexp.entrypoints.web.privacy import standalone_html  # noqa: PLC0415 - jinja

        sys.stdout.write(standalone_html(view))
    else:
        sys.stdout.write(render_markdown(view))


@policy_app.command("verify")
def verify_command() -> None:
    """Run the conformance tests; show per clause its enforcing code and its proof."""
    root = _repo_root(Path.cwd())
    if root is None:
        err.print(
            f"[red]cannot verify:[/red] no {CONFORMANCE} directory in {Path.cwd()} or any "
            "directory above it; run this from a JobExp source checkout"
        )
        raise typer.Exit(2)
    policy = _load(None)
    runs_text = _run_conformance(root)
    try:
        runs = parse_results(runs_text)
    except (ValueError, KeyError, TypeError) as exc:
        err.print(f"[red]cannot verify:[/red] unreadable conformance results: {escape(str(exc))}")
        raise typer.Exit(2) from None
    statuses = clause_statuses(policy, runs, importable)
    out.print(_statuses_table(statuses))
    for clause in unknown_clauses(policy, runs):
        err.print(f"[yellow]warning:[/yellow] a test names clause {clause}, which does not exist")
    everything = all(s.status == "covered" for s in statuses)
    out.print(f"[{'green' if everything else 'red'}]{summary(statuses)}[/]")
    if not everything:
        raise typer.Exit(1)


def _repo_root(start: Path) -> Path | None:
    for directory in (start, *start.parents):
        if (directory / CONFORMANCE).is_dir():
            return directory
    return None


def _run_conformance(root: Path) -> str:
    """Run pytest on the conformance tests in a child process; return its JSON records."""
    with tempfile.TemporaryDirectory(prefix="jobexp-verify-") as scratch:
        results = Path(scratch) / "clauses.json"
        env = {**os.environ, RESULTS_ENV: str(results)}
        command = [sys.executable, "-m", "pytest", str(CONFORMANCE), "-q", "-p", "no:cacheprovider"]
        err.print(f"running {' '.join(command[1:])} in {root} ...")
        try:
            done = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
                command,
                cwd=root,
                env=env,
                capture_output=True,
                text=True,
                timeout=VERIFY_TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            err.print("[red]cannot verify:[/red] the conformance tests did not finish in time")
            raise typer.Exit(2) from None
        # 0: all passed, 1: some failed, 5: none collected; anything else is no verdict at all.
        if done.returncode not in {0, 1, 5} or not results.exists():
            tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
            err.print(
                f"[red]cannot verify:[/red] pytest exited {done.returncode} without results:\n"
                f"{escape(tail)}"
            )
            raise typer.Exit(2)
        return results.read_text(encoding="utf-8")


def _statuses_table(statuses: list[ClauseStatus]) -> Table:
    table = Table(box=box.SIMPLE, title="Clauses and their proof")
    for column in ("clause", "enforced by", "conformance tests", "status"):
        table.add_column(column, overflow="fold")
    for status in statuses:
        enforcers = "\n".join(
            escape(name) if found else f"[red]{escape(name)} (missing)[/red]"
            for name, found in status.enforcers
        )
        tests = _tests_cell(status)
        style = STATUS_STYLE[status.status]
        table.add_row(
            status.clause,
            enforcers or "[dim]none named[/dim]",
            tests or "[dim]none[/dim]",
            f"[{style}]{status.status}[/{style}]",
        )
    return table


def _tests_cell(status: ClauseStatus) -> str:
    """How many tests pass, from which files; failing tests by name."""
    if not status.tests:
        return ""
    files = sorted({t.test.split("::", 1)[0].rsplit("/", 1)[-1] for t in status.tests})
    styles = {"passed": "green", "failed": "red", "skipped": "yellow"}
    counts = {o: sum(t.outcome == o for t in status.tests) for o in styles}
    lines = [
        ", ".join(f"[{styles[o]}]{n} {o}[/]" for o, n in counts.items() if n)
        + f" ({escape(', '.join(files))})"
    ]
    lines += [
        f"[red]failed:[/red] {escape(t.test.rsplit('::', 1)[-1])}"
        for t in status.tests
        if t.outcome == "failed"
    ]
    return "\n".join(lines)
