"""The baseline: a bare Starlette app with one small JSON route, served like JobExp.

python -m bench.serve_bare --port PORT
"""

from __future__ import annotations

import argparse

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

PATH = "/bare"
BODY = {"id": "0f3c2a9e5b7d41c8a6e2f90b1d4c7e35", "identifier": "bench@example.com"}


async def bare(_request: Request) -> JSONResponse:
    return JSONResponse(BODY)


def create_bare_app() -> Starlette:
    return Starlette(routes=[Route(PATH, bare, methods=["GET"])])


def main() -> None:
    from bench.server_options import uvicorn_options

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    uvicorn.run(create_bare_app(), host=args.host, port=args.port, **uvicorn_options())


if __name__ == "__main__":
    main()
