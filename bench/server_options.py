"""The one uvicorn configuration both benchmark targets are served with."""

from __future__ import annotations

import importlib.util
import socket
from typing import Any


def event_loop() -> str:
    """uvloop when installed (what `jobexp serve`'s loop="auto" would pick), else asyncio."""
    return "uvloop" if importlib.util.find_spec("uvloop") is not None else "asyncio"


def uvicorn_options() -> dict[str, Any]:
    """Keyword arguments for `uvicorn.run`, identical for the JobExp and the bare target.

    Matches `jobexp serve` (one worker, no access log, no server header), with the loop and
    HTTP parser named explicitly so both processes are sure to use the same ones.
    """
    return {
        "loop": event_loop(),
        "http": "httptools",
        "access_log": False,
        "server_header": False,
        "log_level": "warning",
        "workers": 1,
    }


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
