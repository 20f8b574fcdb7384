"""Throttling that stops guessing without locking the real user out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from jobexp.domain.throttle import AttemptKeys, Rule, Scope, retry_after

NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)
RULE = Rule(limit=3, window=timedelta(minutes=15))


def test_fewer_failures_than_the_limit_do_not_throttle() -> None:
    assert retry_after(RULE, [NOW - timedelta(minutes=1)] * 2, NOW) == 0


def test_reaching_the_limit_throttles_until_the_oldest_failure_leaves_the_window() -> None:
    failures = [NOW - timedelta(minutes=m) for m in (10, 5, 1)]
    assert retry_after(RULE, failures, NOW) == 5 * 60


def test_failures_outside_the_window_are_ignored() -> None:
    failures = [NOW - timedelta(minutes=m) for m in (40, 30, 20)]
    assert retry_after(RULE, failures, NOW) == 0


def test_trusted_browser_counts_only_against_itself() -> None:
    keys = AttemptKeys(account="acct", client="ip", trusted="browser:n")
    assert keys.scopes() == [(Scope.TRUSTED, "browser:n")]


def test_untrusted_attempt_counts_against_client_and_account() -> None:
    keys = AttemptKeys(account="acct", client="ip")
    assert keys.scopes() == [(Scope.CLIENT, "ip"), (Scope.ACCOUNT, "acct")]
