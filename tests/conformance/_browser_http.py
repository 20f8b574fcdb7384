"""A plain-HTTP stand-in for a browser: cookies without the Secure flag so httpx keeps them.

The app runs in its local-development cookie mode here (same cookies, no `__Host-`/Secure),
because httpx, unlike a browser, sends no Secure cookie to http://127.0.0.1.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from jobexp.bootstrap import Overrides, bootstrap
from jobexp.entrypoints.app import create_app
from jobexp.service_layer.context import Services
from tests.support.live_server import live_server

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


@contextmanager
def plain_cookie_browser(svc: Services) -> Iterator[httpx.Client]:
    settings = dataclasses.replace(svc.settings, local_development=True)
    local = bootstrap(settings, Overrides(clock=svc.clock))
    try:
        with (
            live_server(create_app(local)) as url,
            httpx.Client(base_url=url, timeout=30, follow_redirects=True) as client,
        ):
            yield client
    finally:
        local.database.engine.dispose()


def csrf_token(client: httpx.Client, path: str = "/") -> str:
    match = CSRF_FIELD.search(client.get(path).text)
    assert match is not None, f"no CSRF token on {path}"
    return match.group(1)


def choose_personalization(client: httpx.Client, on: bool) -> None:
    response = client.post(
        "/preferences/personalization",
        data={"choice": "on" if on else "off", "csrf_token": csrf_token(client), "next": "/"},
    )
    assert response.status_code == 200
