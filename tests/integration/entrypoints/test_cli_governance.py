"""`jobexp staff`, `jobexp partner import`, the store region at start, a tampered ledger row."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from sqlalchemy import update

from jobexp.adapters import tables as t
from jobexp.service_layer import disclosure_requests, partners, staff
from jobexp.service_layer.context import Services
from tests.support.factories import sign_up
from tests.support.governance import CLI, add_staff, authority_filing, grant_consent

JOBEXP = [sys.executable, "-m", "jobexp.entrypoints.cli"]
PASSWORD = "copper kettle evening"


def _run(
    svc: Services, *args: str, stdin: str = "", **env: str
) -> subprocess.CompletedProcess[str]:
    environ = {
        **os.environ,
        "JOBEXP_DATA_DIR": str(svc.settings.data_dir),
        "JOBEXP_DATABASE_URL": svc.settings.database_url,
        **env,
    }
    return subprocess.run(
        [*JOBEXP, *args], env=environ, input=stdin, capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip


def test_staff_add_reads_the_password_from_stdin_never_argv(svc: Services) -> None:
    result = _run(svc, "staff", "add", "Root@JobExp.example", "--role", "administrator",
                  stdin=PASSWORD + "\n")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "added root@jobexp.example as administrator" in result.stderr
    assert staff.log_in(svc, "root@jobexp.example", PASSWORD, CLI).member.role == "administrator"


def test_staff_add_refuses_an_unknown_role_in_one_line(svc: Services) -> None:
    result = _run(svc, "staff", "add", "x@jobexp.example", "--role", "root", stdin=PASSWORD)
    assert result.returncode == 1
    assert "Unknown role root" in result.stderr and "Traceback" not in result.stderr


def test_partner_import_stores_good_rows_and_names_each_bad_one(
    svc: Services, tmp_path: Path
) -> None:
    user = sign_up(svc)
    grant_consent(svc, user, "marketing", "marketing_partner")
    admin = add_staff(svc, "administrator")
    issued = partners.create_grant(
        svc, admin, recipient="marketing_partner", purpose="marketing",
        categories=("account_identifier",), ends_on=date(2027, 3, 1),
    )  # fmt: skip
    csv = tmp_path / "delivery.csv"
    csv.write_text(
        "user_id,category,value,consent_reference,consented_at\n"
        f"{user},account_identifier,alice@partner.example,P-1,2026-11-01T10:00:00+08:00\n"
        f"{user},location_precise,31.2;121.4,P-2,2026-11-01T10:00:00+08:00\n"
        f"{'0' * 32},account_identifier,z@partner.example,P-3,2026-11-01T10:00:00Z\n",
        encoding="utf-8",
    )
    result = _run(svc, "partner", "import", issued.grant.id, str(csv))
    assert result.returncode == 1, result.stderr
    assert "line 3 refused: category 'location_precise' is outside the grant" in result.stderr
    assert "line 4 refused: no JobExp user" in result.stderr
    assert "imported 1 rows, refused 2" in result.stderr
    [value] = partners.imported_for(svc, user, "marketing", "marketing_partner")
    assert value.source == "marketing_partner:delivery.csv:2"


def test_serve_refuses_a_store_outside_the_policys_region(svc: Services) -> None:
    result = _run(svc, "serve", JOBEXP_STORE_REGION="US")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "in US but" in lines[0]


def test_audit_verify_names_a_tampered_row_of_an_executed_disclosure(svc: Services) -> None:
    user = sign_up(svc)
    support, officer = add_staff(svc, "support"), add_staff(svc, "privacy_officer")
    for _ in range(2):
        request_id = disclosure_requests.file(svc, support, authority_filing(user))
        disclosure_requests.decide(svc, officer, request_id, approve=True)
        disclosure_requests.execute(svc, officer, request_id)
    with svc.database.engine.begin() as connection:
        ledger = t.disclosure_ledger
        connection.execute(update(ledger).where(ledger.c.seq == 2).values(recipient="nobody"))
    result = _run(svc, "audit", "verify")
    assert result.returncode == 1
    assert "disclosure ledger broken at entry 2" in result.stderr


def test_send_shares_sends_only_what_consent_still_allows(svc: Services) -> None:
    from jobexp.service_layer import marketing

    user = sign_up(svc)
    grant_consent(svc, user, "marketing", "marketing_partner")
    marketing.queue_share(svc, user, "marketing_partner")
    result = _run(svc, "partner", "send-shares")
    assert result.returncode == 0, result.stderr
    assert "sent 1, cancelled 0" in result.stderr
