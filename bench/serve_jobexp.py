"""Serve JobExp for the benchmark, started the way `jobexp serve` starts it.

    python -m bench.serve_jobexp --data-dir DIR --port PORT [--no-purpose-checks]
                                 [--database-url URL]

Settings come from the environment as in production (`Settings.from_env`), with only the data
directory pointed at DIR (and the database at URL when given); the app object is handed to
`uvicorn.run` in this process.
`--no-purpose-checks` passes `Overrides(purpose_checks=False)` to `bootstrap`: the purpose
guard then allows every access without deciding (the scopes are still opened), so that the
benchmark can measure what the check costs a request. Never for anything but a benchmark.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import uvicorn

from bench.server_options import uvicorn_options
from jobexp.bootstrap import Overrides, bootstrap
from jobexp.config import Settings
from jobexp.entrypoints.app import create_app

GUARD_LINE = "bench.serve_jobexp: purpose checks "


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument(
        "--no-purpose-checks",
        action="store_true",
        help="turn the purpose guard's decisions off (to measure their cost)",
    )
    parser.add_argument("--database-url", help="a PostgreSQL URL (default: SQLite in DIR)")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "JOBEXP_DATABASE_URL"}
    env["JOBEXP_DATA_DIR"] = str(args.data_dir)
    if args.database_url:
        env["JOBEXP_DATABASE_URL"] = args.database_url
    settings = Settings.from_env(env)
    svc = bootstrap(settings, Overrides(purpose_checks=not args.no_purpose_checks))
    # bench.bench_api reads this line from the log to confirm which guard it is measuring.
    print(f"{GUARD_LINE}{'on' if svc.guard.enabled else 'off'}", file=sys.stderr, flush=True)
    uvicorn.run(create_app(svc), host=args.host, port=args.port, **uvicorn_options())


if __name__ == "__main__":
    main()
