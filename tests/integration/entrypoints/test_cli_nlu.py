"""`jobexp nlu ...`, run as a user would run it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
    assert lines[1].split() == ["count", "intent", "clear", "cmds", "slots"]
    assert {line.split()[0] for line in (lines[2], lines[4])} == {"en", "zh"}


def test_contacts_given_on_the_command_line_make_a_name_ambiguous() -> None:
    args = ("--contact", "Alice Wang", "--contact", "Alice Chen", "--now", NOW)
    data = json.loads(_run("parse", "call Alice", *args).stdout)
    assert data["ambiguous"] == {"contact": ["Alice Wang", "Alice Chen"]}


def _batch(stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*JOBEXP, "parse", "--jsonl", "-", "--now", NOW, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_jsonl_answers_each_line_in_order_and_a_missing_lang_means_auto() -> None:
    lines = [
        {"text": "call mom", "lang": "en"},
        {"text": "北京明天天气怎么样"},
        {"text": "what's on my calendar tomorrow", "lang": "auto"},
    ]
    result = _batch("".join(json.dumps(line) + "\n" for line in lines))
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["intent"] for a in answers] == ["call", "weather", "calendar.query"]
    assert answers[1]["slots"] == {"place": "北京", "when": "2026-11-30"}


def test_a_malformed_jsonl_line_gets_its_own_error_line_and_the_rest_go_on() -> None:
    stdin = (
        'not json\n[1, 2]\n{"text": 5}\n{"text": "call mom", "lang": "fr"}\n{"text": "call mom"}\n'
    )
    result = _batch(stdin)
    assert result.returncode == 0
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [set(a) for a in answers[:4]] == [{"error"}] * 4
    assert answers[4] == {"intent": "call", "slots": {"contact": "mom"}}


def test_jsonl_reads_a_file_and_takes_the_contacts_of_a_vcard(tmp_path: Path) -> None:
    commands = tmp_path / "commands.jsonl"
    commands.write_text('{"text": "call Alice", "lang": "en"}\n', encoding="utf-8")
    cards = tmp_path / "contacts.vcf"
    cards.write_text(
        "".join(
            f"BEGIN:VCARD\nVERSION:3.0\nFN:{name}\nTEL:+86 138 0000 000{i}\nEND:VCARD\n"
            for i, name in enumerate(("Alice Wang", "Alice Chen"))
        ),
        encoding="utf-8",
    )
    result = _run("parse", "--jsonl", str(commands), "--now", NOW, "--contacts", str(cards))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["ambiguous"] == {"contact": ["Alice Wang", "Alice Chen"]}


def test_text_and_jsonl_together_is_a_usage_error() -> None:
    result = _run("parse", "call mom", "--jsonl", "-")
    assert result.returncode == 2
    assert "either TEXT or --jsonl" in result.stderr


def test_report_prints_the_training_and_heldout_splits_side_by_side() -> None:
    result = _run("report")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("split: train | heldout")
    assert "confusion, heldout (zh)" in result.stdout
    assert "negatives accepted: near" in result.stdout
