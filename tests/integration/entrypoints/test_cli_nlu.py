"""`jobexp nlu ...`, run as a user would run it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

JOBEXP = [sys.executable, "-m", "jobexp.entrypoints.cli", "nlu"]
NOW = "2026-11-29T10:00:00+08:00"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*JOBEXP, *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_parse_prints_one_json_object_with_intent_and_slots() -> None:
    result = _run("parse", "提醒我明天下午三点开会", "--now", NOW, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "intent": "task.create",
        "slots": {"title": "开会", "when": "2026-11-30T15:00:00+08:00"},
    }
    assert "开会" in result.stdout  # not \\u-escaped


def test_parse_resolves_when_in_the_given_zone() -> None:
    result = _run("parse", "what's on my calendar tomorrow", "--now", NOW, "--tz", "UTC")
    assert json.loads(result.stdout)["slots"] == {"when": "2026-11-30"}


def test_an_impossible_date_keeps_the_required_keys_and_adds_the_problem() -> None:
    result = _run("parse", "remind me on February 30th to pay rent", "--now", NOW, "--json")
    data = json.loads(result.stdout)
    assert result.returncode == 0
    assert data["intent"] == "task.create" and "when" not in data["slots"]
    assert data["problem"]["code"] == "impossible_date"


def test_parse_without_now_uses_the_current_time() -> None:
    result = _run("parse", "call mom", "--json")
    assert json.loads(result.stdout) == {"intent": "call", "slots": {"contact": "mom"}}


@pytest.mark.parametrize(
    ("option", "value", "named"),
    [
        ("--now", "yesterday-ish", "--now"),
        ("--now", "2026-11-29T10:00:00", "offset"),
        ("--tz", "Mars/Olympus", "--tz"),
        ("--lang", "fr", "--lang"),
    ],
)
def test_a_bad_option_is_one_clear_line_and_exit_2(option: str, value: str, named: str) -> None:
    result = _run("parse", "call mom", option, value)
    assert result.returncode == 2
    assert named in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_report_prints_accuracy_per_language() -> None:
    result = _run("report")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["lang", "count", "intent", "slots", "exact"]
    assert {line.split()[0] for line in lines[1:3]} == {"en", "zh"}


def test_contacts_given_on_the_command_line_make_a_name_ambiguous() -> None:
    args = ("--contact", "Alice Wang", "--contact", "Alice Chen", "--now", NOW)
    data = json.loads(_run("parse", "call Alice", *args).stdout)
    assert data["ambiguous"] == {"contact": ["Alice Wang", "Alice Chen"]}
