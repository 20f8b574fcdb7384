"""The retention rules agree with the policy and cover every personal table."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from jobexp.adapters.tables import TABLE_CATEGORIES
from jobexp.domain.retention import KEPT_BY_LAW, RULES, TableRule, due, retention_end, rule_problems
from jobexp.policy.loader import load_policy
from jobexp.policy.model import Retention

NOW = datetime(2026, 11, 30, tzinfo=UTC)


def test_the_packaged_policy_and_the_table_rules_agree() -> None:
    assert rule_problems(load_policy(), RULES, TABLE_CATEGORIES) == []


def test_a_personal_table_without_a_rule_is_reported() -> None:
    problems = rule_problems(load_policy(), RULES, {**TABLE_CATEGORIES, "notes": frozenset()})
    assert [p.table for p in problems] == ["notes"]


def test_a_rule_whose_start_contradicts_the_policy_is_reported() -> None:
    wrong = (*RULES, TableRule("access_log", "id", "access_log", "at", starts="last_activity"))
    assert any("starts" in p.message for p in rule_problems(load_policy(), wrong, {}))


def test_cut_offs_come_from_the_policy() -> None:
    cutoffs = {d.rule.table: d.cutoff for d in due(load_policy(), NOW)}
    assert cutoffs["access_log"] == NOW - timedelta(days=183)
    assert cutoffs["sessions"] == NOW - timedelta(days=120)
    assert cutoffs["users"] == NOW - timedelta(days=1095)


def test_after_discontinuation_everything_but_the_legal_logs_is_due_now() -> None:
    for item in due(load_policy(), NOW, discontinued=True):
        assert item.everything is (item.rule.category not in KEPT_BY_LAW)


def test_the_end_of_retention_counts_from_last_activity_when_the_policy_says_so() -> None:
    retention = Retention(days=10, starts="last_activity")
    later = NOW + timedelta(days=5)
    assert retention_end(retention, NOW, later) == later + timedelta(days=10)
    assert retention_end(dataclasses.replace(retention, starts="collection"), NOW, later) == (
        NOW + timedelta(days=10)
    )
