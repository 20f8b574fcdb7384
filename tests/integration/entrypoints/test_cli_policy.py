"""`jobexp policy lint|render|verify`, run in a child process as a user would run them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from jobexp.policy.ids import ClauseId

# The policy commands by themselves, so these tests do not depend on how cli.py mounts them.
POLICY = [
    sys.executable,
    "-c",
    "from jobexp.entrypoints.cli_policy import policy_app; policy_app(prog_name='jobexp policy')",
]
REPO = Path(__file__).resolve().parents[3]
SHIPPED = Path(str(resources.files("jobexp.policy").joinpath("policy.yaml")))


def _run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run(
        [*POLICY, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False
    )


def test_lint_passes_the_shipped_policy_showing_its_two_warnings() -> None:
    result = _run("lint")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "storage-region-vs-global-transfer" in result.stdout  # a warning, shown
    assert "policy.yaml: 0 error(s), 2 warning(s)" in result.stdout


def test_lint_fails_naming_a_clause_nothing_enforces(tmp_path: Path) -> None:
    text = SHIPPED.read_text("utf-8")
    start = text.index('  "10":')
    section = text[start : text.index("    original:", start)]
    unenforced = re.sub(r"enforced_by:\n(      - \S+\n)+", "enforced_by: []\n", section)
    policy = tmp_path / "unenforced.yaml"
    policy.write_text(text.replace(section, unenforced), encoding="utf-8")

    result = _run("lint", str(policy))

    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(r"error\s+clause-not-enforced\s+10\b", result.stdout)


def test_lint_names_file_and_place_of_a_malformed_policy_and_exits_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(SHIPPED.read_text("utf-8").replace("storage: CN", "storage: China"), "utf-8")

    result = _run("lint", str(broken))

    assert result.returncode == 2
    assert str(broken) in result.stderr and "region.storage" in result.stderr
    assert "'China' is not a two-letter region code" in result.stderr
    assert "Traceback" not in result.stderr


def test_lint_of_a_missing_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = _run("lint", str(tmp_path / "nowhere.yaml"))

    assert result.returncode == 2
    assert "nowhere.yaml" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        (
            "en",
            [
                "# Privacy Policy",
                "| Access log | 6 months (183 days) |",
                "Navigation provider",
                '<a id="clause-8a"></a>',
                "argon2id hash",
            ],
        ),
        (
            "zh-CN",
            [
                "# 隐私政策",
                "| 访问日志 | 6 个月（183 天） |",
                "导航服务提供方",
                '<a id="clause-8a"></a>',
                "argon2id 单向哈希",
            ],
        ),
    ],
)
def test_render_prints_the_policy_as_markdown(locale: str, expected: list[str]) -> None:
    result = _run("render", "--locale", locale)

    assert result.returncode == 0, result.stderr
    for text in expected:
        assert text in result.stdout


def test_render_as_html_is_a_whole_page_with_clause_anchors() -> None:
    result = _run("render", "--locale", "zh-CN", "--format", "html")

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("<!doctype html>")
    assert '<html lang="zh-CN">' in result.stdout
    for clause in ClauseId:
        assert f'id="clause-{clause}"' in result.stdout


def test_verify_prints_one_row_per_clause_in_order_and_exits_0_when_all_are_covered() -> None:
    result = _run("verify")

    assert result.returncode == 0, result.stdout + result.stderr
    rows = re.findall(
        r"^\s{2}(\S+)\s.*?\s(covered|failing|not yet covered)\s*$", result.stdout, re.MULTILINE
    )
    assert [clause for clause, _ in rows] == list(ClauseId)
    assert set(dict(rows).values()) == {"covered"}
    assert "All 42 clauses are covered by a passing conformance test." in result.stdout


def test_verify_outside_a_source_checkout_says_so_and_exits_2(tmp_path: Path) -> None:
    result = _run("verify", cwd=tmp_path)

    assert result.returncode == 2
    assert "tests/conformance" in result.stderr and "Traceback" not in result.stderr
