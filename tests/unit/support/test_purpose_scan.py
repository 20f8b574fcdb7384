"""The driver-level scan that proves every personal-data access passes the purpose check."""

from __future__ import annotations

import sys

from sqlalchemy import create_engine, text

from jobexp.domain import purpose_scope
from tests.support.purpose_scan import APP_ROOT, SUITE_SCAN, PurposeScan


def _as_app_code(scan: PurposeScan, statement: str) -> None:
    # Compiled with a filename under src/jobexp, so the scan sees application code.
    code = compile("scan.check(statement, sys._getframe())", scan_app_file(), "exec")
    exec(code, {"scan": scan, "statement": statement, "sys": sys})


def scan_app_file() -> str:
    return f"{APP_ROOT}/service_layer/sneaky.py"


def test_app_code_reading_users_without_a_check_is_a_violation() -> None:
    scan = PurposeScan()
    _as_app_code(scan, "SELECT users.id FROM users WHERE users.id = ?")
    assert scan.violations and "users touched with no purpose check" in scan.violations[0]


def test_app_code_inside_a_matching_scope_passes() -> None:
    scan = PurposeScan()
    with purpose_scope.authorized({"account_identifier"}):
        _as_app_code(scan, "SELECT users.id FROM users")
    assert scan.violations == []


def test_a_scope_for_other_data_does_not_cover_a_table() -> None:
    scan = PurposeScan()
    with purpose_scope.authorized({"access_log"}):
        _as_app_code(scan, 'UPDATE "sessions" SET ended_at = ?')
    assert len(scan.violations) == 1


def test_test_code_inspecting_tables_is_not_app_code() -> None:
    scan = PurposeScan()
    scan.check("SELECT * FROM users", sys._getframe())
    assert scan.violations == [] and scan.statements_checked == 0


def test_the_suite_wide_scan_catches_an_unchecked_read_at_the_driver() -> None:
    engine = create_engine("sqlite://")
    with engine.connect() as connection:
        connection.execute(text("CREATE TABLE users (id INTEGER)"))
        _as_app_code_via_engine(connection)
    caught = SUITE_SCAN.take()  # taken here, so this deliberate violation fails nothing else
    assert len(caught) == 1 and "sneaky.py" in caught[0]


def _as_app_code_via_engine(connection: object) -> None:
    code = compile('connection.execute(text("SELECT id FROM users"))', scan_app_file(), "exec")
    exec(code, {"connection": connection, "text": text})
