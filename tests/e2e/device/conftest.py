"""The real JobExp server on loopback, and a device directory set up against it."""

from __future__ import annotations

from tests.e2e.api.conftest import base_url, client  # noqa: F401
