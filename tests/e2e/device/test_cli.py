"""`jobexp device` as a user runs it, against the real server on loopback."""

from __future__ import annotations

import re
import stat
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from jobexp.adapters.tables import devices
from jobexp.clock import ManualClock
from jobexp.service_layer.context import Services
from tests.e2e.api.helpers import PASSWORD, bearer, sign_up
from tests.integration.device.test_cli import NOW, run, run_in_terminal
from tests.support.assistant_servers import FakeOpenMeteo
from tests.support.device import CONTACTS_VCF

ACCOUNT = "13700137000"


def _init(device_dir: Path, base_url: str, password: str = PASSWORD) -> str | None:
    result = run(
        device_dir,
        "init",
        "--server",
        base_url,
        "--identifier",
        ACCOUNT,
        "--network-code",
        "46001",
        "--country-code",
        "CN",
        "--password-stdin",
        stdin=password + "\n",
    )
    return None if result.returncode == 0 else f"{result.returncode}: {result.stderr}"


@pytest.fixture
def device_dir(base_url: str, client: httpx.Client, tmp_path: Path) -> Path:
    sign_up(client, ACCOUNT)
    directory = tmp_path / "device"
    assert run(directory, "contacts", "import", str(CONTACTS_VCF)).returncode == 0
    assert _init(directory, base_url) is None
    return directory


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_init_keeps_secret_and_token_private_and_registers_only_the_anonymized_id(
    device_dir: Path, svc: Services
) -> None:
    assert _mode(device_dir / "install.secret") == 0o600
    assert _mode(device_dir / "token") == 0o600
    with svc.database.engine.connect() as connection:
        rows = connection.execute(select(devices)).mappings().all()
    assert len(rows) == 1
    stored = " ".join(str(v) for v in rows[0].values())
    secret = (device_dir / "install.secret").read_bytes().hex()
    assert secret not in stored
    assert re.search(r"[0-9a-f]{64}", stored)


def test_a_wrong_password_is_refused_clearly(
    base_url: str, client: httpx.Client, tmp_path: Path
) -> None:
    sign_up(client, ACCOUNT)
    problem = _init(tmp_path / "d", base_url, password="not the password at all")
    assert problem is not None and problem.startswith("1:")
    assert "Traceback" not in problem


def test_an_expired_session_asks_for_the_password_and_goes_on(
    device_dir: Path, clock: ManualClock
) -> None:
    assert run(device_dir, "consent", "task_appointments").returncode == 0
    clock.advance(timedelta(days=15))  # device sessions end after 14 idle days
    result = run(device_dir, "ask", "what are my tasks", stdin=PASSWORD + "\n")
    assert result.returncode == 0, result.stderr
    assert "Your session has expired" in result.stderr and "Signed in again" in result.stderr
    assert result.stdout.strip() == "You have no tasks."


def test_an_expired_session_without_a_password_sends_nothing_more(
    device_dir: Path, clock: ManualClock
) -> None:
    clock.advance(timedelta(days=15))
    result = run(device_dir, "ask", "what are my tasks", stdin="")
    assert result.returncode == 2
    assert "No password given" in result.stderr and "Traceback" not in result.stderr


def test_a_ticket_waits_for_the_partners_notice_to_be_accepted(device_dir: Path) -> None:
    assert (
        run(
            device_dir, "consent", "ticket_booking_share", "--recipient", "ticket_booking_partner"
        ).returncode
        == 0
    )
    text = "book a train ticket from Beijing to Shanghai next Friday"
    declined = run(device_dir, "ask", text)
    assert declined.returncode == 1 and "Nothing was sent to the partner" in declined.stdout
    booked = run(device_dir, "ask", text, "--yes")
    assert booked.returncode == 0, booked.stderr
    assert "It receives only" in booked.stderr and "Ticket request sent" in booked.stdout


def test_a_task_naming_a_contacts_number_is_refused_with_exit_code_4(device_dir: Path) -> None:
    assert run(device_dir, "consent", "task_appointments").returncode == 0
    result = run(device_dir, "ask", "remind me to call 138 0013 8000 tomorrow at 9am", NOW)
    assert result.returncode == 4
    assert "would reveal a contact's number" in result.stdout


def test_a_task_naming_a_contact_is_kept_and_read_back_with_the_name(
    device_dir: Path, client: httpx.Client
) -> None:
    assert run(device_dir, "consent", "task_appointments").returncode == 0
    added = run(device_dir, "ask", "remind me to call Ophelia Thistlewood tomorrow at 5pm", NOW)
    assert added.returncode == 0, added.stdout + added.stderr
    assert "I will remind you: call Ophelia Thistlewood" in added.stdout
    listed = run(device_dir, "ask", "what are my tasks")
    assert "call Ophelia Thistlewood" in listed.stdout
    token = (device_dir / "token").read_text(encoding="utf-8")
    on_server = client.get("/api/v1/tasks", headers=bearer(token)).json()
    assert [task["title"][:14] for task in on_server] == ["call ⟨contact:"]
    assert "Thistlewood" not in str(on_server)


def test_a_missing_slot_is_asked_for_in_a_terminal_and_the_task_goes_on(
    device_dir: Path,
) -> None:
    assert run(device_dir, "consent", "task_appointments").returncode == 0
    typed = "buy milk\ntomorrow at 5pm\n"
    result = run_in_terminal(device_dir, ["ask", "remind me", NOW], typed)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Remind you of what?" in result.stderr and "When should I remind you?" in result.stderr
    assert result.stdout.startswith("I will remind you: buy milk, Tue 01 Dec 2026 17:00")


def test_a_saved_place_is_named_by_its_id_only(
    device_dir: Path, client: httpx.Client, open_meteo: FakeOpenMeteo
) -> None:
    for purpose in ("task_appointments", "weather"):
        assert run(device_dir, "consent", purpose).returncode == 0
    token = (device_dir / "token").read_text(encoding="utf-8")
    home = {"kind": "home", "label": "Maple Court", "latitude": 31.2304, "longitude": 121.4737}
    added = client.post("/api/v1/places", json=home, headers={"authorization": f"Bearer {token}"})
    assert added.status_code == 201, added.text
    assert run(device_dir, "places", "sync").returncode == 0
    result = run(device_dir, "ask", "weather at home tomorrow", "--now=2026-11-30T10:00:00+08:00")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("home on Tue 01 Dec 2026:")
    assert len(open_meteo.requests) == 1
