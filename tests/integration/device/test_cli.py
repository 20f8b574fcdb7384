"""`jobexp device` run as a user would run it, offline: imports, local answers, bad input."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from jobexp.device.state import DeviceSettings, DeviceState
from tests.support.device import CALENDAR_ICS, CONTACTS_VCF, CONTACTS_ZH_VCF, MALFORMED_VCF
from tests.support.net import free_port

JOBEXP = [sys.executable, "-m", "jobexp.entrypoints.cli", "device"]
NOW = "--now=2026-11-30T10:00:00+08:00"


def run(device_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "JOBEXP_DEVICE_DIR": str(device_dir)}
    return subprocess.run(
        [*JOBEXP, *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def run_in_terminal(
    device_dir: Path, args: list[str], typed: str
) -> subprocess.CompletedProcess[str]:
    """As `run`, with standard input a real terminal (a pseudo-terminal) the user types
    `typed` into; standard output and error stay pipes, as a terminal's would be read."""
    env = {**os.environ, "JOBEXP_DEVICE_DIR": str(device_dir)}
    controller, terminal = os.openpty()
    try:
        with subprocess.Popen(
            [*JOBEXP, *args],
            env=env,
            stdin=terminal,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ) as process:
            os.close(terminal)
            os.write(controller, typed.encode())
            out, err = process.communicate(timeout=120)
    finally:
        os.close(controller)
    return subprocess.CompletedProcess(args, process.returncode, out, err)


@pytest.fixture(scope="module")
def device_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A device with the fixture address book and calendar imported (shared: tests only add)."""
    directory = tmp_path_factory.mktemp("device")
    assert run(directory, "contacts", "import", str(CONTACTS_VCF)).returncode == 0
    assert run(directory, "calendar", "import", str(CALENDAR_ICS)).returncode == 0
    return directory


def test_importing_contacts_keeps_them_in_a_private_local_file(tmp_path: Path) -> None:
    result = run(tmp_path / "d", "contacts", "import", str(CONTACTS_VCF))
    assert result.returncode == 0, result.stderr
    assert "Imported 5 contacts" in result.stderr
    store = tmp_path / "d" / "local.sqlite3"
    assert stat.S_IMODE(store.stat().st_mode) == 0o600


def test_bad_cards_are_listed_with_their_reasons(tmp_path: Path) -> None:
    result = run(tmp_path / "d", "contacts", "import", str(MALFORMED_VCF))
    assert result.returncode == 0
    assert "card 2: no name (FN or N)" in result.stderr
    assert "card 5: the card never ends" in result.stderr
    assert "Imported 1 contacts" in result.stderr


def test_a_file_with_no_good_card_imports_nothing_and_says_so(tmp_path: Path) -> None:
    bad = tmp_path / "bad.vcf"
    bad.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Nobody\nEND:VCARD\n", encoding="utf-8")
    result = run(tmp_path / "d", "contacts", "import", str(bad))
    assert result.returncode == 1
    assert "Nothing imported" in result.stderr and "Traceback" not in result.stderr


def test_a_large_address_book_imports_whole(tmp_path: Path) -> None:
    cards = "".join(
        f"BEGIN:VCARD\nVERSION:3.0\nFN:Person {i}\nTEL:+86 135 {i:04d} 0000\nEND:VCARD\n"
        for i in range(500)
    )
    big = tmp_path / "big.vcf"
    big.write_text(cards, encoding="utf-8")
    result = run(tmp_path / "d", "contacts", "import", str(big))
    assert result.returncode == 0 and "Imported 500 contacts" in result.stderr


def test_a_file_that_is_not_a_calendar_is_refused_without_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ics"
    bad.write_text("this is not a calendar\n", encoding="utf-8")
    result = run(tmp_path / "d", "calendar", "import", str(bad))
    assert result.returncode == 2
    assert "Cannot read" in result.stderr and "Traceback" not in result.stderr


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = run(tmp_path / "d", "contacts", "import", str(tmp_path / "nope.vcf"))
    assert result.returncode == 2
    assert "Cannot read" in result.stderr and "Traceback" not in result.stderr


def test_two_contacts_of_one_name_are_offered_for_a_choice(device_dir: Path) -> None:
    result = run(device_dir, "ask", "call Zhang Wei", NOW, "--json")
    assert result.returncode == 3
    answer = json.loads(result.stdout)
    assert answer["needs_choice"] is True
    assert [c["number"] for c in answer["candidates"]] == ["+8613800138000", "+8613912345678"]


def test_the_chosen_contact_becomes_a_tel_uri(device_dir: Path) -> None:
    result = run(device_dir, "ask", "call Zhang Wei", NOW, "--json", "--choose", "2")
    assert result.returncode == 0
    assert json.loads(result.stdout)["uri"] == "tel:+8613912345678"


def test_a_message_becomes_an_sms_uri_with_its_body(device_dir: Path) -> None:
    result = run(device_dir, "ask", "text Ophelia Thistlewood that I'm running late", "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["uri"] == "sms:+8617724681357?body=I%27m%20running%20late"


def test_an_unknown_contact_is_said_plainly(device_dir: Path) -> None:
    result = run(device_dir, "ask", "call Bob", NOW)
    assert result.returncode == 1
    assert result.stdout.strip() == "No contact called Bob on this device."


def test_the_calendar_is_answered_locally_in_chinese_with_local_times(device_dir: Path) -> None:
    result = run(device_dir, "ask", "明天有什么安排", NOW)
    assert result.returncode == 0
    assert "2026年12月1日" in result.stdout and "09:30-10:30  牙医预约" in result.stdout


def test_the_answer_language_can_be_chosen(device_dir: Path) -> None:
    result = run(device_dir, "ask", "明天有什么安排", NOW, "--lang", "en")
    assert result.stdout.startswith("On Tue 01 Dec 2026:")


def test_an_added_event_is_found_by_the_next_query(device_dir: Path) -> None:
    added = run(device_dir, "ask", "add dentist to my calendar on Friday at 3pm", NOW)
    assert added.returncode == 0, added.stdout
    found = run(device_dir, "ask", "what's on my calendar on Friday", NOW)
    assert "15:00-16:00  dentist" in found.stdout


def test_text_that_is_no_command_gets_what_jobexp_can_do(device_dir: Path) -> None:
    result = run(device_dir, "ask", "blah blah", NOW)
    assert result.returncode == 1
    assert result.stdout.startswith("Sorry, that is not something I can do.")
    assert "send messages" in result.stdout


def test_what_jobexp_can_do_is_said_in_chinese_to_a_chinese_request(device_dir: Path) -> None:
    result = run(device_dir, "ask", "帮我叫一辆出租车", NOW)
    assert result.returncode == 1
    assert result.stdout.startswith("抱歉，这个我还做不到。")


def test_json_reports_the_missing_slot_and_its_question_without_asking(
    device_dir: Path,
) -> None:
    result = run(device_dir, "ask", "remind me", NOW, "--json", stdin="buy milk\n")
    assert result.returncode == 1
    answer = json.loads(result.stdout)
    assert answer["missing"] == "title"
    assert answer["question"] == {"en": "Remind you of what?", "zh": "提醒你什么？"}
    assert (answer["status"], answer["intent"], answer["text"]) == (
        "unclear",
        "task.create",
        "Remind you of what?",
    )
    assert answer["needs_choice"] is False and result.stderr == ""


def test_without_a_terminal_the_question_is_printed_and_nothing_is_read(
    device_dir: Path,
) -> None:
    result = run(device_dir, "ask", "text Ophelia Thistlewood", NOW, stdin="on my way\n")
    assert (result.returncode, result.stdout) == (1, "What should the message say?\n")


def test_in_a_terminal_the_question_is_asked_and_the_answer_used(device_dir: Path) -> None:
    typed = "on my way\n"
    result = run_in_terminal(device_dir, ["ask", "text Ophelia Thistlewood", NOW], typed)
    assert result.returncode == 0, result.stderr
    assert "What should the message say?" in result.stderr
    assert result.stdout == "Message to Ophelia Thistlewood (+8617724681357): on my way\n"


def test_in_a_terminal_two_questions_fill_a_calendar_entry_in_chinese(device_dir: Path) -> None:
    result = run_in_terminal(device_dir, ["ask", "加个日程", NOW], "看牙\n后天下午四点\n")
    assert result.returncode == 0, result.stderr
    assert "是什么日程？" in result.stderr and "什么时候？" in result.stderr
    assert result.stdout.startswith("已加入日历:看牙,2026年12月2日(周三) 16:00")


def test_in_a_terminal_an_empty_answer_gives_up(device_dir: Path) -> None:
    result = run_in_terminal(device_dir, ["ask", "remind me", NOW], "\n")
    assert result.returncode == 1
    assert result.stdout == "Remind you of what?\n"


def test_in_a_terminal_an_answer_that_names_no_time_is_asked_again_then_given_up(
    device_dir: Path,
) -> None:
    typed = "dentist\nsoonish\nwhenever\n"
    result = run_in_terminal(device_dir, ["ask", "add an event", NOW], typed)
    assert result.returncode == 1
    assert result.stderr.count("When is it?") == 2
    assert result.stdout == "When is it?\n"


def test_json_never_prompts_even_in_a_terminal(device_dir: Path) -> None:
    result = run_in_terminal(device_dir, ["ask", "remind me", NOW, "--json"], "buy milk\n")
    assert result.returncode == 1 and result.stderr == ""
    assert json.loads(result.stdout)["missing"] == "title"


def test_a_chinese_address_book_is_called_by_pinyin_and_by_relationship(tmp_path: Path) -> None:
    directory = tmp_path / "d"
    assert run(directory, "contacts", "import", str(CONTACTS_ZH_VCF)).returncode == 0
    by_pinyin = run(directory, "ask", "call zhangwei", NOW)
    assert by_pinyin.stdout == "Calling 张伟 (+8613579135791).\n"
    by_relation = run(directory, "ask", "给姐姐打电话", NOW, "--json")
    assert json.loads(by_relation.stdout)["uri"] == "tel:+8615024680246"


def test_a_server_feature_before_init_says_how_to_set_up(device_dir: Path) -> None:
    result = run(device_dir, "ask", "what are my tasks", NOW)
    assert result.returncode == 2
    assert "jobexp device init" in result.stderr and "Traceback" not in result.stderr


def test_an_unreachable_server_is_a_clear_message_and_nothing_else(tmp_path: Path) -> None:
    server = f"http://127.0.0.1:{free_port()}"
    result = run(
        tmp_path / "d",
        "init",
        "--server",
        server,
        "--identifier",
        "ann@example.com",
        "--password-stdin",
        stdin="violet kayak under the moon\n",
    )
    assert result.returncode == 2
    assert f"Cannot reach the JobExp server at {server}" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_malformed_network_code_is_refused_before_anything_is_sent(tmp_path: Path) -> None:
    result = run(
        tmp_path / "d",
        "init",
        "--server",
        f"http://127.0.0.1:{free_port()}",
        "--identifier",
        "ann@example.com",
        "--network-code",
        "4600",
        "--password-stdin",
        stdin="pw\n",
    )
    assert result.returncode == 2
    assert "network" in result.stderr and "Cannot reach" not in result.stderr


def test_with_the_server_down_local_answers_still_work_and_server_ones_say_why(
    tmp_path: Path,
) -> None:
    directory = tmp_path / "d"
    assert run(directory, "contacts", "import", str(CONTACTS_VCF)).returncode == 0
    state = DeviceState(directory)
    state.install_secret()
    server = f"http://127.0.0.1:{free_port()}"
    state.save_settings(DeviceSettings(server, "46000", "CN", "ann@example.com"))
    state.save_token("expired-or-not")
    local = run(directory, "ask", "call Ophelia Thistlewood")
    assert local.returncode == 0 and "Calling Ophelia Thistlewood" in local.stdout
    remote = run(directory, "ask", "what are my tasks")
    assert remote.returncode == 2
    assert f"Cannot reach the JobExp server at {server}" in remote.stderr
    assert "Traceback" not in remote.stderr
