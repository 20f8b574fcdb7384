"""Fixtures for the browser tests: Debian's Chromium driving the app on a real loopback server.

The app runs in its default mode (Secure, `__Host-` cookies): Chromium treats
http://127.0.0.1 as a secure context, so no local-development switch is needed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from jobexp.entrypoints.app import create_app
from jobexp.service_layer.context import Services
from tests.support.live_server import live_server

CHROMIUM = "/usr/bin/chromium"
# Root needs --no-sandbox; the rest keep Chromium from reaching for the (closed) network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Set to a directory to keep a full-page screenshot of each page the tests name.
SCREENSHOTS_ENV = "JOBEXP_SCREENSHOTS"

Screenshot = Callable[[Page, str], None]


@pytest.fixture(params=["sqlite"])
def backend(request: pytest.FixtureRequest) -> str:
    """SQLite only, to keep the browser run short; a smoke test opts in to PostgreSQL."""
    return str(request.param)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def base_url(svc: Services) -> Iterator[str]:
    with live_server(create_app(svc)) as url:
        yield url


@pytest.fixture
def new_context(browser: Browser, base_url: str) -> Iterator[Callable[[], BrowserContext]]:
    """Open fresh browser profiles (no shared cookies) on the server; close them afterwards."""
    opened: list[BrowserContext] = []

    def open_context() -> BrowserContext:
        context = browser.new_context(base_url=base_url, locale="en-US")
        context.set_default_timeout(10_000)
        opened.append(context)
        return context

    yield open_context
    for context in opened:
        context.close()


@pytest.fixture
def context(new_context: Callable[[], BrowserContext]) -> BrowserContext:
    return new_context()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def screenshot() -> Screenshot:
    """Save a full-page screenshot when JOBEXP_SCREENSHOTS names a directory; else do nothing."""
    directory = os.environ.get(SCREENSHOTS_ENV)

    def take(page: Page, name: str) -> None:
        if directory:
            Path(directory).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)

    return take
