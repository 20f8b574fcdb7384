"""The retention rules agree with the policy and cover every personal table."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from jobexp.adapters.tables import RULES, TABLE_CATEGORIES
from jobexp.domain.retention import KEPT_BY_LAW, TableRule, due, retention_end, rule_problems
from jobexp.policy.loader import load_policy
from jobexp.policy.model import Retention

NOW = datetime(2026, 11, 30, tzinfo=UTC)


def test_the_packaged_policy_and_the_table_rules_agree() -> None:
    assert rule_problems(load_policy(), RULES, TABLE_CATEGORIES) == []


def test_a_personal_table_without_a_rule_is_reported() -> None:
    problems = rule_problems(load_policy(), RULES, {**TABLE_CATEGORIES, "notes": frozenset()})
    assert [p.table for p in problems] == ["notes"]


def test_a_rule_whose_start_contradicts_the_policy_is_reported() -> None:
    wrong = (
        *RULES,
        TableRule("id", "access_log", "at", starts="last_activity", table="access_log"),
    )
    assert any("starts" in p.message for p in rule_problems(load_policy(), wrong, {}))


def test_cut_offs_come_from_the_policy() -> None:
    cutoffs = {d.rule.table: d.cutoff for d in due(load_policy(), NOW, RULES)}
    assert cutoffs["access_log"] == NOW - timedelta(days=183)
    assert cutoffs["sessions"] == NOW - timedelta(days=120)
    assert cutoffs["users"] == NOW - timedelta(days=1095)


def test_after_discontinuation_everything_but_the_legal_logs_is_due_now() -> None:
    for item in due(load_policy(), NOW, RULES, discontinued=True):
        assert item.everything is (item.rule.category not in KEPT_BY_LAW)


def test_the_end_of_retention_counts_from_last_activity_when_the_policy_says_so() -> None:
    retention = Retention(days=10, starts="last_activity")
    later = NOW + timedelta(days=5)
    assert retention_end(retention, NOW, later) == later + timedelta(days=10)
    assert retention_end(dataclasses.replace(retention, starts="collection"), NOW, later) == (
        NOW + timedelta(days=10)
    )


def test_a_rule_for_a_purpose_takes_the_period_the_policy_sets_for_that_purpose() -> None:
    cutoffs = {d.rule.table: d.cutoff for d in due(load_policy(), NOW, RULES)}
    assert cutoffs["assistant_tasks"] == NOW - timedelta(days=365)  # not location_coarse's 1
    assert cutoffs["saved_places"] == NOW - timedelta(days=365)


def test_a_table_split_by_row_category_needs_a_rule_for_each_of_its_categories() -> None:
    partial = tuple(r for r in RULES if r.only != ("category", "voice_recognition_results"))
    problems = rule_problems(load_policy(), partial, TABLE_CATEGORIES)
    assert [p.table for p in problems] == ["partner_records"]


def test_a_rule_that_would_keep_another_category_of_its_table_too_long_is_reported() -> None:
    rules = (*RULES, TableRule("id", "disclosure_records", "at", table="notes"))
    categories = {**TABLE_CATEGORIES, "notes": frozenset({"disclosure_records", "access_log"})}
    problems = rule_problems(load_policy(), rules, categories)
    assert [(p.table, "access_log" in p.message) for p in problems] == [("notes", True)]
