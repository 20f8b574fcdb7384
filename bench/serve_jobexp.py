"""Serve JobExp for the benchmark, started the way `jobexp serve` starts it.

    python -m bench.serve_jobexp --data-dir DIR --port PORT

Settings come from the environment as in production (`Settings.from_env`), with only the data
directory pointed at DIR; the app object is handed to `uvicorn.run` in this process.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import uvicorn

from bench.server_options import uvicorn_options
from jobexp.bootstrap import bootstrap
from jobexp.config import Settings
from jobexp.entrypoints.app import create_app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "JOBEXP_DATABASE_URL"}
    env["JOBEXP_DATA_DIR"] = str(args.data_dir)
    settings = Settings.from_env(env)
    svc = bootstrap(settings)
    uvicorn.run(create_app(svc), host=args.host, port=args.port, **uvicorn_options())


if __name__ == "__main__":
    main()
