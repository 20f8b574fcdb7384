"""Watches every SQL statement the suite sends, at the database driver.

A statement from application code (a frame under src/jobexp) that touches a table holding
personal data must run inside a purpose-check scope covering one of that table's categories.
Statements the tests send themselves, to set up or to inspect, are not application code.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from sqlalchemy import Engine, event

import jobexp
from jobexp.adapters.tables import TABLE_CATEGORIES
from jobexp.domain import purpose_scope

APP_ROOT = str(Path(jobexp.__file__).parent)
NOT_APP = (f"{APP_ROOT}/migrations", f"{APP_ROOT}/adapters/migrate.py")
TABLE_REFERENCE = re.compile(r'\b(?:FROM|JOIN|INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)
DDL = re.compile(r"^\s*(CREATE|ALTER|DROP|PRAGMA)\b", re.IGNORECASE)


@dataclass
class PurposeScan:
    violations: list[str] = field(default_factory=list)
    statements_checked: int = 0

    def check(self, statement: str, frame: FrameType | None) -> None:
        if DDL.match(statement):
            return
        tables = {m.group(1).lower() for m in TABLE_REFERENCE.finditer(statement)}
        personal = {name: TABLE_CATEGORIES[name] for name in tables if name in TABLE_CATEGORIES}
        if not personal:
            return
        origin = app_frame(frame)
        if origin is None:
            return
        self.statements_checked += 1
        allowed = purpose_scope.current()
        for name, categories in personal.items():
            if not allowed & categories:
                self.violations.append(f"{origin}: {name} touched with no purpose check")

    def install(self) -> None:
        event.listen(Engine, "before_cursor_execute", self._on_execute)

    def uninstall(self) -> None:
        event.remove(Engine, "before_cursor_execute", self._on_execute)

    def _on_execute(self, *args: Any) -> None:
        statement = args[2]
        self.check(statement, sys._getframe(1))

    def take(self) -> list[str]:
        found, self.violations = self.violations, []
        return found


def app_frame(frame: FrameType | None) -> str | None:
    """The innermost application frame on the stack, as file:line, or None.

    Schema migrations are not application code reading data: a stack that passes through
    them is exempt.
    """
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.startswith(NOT_APP):
            return None
        if filename.startswith(APP_ROOT):
            return f"{filename[len(APP_ROOT) + 1 :]}:{frame.f_lineno}"
        frame = frame.f_back
    return None


# The one scan installed for the whole test session (tests/conftest.py).
SUITE_SCAN = PurposeScan()
