"""Comparing policy versions: material changes are computed and stop only affected processing."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date

import pytest

from jobexp.policy import (
    Category,
    LocalizedText,
    Policy,
    Purpose,
    Recipient,
    Region,
    Retention,
    Updates,
)
from jobexp.policy.diff import affected_purposes, classify, diff
from tests.unit.policy.edits import (
    adding,
    with_category,
    with_clause,
    with_permission,
    with_purpose,
    with_recipient,
    with_text,
    without,
)

Edit = Callable[[Policy], Policy]
WORDS = LocalizedText("Words", "文字")


def longer_access_log(policy: Policy) -> Policy:
    return with_category(policy, "access_log", retention=Retention(days=365))


def new_category(policy: Policy) -> Policy:
    heart = Category("heart_rate", WORDS, WORDS, sensitive=True, processed_on="server")
    policy = adding(policy, "categories", heart)
    return with_purpose(
        policy, "personalization", categories=("personalization_profile", "heart_rate")
    )


def new_purpose(policy: Policy) -> Policy:
    fitness = Purpose("fitness", WORDS, WORDS, "separate_consent", ("location_coarse",))
    return adding(policy, "purposes", fitness)


def new_recipient(policy: Policy) -> Policy:
    weather = Recipient("weather_api", WORDS, "partner", ("weather",), ("location_coarse",), True)
    return adding(policy, "recipients", weather)


MATERIAL: list[tuple[str, Edit, str, set[str] | None]] = [
    ("a_new_purpose", new_purpose, "purpose_added", {"fitness"}),
    ("a_new_data_category", new_category, "category_added", {"personalization"}),
    ("a_new_recipient", new_recipient, "recipient_added", {"weather"}),
    (
        "a_recipient_receiving_new_categories",
        lambda p: with_recipient(
            with_purpose(p, "marketing", categories=("account_identifier", "location_coarse")),
            "marketing_partner",
            categories=("account_identifier", "location_coarse"),
        ),
        "recipient_categories_added",
        {"marketing"},
    ),
    (
        "a_longer_retention",
        longer_access_log,
        "retention_longer",
        {"login_security", "security_logging", "legal_disclosure", "retention"},
    ),
    (
        "a_longer_retention_for_one_purpose",
        lambda p: with_category(
            p,
            "location_coarse",
            retention_by_purpose=(Retention(730, purpose="task_appointments"),),
        ),
        "retention_longer",
        {"task_appointments"},
    ),
    (
        "retention_counted_from_last_activity_instead_of_collection",
        lambda p: with_category(p, "access_log", retention=Retention(183, starts="last_activity")),
        "retention_longer",
        {"login_security", "security_logging", "legal_disclosure", "retention"},
    ),
    (
        "a_new_storage_region",
        lambda p: dataclasses.replace(p, region=dataclasses.replace(p.region, storage="SG")),
        "region_changed",
        None,
    ),
    (
        "a_new_cross_border_mechanism",
        lambda p: dataclasses.replace(
            p, region=dataclasses.replace(p.region, cross_border_mechanisms=("standard_contract",))
        ),
        "cross_border_widened",
        {"cross_border_transfer"},
    ),
    (
        "a_weakened_legal_basis",
        lambda p: with_purpose(p, "weather", legal_basis="consent"),
        "legal_basis_weakened",
        {"weather"},
    ),
    (
        "consent_replaced_by_contract",
        lambda p: with_purpose(p, "personalization", legal_basis="contract"),
        "legal_basis_weakened",
        {"personalization"},
    ),
    (
        "a_permission_bound_to_another_purpose",
        lambda p: with_permission(p, "camera", purpose="file_storage"),
        "permission_rebound",
        {"file_storage"},
    ),
    (
        "a_purpose_using_a_new_category",
        lambda p: with_purpose(p, "weather", categories=("location_coarse", "location_precise")),
        "purpose_categories_added",
        {"weather"},
    ),
    (
        "a_category_no_longer_sensitive",
        lambda p: with_category(p, "location_precise", sensitive=False),
        "category_no_longer_sensitive",
        {"task_appointments", "navigation_share", "legal_disclosure", "retention", "data_rights"},
    ),
    (
        "device_data_now_uploaded",
        lambda p: with_category(p, "call_log", processed_on="server"),
        "category_leaves_device",
        {"support_callback"},
    ),
    (
        "a_partner_no_longer_needing_consent",
        lambda p: with_recipient(p, "marketing_partner", requires_consent=False),
        "recipient_consent_dropped",
        {"marketing"},
    ),
    (
        "a_grant_extended",
        lambda p: with_recipient(p, "marketing_partner", grant_ends=date(2030, 1, 1)),
        "recipient_grant_extended",
        {"marketing"},
    ),
    (
        "reconsent_no_longer_required",
        lambda p: dataclasses.replace(p, updates=Updates(material_requires_reconsent=False)),
        "reconsent_dropped",
        None,
    ),
]


@pytest.mark.parametrize(
    ("edit", "kind", "affected"), [m[1:] for m in MATERIAL], ids=[m[0] for m in MATERIAL]
)
def test_material_change_is_classified_material_and_names_the_affected_purposes(
    shipped: Policy, edit: Edit, kind: str, affected: set[str] | None
) -> None:
    changes = diff(shipped, edit(shipped))
    assert classify(changes) == "material"
    assert kind in changes.kinds()
    if affected is not None:
        assert affected_purposes(changes) == affected


def test_unchanged_policy_has_no_changes(shipped: Policy) -> None:
    changes = diff(shipped, shipped)
    assert classify(changes) == "none" and changes.changes == ()


def test_reworded_clause_is_minor_and_stops_nothing(shipped: Policy) -> None:
    changes = diff(
        shipped, with_text(shipped, "P1", "We protect your privacy.", "我们保护您的隐私。")
    )
    assert classify(changes) == "minor" and changes.kinds() == {"clause_text_changed"}
    assert affected_purposes(changes) == frozenset()


def test_renamed_purpose_is_a_minor_wording_change(shipped: Policy) -> None:
    changes = diff(
        shipped, with_purpose(shipped, "weather", name=LocalizedText("Forecast", "天气预报"))
    )
    assert classify(changes) == "minor" and changes.kinds() == {"wording_changed"}


def test_shorter_retention_is_minor(shipped: Policy) -> None:
    changes = diff(shipped, with_category(shipped, "access_log", retention=Retention(days=90)))
    assert classify(changes) == "minor" and changes.kinds() == {"retention_shorter"}


def test_stronger_legal_basis_is_minor(shipped: Policy) -> None:
    changes = diff(shipped, with_purpose(shipped, "avatar", legal_basis="separate_consent"))
    assert classify(changes) == "minor" and changes.kinds() == {"legal_basis_strengthened"}


def test_removing_a_recipient_is_minor(shipped: Policy) -> None:
    changes = diff(shipped, without(shipped, "recipients", "marketing_partner"))
    assert classify(changes) == "minor" and changes.kinds() == {"recipient_removed"}


def test_changing_only_the_enforcing_code_is_minor(shipped: Policy) -> None:
    changes = diff(shipped, with_clause(shipped, "10", enforced_by=("jobexp.domain",)))
    assert classify(changes) == "minor" and changes.kinds() == {"clause_enforcement_changed"}


def test_material_and_minor_changes_together_stop_only_the_material_ones(shipped: Policy) -> None:
    edited = with_text(longer_access_log(shipped), "P1", "Reworded.", "改写。")
    edited = with_purpose(edited, "weather", name=LocalizedText("Forecast", "天气预报"))
    changes = diff(shipped, edited)
    assert classify(changes) == "material"
    assert affected_purposes(changes) == {
        "login_security",
        "security_logging",
        "legal_disclosure",
        "retention",
    }


def test_storage_region_change_stops_every_purpose_that_uses_server_data(shipped: Policy) -> None:
    moved = dataclasses.replace(shipped, region=Region(storage="SG", cross_border_purpose=None))
    affected = affected_purposes(diff(shipped, moved))
    assert "account" in affected and "calendar" not in affected


def test_diff_reports_both_versions(shipped: Policy) -> None:
    edited = longer_access_log(shipped)
    changes = diff(shipped, edited)
    assert (changes.old_version, changes.new_version) == (shipped.version, edited.version)
