"""The app served by uvicorn on loopback, and an HTTP client for it."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from jobexp.entrypoints.app import create_app
from jobexp.service_layer.context import Services
from tests.support.live_server import live_server


@pytest.fixture
def base_url(svc: Services) -> Iterator[str]:
    with live_server(create_app(svc)) as url:
        yield url


@pytest.fixture
def client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=30) as http:
        yield http
