"""The `jobexp` command: run the service, migrate, verify the audit chain."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from jobexp.config import Settings
from jobexp.entrypoints.cli_deletion import deletion_app
from jobexp.entrypoints.cli_device import device_app
from jobexp.entrypoints.cli_governance import partner_app, staff_app
from jobexp.entrypoints.cli_nlu import nlu_app
from jobexp.entrypoints.cli_policy import policy_app
from jobexp.entrypoints.cli_retention import discontinue_command, retention_app
from jobexp.entrypoints.cli_startup import or_exit
from jobexp.entrypoints.cli_worker import worker_command

app = typer.Typer(
    help="JobExp: a privacy-first assistant with an executable privacy policy.",
    no_args_is_help=True,
    add_completion=False,
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
audit_app = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(audit_app, name="audit")
app.add_typer(policy_app, name="policy")
app.add_typer(staff_app, name="staff")
app.add_typer(partner_app, name="partner")
app.add_typer(deletion_app, name="deletion")
app.add_typer(device_app, name="device")
app.add_typer(nlu_app, name="nlu")
app.add_typer(retention_app, name="retention")
app.command("discontinue")(discontinue_command)
app.command("worker")(worker_command)
console = Console(stderr=True, soft_wrap=True)  # messages stay one line, whole paths intact


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
) -> None:
    """Run the service (SQLite in ./data unless JOBEXP_DATABASE_URL says otherwise)."""
    import uvicorn

    from jobexp.bootstrap import bootstrap
    from jobexp.entrypoints.app import create_app

    settings = Settings.from_env()
    svc = or_exit(lambda: bootstrap(settings))
    console.print(f"JobExp on http://{host}:{port}  (data: {settings.data_dir})")
    # uvicorn raises SIGTERM again once its graceful shutdown is done, under the handler it
    # found: make that one a no-op, so a finished shutdown exits 0.
    signal.signal(signal.SIGTERM, lambda *_: None)
    uvicorn.run(
        create_app(svc),
        host=host,
        port=port,
        access_log=False,
        server_header=False,
        # The client address feeds throttling and the access log: uvicorn never takes it from
        # a header; the app does, from JOBEXP_TRUSTED_PROXIES only (entrypoints/proxies.py).
        proxy_headers=False,
        # SIGTERM: stop accepting, give in-flight requests 10 s, then the app's shutdown
        # flushes the access log and the process exits 0.
        timeout_graceful_shutdown=10,
    )


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every schema migration not yet applied."""
    from jobexp.adapters.db import create_database_engine
    from jobexp.adapters.migrate import current_revision, upgrade
    from jobexp.bootstrap import key_vault

    settings = Settings.from_env()
    settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    engine = create_database_engine(settings.database_url)
    # Keys an older database still holds move into the vault before the schema drops them.
    or_exit(lambda: upgrade(engine, key_vault(settings)))
    console.print(f"schema at revision {current_revision(engine)}")


@audit_app.command("verify")
def audit_verify() -> None:
    """Check the audit log's and the disclosure ledger's chains; exit 1 naming the first
    bad entry if anything was edited, removed or reordered."""
    from jobexp.bootstrap import bootstrap
    from jobexp.service_layer import audit, ledger

    svc = or_exit(lambda: bootstrap(Settings.from_env(), migrate=False))
    broken = False
    for name, count, verify in (
        ("audit log", audit.count, audit.verify),
        ("disclosure ledger", ledger.count, ledger.verify),
    ):
        problem = verify(svc)
        if problem is None:
            console.print(f"[green]{name} intact[/green]: {count(svc)} entries")
        else:
            console.print(f"[red]{name} broken at entry {problem.seq}[/red]: {problem.reason}")
            broken = True
    if broken:
        raise typer.Exit(1)


@policy_app.command("publish")
def policy_publish(
    file: Annotated[Path, typer.Argument(help="The new policy file (YAML, like policy.yaml).")],
) -> None:
    """Publish a new policy version; minor or material is computed from what changed.

    Users see a pop-up at their next page view and devices get a JobExp-Policy-Update header.
    A material update pauses, for each user, only the processing it affects until that user
    accepts it.
    """
    from jobexp.bootstrap import bootstrap
    from jobexp.domain.errors import Conflict
    from jobexp.i18n import translate
    from jobexp.service_layer import policy_updates
    from jobexp.service_layer.context import RequestContext

    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        console.print(f"[red]cannot read {file}:[/red] {exc}")
        raise typer.Exit(2) from exc
    svc = or_exit(lambda: bootstrap(Settings.from_env()))
    try:
        release = or_exit(
            lambda: policy_updates.publish(svc, text, file.name, RequestContext(None, "cli")),
            "not published",
        )
    except Conflict as exc:
        console.print(f"[yellow]not published:[/yellow] {translate(exc.message_key, 'en')}")
        raise typer.Exit(1) from exc
    console.print(
        f"published release {release.seq} ({release.label}), a [bold]{release.kind}[/bold] "
        f"update, version {release.version}"
    )
    for change in release.changes:
        marker = "[red]material[/red]" if change.material else "minor"
        console.print(f"  {marker}  {change.kind}: {change.subject} {change.detail}")
    if release.kind == "material":
        paused = ", ".join(sorted(release.affected))
        console.print(f"paused for each user until they accept: {paused}")
    console.print("users are notified at their next page view; device API responses are flagged")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
