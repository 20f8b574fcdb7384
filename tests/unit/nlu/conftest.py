"""One compiled `Nlu` for the whole module tree, and a fixed Sunday morning in Shanghai."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from jobexp.nlu import Nlu, shared

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 29, 10, 0, tzinfo=SHANGHAI)  # a Sunday


@pytest.fixture(scope="session")
def nlu() -> Nlu:
    return shared()
