"""The purpose check's cost on GET /api/v1/me measured in process time, not over loopback.

Two JobExp apps in this process, one with the purpose checks and one without, are called
through ASGI directly, alternating, best of several batches. With no network, server process
or load generator in the loop, this is far steadier than wrk on a shared machine, where two
identically configured servers already differ by several percent.
"""

from __future__ import annotations

import asyncio
import dataclasses
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from starlette.types import ASGIApp, Message

from jobexp.bootstrap import Overrides, bootstrap
from jobexp.config import PasswordHashing, Settings
from jobexp.entrypoints.app import create_app

PASSWORD = "violet stapler morning"
CHEAP_HASHING = PasswordHashing(time_cost=1, memory_cost_kib=8192, parallelism=1)


async def _app_and_token(checks: bool) -> tuple[ASGIApp, str]:
    data = Path(tempfile.mkdtemp(prefix="jobexp-bench-"))
    settings = dataclasses.replace(
        Settings.from_env({"JOBEXP_DATA_DIR": str(data)}), password_hashing=CHEAP_HASHING
    )
    app = create_app(bootstrap(settings, Overrides(purpose_checks=checks)))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        docs = (await client.get("/api/v1/documents")).json()
        account = {
            "identifier": "bench@example.com",
            "password": PASSWORD,
            "birth_date": "1990-01-01",
            "accept_service_agreement": docs["service_agreement"],
            "accept_privacy_policy": docs["privacy_policy"],
        }
        await client.post("/api/v1/accounts", json=account)
        device = {"device_id": "ab" * 32, "network_code": "46000", "country_code": "CN"}
        body = {"identifier": "bench@example.com", "password": PASSWORD, "device": device}
        token = (await client.post("/api/v1/devices/register", json=body)).json()["token"]
    return app, str(token)


async def _call(app: ASGIApp, token: str) -> int:
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/api/v1/me",
        "raw_path": b"/api/v1/me",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"authorization", f"Bearer {token}".encode())],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    status = 0

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


async def _batch(app: ASGIApp, token: str, calls: int) -> float:
    start = time.process_time()
    for _ in range(calls):
        if await _call(app, token) != 200:
            raise RuntimeError("GET /api/v1/me did not answer 200")
    return (time.process_time() - start) / calls


async def measure(rounds: int, calls: int) -> dict[str, float]:
    on, on_token = await _app_and_token(checks=True)
    off, off_token = await _app_and_token(checks=False)
    costs: dict[str, list[float]] = {"on": [], "off": []}
    for i in range(rounds):
        order = [("on", on, on_token), ("off", off, off_token)]
        for name, app, token in order if i % 2 == 0 else order[::-1]:
            costs[name].append(await _batch(app, token, calls))
    on_us, off_us = min(costs["on"]) * 1e6, min(costs["off"]) * 1e6
    return {
        "on_us": on_us,
        "off_us": off_us,
        "ratio": off_us / on_us,
        "ratio_median": statistics.median(costs["off"]) / statistics.median(costs["on"]),
    }


def report(figures: dict[str, float]) -> None:
    verdict = "MET" if figures["ratio"] >= 0.95 else "NOT MET"
    print(
        "\nPurpose-check cost on GET /api/v1/me, in process CPU time (ASGI calls, no network):\n"
        f"checks on {figures['on_us']:.1f} us/request, checks off {figures['off_us']:.1f} "
        f"us/request (best batch); throughput ratio on/off {figures['ratio']:.3f} "
        f"(median batches {figures['ratio_median']:.3f})   aim >= 0.95: {verdict}"
    )


def run(quick: bool) -> dict[str, float]:
    return asyncio.run(measure(rounds=6 if quick else 12, calls=1000 if quick else 3000))
