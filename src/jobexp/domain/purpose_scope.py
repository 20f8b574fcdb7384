"""Which data categories the running code has passed a purpose check for.

The purpose check opens a scope naming the categories it allowed; every repository that
reads or writes personal data asks for that scope first and refuses to run outside it. The
scope lives in a context variable, so it follows one request (thread or task) and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_AUTHORIZED: ContextVar[frozenset[str]] = ContextVar("jobexp_authorized", default=frozenset())


class UncheckedAccess(RuntimeError):
    """Personal data was touched outside any purpose check: a bug, refused (fail closed)."""


@contextmanager
def authorized(categories: Iterable[str]) -> Iterator[None]:
    token = _AUTHORIZED.set(_AUTHORIZED.get() | frozenset(categories))
    try:
        yield
    finally:
        _AUTHORIZED.reset(token)


def current() -> frozenset[str]:
    return _AUTHORIZED.get()


def require(categories: frozenset[str], where: str) -> None:
    if not (_AUTHORIZED.get() & categories):
        raise UncheckedAccess(f"{where} touched {sorted(categories)} outside a purpose check")
