"""Start-up steps of the CLI commands: a known failure is one clear line and exit code 2.

Shared by every command module, so none of them imports `cli` (which imports them all).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import typer
from rich.console import Console

__all__ = ["or_exit"]

T = TypeVar("T")
console = Console(stderr=True, soft_wrap=True)  # one line, whole paths intact


def or_exit(action: Callable[[], T], failure: str = "cannot start") -> T:
    """Run a start-up step; a known failure prints one clear line and exits 2."""
    from sqlalchemy.exc import SQLAlchemyError  # noqa: PLC0415 (keeps `jobexp --help` fast)

    from jobexp.adapters.keys import KeyUnusable  # noqa: PLC0415
    from jobexp.policy.loader import PolicyError  # noqa: PLC0415
    from jobexp.service_layer.region import StoreOutsideRegion  # noqa: PLC0415

    try:
        return action()
    except (PolicyError, KeyUnusable, StoreOutsideRegion) as exc:
        console.print(f"[red]{failure}:[/red] {exc}")
    except SQLAlchemyError as exc:
        reason = exc.args[0] if exc.args else ""
        console.print(f"[red]database unavailable:[/red] {type(exc).__name__}: {reason}")
    raise typer.Exit(2)
