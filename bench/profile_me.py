"""Where the time of one `GET /api/v1/me` goes: cProfile around in-process requests.

    .venv/bin/python -m bench.profile_me [--requests N] [--top N] [--sort cumulative|tottime]

The app is bootstrapped as in production (SQLite in a temporary data directory), an account
and a device token are made through the API, then N requests are driven straight through the
ASGI app (no sockets, no HTTP parsing). FastAPI runs sync endpoints in a worker thread, which
cProfile does not see; for the profile only, that hop is replaced by a direct call so the whole
request is in one thread. The per-request times with and without the hop are printed too,
together with a layer-by-layer split (bare ASGI, routing, auth, profile, serialization).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import secrets
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import fastapi.routing
import httpx
from starlette.types import ASGIApp, Message

from jobexp.bootstrap import bootstrap
from jobexp.config import PasswordHashing, Settings
from jobexp.entrypoints.app import create_app
from jobexp.entrypoints.presenters import account_out
from jobexp.service_layer import accounts, auth
from jobexp.service_layer.context import RequestContext, Services

T = TypeVar("T")
CHEAP_HASHING = PasswordHashing(time_cost=1, memory_cost_kib=8192, parallelism=1)


async def make_token(app: ASGIApp) -> str:
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        docs = (await client.get("/api/v1/documents")).json()
        password = f"Bench-{secrets.token_urlsafe(18)}"
        identifier = "bench@example.com"
        created = await client.post(
            "/api/v1/accounts",
            json={
                "identifier": identifier,
                "password": password,
                "birth_date": "1990-01-01",
                "accept_service_agreement": docs["service_agreement"],
                "accept_privacy_policy": docs["privacy_policy"],
            },
        )
        created.raise_for_status()
        device = {"device_id": secrets.token_hex(32), "network_code": "46000", "country_code": "CN"}
        registered = await client.post(
            "/api/v1/devices/register",
            json={"identifier": identifier, "password": password, "device": device},
        )
        registered.raise_for_status()
        return str(registered.json()["token"])


def scope_for(path: str, token: str) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [
            (b"host", b"127.0.0.1:8000"),
            (b"user-agent", b"wrk"),
            (b"authorization", f"Bearer {token}".encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }


async def one_request(app: ASGIApp, scope: dict[str, Any]) -> int:
    status = 0

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(dict(scope), receive, send)
    return status


async def loop_requests(app: ASGIApp, scope: dict[str, Any], n: int) -> float:
    """Mean seconds per request over n sequential requests (each must be a 200)."""
    start = time.perf_counter()
    for _ in range(n):
        status = await one_request(app, scope)
        if status != 200:
            raise RuntimeError(f"GET {scope['path']} answered {status}")
    return (time.perf_counter() - start) / n


_THREAD_HOP = "run_in_threadpool"  # what fastapi.routing calls a sync endpoint through


@contextmanager
def endpoint_in_event_loop_thread() -> Iterator[None]:
    """For profiling: run FastAPI's sync endpoints inline instead of in the thread pool."""
    original = getattr(fastapi.routing, _THREAD_HOP)

    async def inline(func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return func(*args, **kwargs)

    setattr(fastapi.routing, _THREAD_HOP, inline)
    try:
        yield
    finally:
        setattr(fastapi.routing, _THREAD_HOP, original)


REPEATS = 5  # each figure is the best of this many batches: the machine is shared and noisy


def time_sync(fn: Callable[[], object], n: int) -> float:
    """Best mean seconds per call over REPEATS batches of n // REPEATS calls."""
    batch = max(1, n // REPEATS)
    best = float("inf")
    for _ in range(REPEATS):
        start = time.perf_counter()
        for _ in range(batch):
            fn()
        best = min(best, (time.perf_counter() - start) / batch)
    return best


def best_async(make: Callable[[int], Awaitable[float]], n: int) -> float:
    """Best of REPEATS runs of an async loop of n // REPEATS requests."""
    batch = max(1, n // REPEATS)
    return min(run_async(lambda: make(batch)) for _ in range(REPEATS))


def run_async(make: Callable[[], Awaitable[T]]) -> T:
    async def wrapper() -> T:
        return await make()

    return asyncio.run(wrapper())


def layers(svc: Services, app: ASGIApp, token: str, n: int) -> list[tuple[str, float]]:
    """Per-request microseconds of each layer, measured alone."""
    ctx: RequestContext = RequestContext(client_ip="127.0.0.1", channel="api")
    principal = auth.authenticate(svc, token, ctx)
    prof = accounts.profile(svc, principal.user_id)
    out = account_out(prof)
    me_scope = scope_for("/api/v1/me", token)
    missing_scope = scope_for("/no-such-path", token)
    with endpoint_in_event_loop_thread():
        inline_total = best_async(lambda k: loop_requests(app, me_scope, k), n)
    threaded_total = best_async(lambda k: loop_requests(app, me_scope, k), n)

    async def not_found(k: int) -> float:
        start = time.perf_counter()
        for _ in range(k):
            await one_request(app, missing_scope)
        return (time.perf_counter() - start) / k

    routing_404 = best_async(not_found, n)
    rows = [
        ("whole request, endpoint in thread pool (as served)", threaded_total),
        ("whole request, endpoint inline (no thread hop)", inline_total),
        ("  middleware + routing + 404 handler (no endpoint)", routing_404),
        (
            "  auth.authenticate (session lookup)",
            time_sync(lambda: auth.authenticate(svc, token, ctx), n),
        ),
        (
            "  accounts.profile (4 queries + decrypt)",
            time_sync(lambda: accounts.profile(svc, principal.user_id), n),
        ),
        ("  presenters.account_out (build AccountOut)", time_sync(lambda: account_out(prof), n)),
        ("  AccountOut.model_dump_json", time_sync(out.model_dump_json, n)),
        ("  one empty read-only unit of work", time_sync(lambda: _empty_uow(svc), n)),
    ]
    return [(name, seconds * 1e6) for name, seconds in rows]


def _empty_uow(svc: Services) -> None:
    with svc.uow(readonly=True):
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--sort", default="tottime", choices=["tottime", "cumulative"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jobexp-profile-") as tmp:
        data = Path(tmp) / "data"
        settings = Settings(
            data_dir=data,
            database_url=f"sqlite:///{data / 'jobexp.sqlite3'}",
            password_hashing=CHEAP_HASHING,
        )
        svc = bootstrap(settings)
        app = create_app(svc)
        access_log = app.state.access_log
        token = run_async(lambda: make_token(app))
        scope = scope_for("/api/v1/me", token)
        run_async(lambda: loop_requests(app, scope, 200))  # warm caches (SQL compile, pool)
        access_log.flush()

        print(
            f"per-request cost: best of {REPEATS} batches of {args.requests // REPEATS} "
            "sequential in-process requests (or calls)"
        )
        for name, micros in layers(svc, app, token, args.requests):
            print(f"  {micros:8.0f} us  {name}")
        access_log.flush()

        profiler = cProfile.Profile()
        with endpoint_in_event_loop_thread():
            profiler.enable()
            run_async(lambda: loop_requests(app, scope, args.requests))
            profiler.disable()
        access_log.flush()
        print(f"\ncProfile of {args.requests} requests (endpoint inline), by {args.sort}:")
        stats = pstats.Stats(profiler)
        stats.sort_stats(args.sort).print_stats(args.top)
        svc.database.engine.dispose()


if __name__ == "__main__":
    main()
