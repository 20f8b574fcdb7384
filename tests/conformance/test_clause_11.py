"""11: a material change stops the processing it affects until the user accepts it;
continued use is never acceptance."""

from __future__ import annotations

import dataclasses

import pytest

from jobexp.domain.purposes import Access, PurposeRules, UserChoices
from jobexp.policy.diff import affected_purposes, classify, diff
from jobexp.policy.model import Policy
from tests.conformance.conftest import TODAY

pytestmark = pytest.mark.clause("11")
WEATHER = Access("weather", ("location_coarse",))
CONSENTED = frozenset({("weather", "")})


def _longer_weather_retention(policy: Policy) -> Policy:
    """Release 2: coarse location kept 30 days instead of one, a material change."""
    category = policy.category("location_coarse")
    assert category.retention is not None
    longer = dataclasses.replace(category.retention, days=30)
    categories = tuple(
        dataclasses.replace(c, retention=longer) if c.id == category.id else c
        for c in policy.categories
    )
    return dataclasses.replace(policy, categories=categories)


def test_a_material_change_stops_the_affected_purpose_until_the_user_accepts(
    policy: Policy,
) -> None:
    release_2 = _longer_weather_retention(policy)
    changes = diff(policy, release_2)
    assert classify(changes) == "material"
    assert "weather" in affected_purposes(changes)
    rules = PurposeRules.compile(release_2, [(2, affected_purposes(changes))])

    still_on_1 = rules.decide(WEATHER, UserChoices(CONSENTED, accepted_release=1), TODAY)
    accepted_2 = rules.decide(WEATHER, UserChoices(CONSENTED, accepted_release=2), TODAY)

    assert (still_on_1.allowed, still_on_1.reason) == (False, "purpose.reaccept_required")
    assert accepted_2.allowed


def test_processing_the_change_does_not_touch_keeps_running(policy: Policy) -> None:
    rules = PurposeRules.compile(policy, [(2, frozenset({"weather"}))])
    login = Access("login_security", ("session_records",), "write")

    assert rules.decide(login, UserChoices(accepted_release=1), TODAY).allowed


def test_a_rewording_is_minor_and_stops_nothing(policy: Policy) -> None:
    clause = policy.clause("2a")
    reworded = dataclasses.replace(
        clause, text=dataclasses.replace(clause.text, en=clause.text.en + " ")
    )
    release_2 = dataclasses.replace(
        policy, clauses=tuple(reworded if c.id == "2a" else c for c in policy.clauses)
    )

    changes = diff(policy, release_2)

    assert classify(changes) == "minor"
    assert affected_purposes(changes) == frozenset()
