"""The policy linter: each rule fires on a policy that breaks it and not on one that keeps it."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from jobexp.policy import LocalizedText, Policy, Region, Updates, load_policy
from jobexp.policy.lint import Finding, errors, importable, lint
from tests.unit.policy.edits import (
    with_category,
    with_clause,
    with_permission,
    with_purpose,
    with_recipient,
    with_text,
)
from tests.unit.policy.rawdata import Raw, entry

RESOLVED = {"storage-region-vs-global-transfer", "continued-use-as-acceptance"}


def found(policy: Policy, code: str) -> list[Finding]:
    return [finding for finding in lint(policy) if finding.code == code]


def fully_enforced(policy: Policy) -> Policy:
    clauses = tuple(
        dataclasses.replace(c, enforced_by=c.enforced_by or ("jobexp.domain",))
        for c in policy.clauses
    )
    return dataclasses.replace(policy, clauses=clauses)


def test_shipped_policy_warns_only_about_the_two_resolved_contradictions(shipped: Policy) -> None:
    warnings = [f for f in lint(shipped) if f.level == "warning"]
    assert {f.code for f in warnings} == RESOLVED and len(warnings) == 2


def test_shipped_policy_has_no_errors(shipped: Policy) -> None:
    assert errors(lint(shipped)) == []


def test_every_enforcer_the_shipped_policy_names_exists(shipped: Policy) -> None:
    assert not [f for f in lint(shipped, resolves=importable) if f.code == "enforcer-not-found"]


def test_enforcer_naming_missing_code_is_reported(shipped: Policy) -> None:
    policy = with_clause(shipped, "8a", enforced_by=("jobexp.domain.passwords.no_such_check",))
    findings = [f for f in lint(policy, resolves=importable) if f.code == "enforcer-not-found"]
    assert [f.clauses for f in findings] == [("8a",)]


def test_importable_resolves_modules_classes_and_methods() -> None:
    assert importable("jobexp.domain.age.assess_age")
    assert importable("jobexp.policy.model.Policy.allows")
    assert not importable("jobexp.domain.age.no_such_name")
    assert not importable("jobexp.no_such_module.anything")


def test_global_transfer_with_storage_in_china_is_an_error_without_a_cross_border_purpose(
    shipped: Policy,
) -> None:
    policy = dataclasses.replace(shipped, region=Region(storage="CN"))
    [finding] = found(policy, "storage-region-vs-global-transfer")
    assert finding.level == "error" and finding.clauses == ("2a", "6")


def test_global_transfer_is_an_error_when_the_cross_border_purpose_needs_only_consent(
    shipped: Policy,
) -> None:
    policy = with_purpose(shipped, "cross_border_transfer", legal_basis="consent")
    [finding] = found(policy, "storage-region-vs-global-transfer")
    assert finding.level == "error"


def test_global_transfer_resolved_by_separate_consent_is_a_warning(shipped: Policy) -> None:
    [finding] = found(shipped, "storage-region-vs-global-transfer")
    assert finding.level == "warning" and finding.clauses == ("2a", "6")


def test_clause_six_without_global_transfer_raises_no_region_finding(shipped: Policy) -> None:
    policy = with_clause(
        shipped, "6", original="Stored on our servers.", text=LocalizedText("Stored.", "存储。")
    )
    assert not found(
        dataclasses.replace(policy, region=Region("CN")), "storage-region-vs-global-transfer"
    )


def test_continued_use_as_acceptance_is_an_error_without_reconsent(shipped: Policy) -> None:
    policy = dataclasses.replace(shipped, updates=Updates(material_requires_reconsent=False))
    [finding] = found(policy, "continued-use-as-acceptance")
    assert finding.level == "error" and finding.clauses == ("P2", "11")


def test_continued_use_resolved_by_reconsent_is_a_warning(shipped: Policy) -> None:
    [finding] = found(shipped, "continued-use-as-acceptance")
    assert finding.level == "warning"


def test_sensitive_category_used_under_plain_consent_is_an_error(shipped: Policy) -> None:
    policy = with_purpose(shipped, "weather", legal_basis="consent")
    [finding] = found(policy, "sensitive-without-separate-consent")
    assert "location_coarse" in finding.message and "weather" in finding.message


def test_sensitive_category_used_under_legal_obligation_needs_no_consent(shipped: Policy) -> None:
    assert shipped.allows("legal_disclosure", "location_precise")
    assert not found(shipped, "sensitive-without-separate-consent")


def test_location_category_not_marked_sensitive_is_an_error(shipped: Policy) -> None:
    policy = with_category(shipped, "location_precise", sensitive=False)
    [finding] = found(policy, "category-not-marked-sensitive")
    assert "location_precise" in finding.message


def test_purpose_without_legal_basis_is_an_error(shipped: Policy) -> None:
    [finding] = found(
        with_purpose(shipped, "avatar", legal_basis=None), "purpose-without-legal-basis"
    )
    assert finding.level == "error" and "'avatar'" in finding.message


def test_purpose_file_without_legal_basis_loads_and_is_reported_by_the_linter(
    raw: Raw, write: Callable[[Raw], Path]
) -> None:
    del entry(raw, "purposes", "search")["legal_basis"]
    [finding] = found(load_policy(write(raw)), "purpose-without-legal-basis")
    assert "'search'" in finding.message


def test_policy_without_retention_for_a_server_category_is_reported(shipped: Policy) -> None:
    [finding] = found(
        with_category(shipped, "user_files", retention=None), "category-without-retention"
    )
    assert "'user_files'" in finding.message and finding.clauses == ("2.0", "2b")


def test_device_only_category_needs_no_retention_period(shipped: Policy) -> None:
    assert shipped.category("call_log").retention is None
    assert not found(shipped, "category-without-retention")


def test_clause_with_nothing_enforcing_it_is_reported(shipped: Policy) -> None:
    policy = with_clause(shipped, "10", enforced_by=())
    assert [f.clauses for f in found(policy, "clause-not-enforced")] == [("10",)]


def test_policy_where_every_clause_is_enforced_reports_no_unenforced_clause(
    shipped: Policy,
) -> None:
    assert not found(fully_enforced(shipped), "clause-not-enforced")


def test_recipient_with_no_declared_categories_is_an_error(shipped: Policy) -> None:
    policy = with_recipient(shipped, "marketing_partner", categories=())
    [finding] = found(policy, "recipient-without-categories")
    assert "'marketing_partner'" in finding.message


def test_recipient_receiving_data_none_of_its_purposes_uses_is_an_error(shipped: Policy) -> None:
    policy = with_recipient(
        shipped, "marketing_partner", categories=("account_identifier", "birth_date")
    )
    [finding] = found(policy, "recipient-beyond-purposes")
    assert "'birth_date'" in finding.message


def test_recipient_receiving_device_only_data_is_an_error(shipped: Policy) -> None:
    policy = with_purpose(shipped, "marketing", categories=("account_identifier", "contact_names"))
    policy = with_recipient(policy, "marketing_partner", categories=("contact_names",))
    [finding] = found(policy, "recipient-gets-device-data")
    assert "'contact_names'" in finding.message


def test_partner_receiving_data_without_consent_is_an_error(shipped: Policy) -> None:
    policy = with_recipient(shipped, "ticket_booking_partner", requires_consent=False)
    assert found(policy, "recipient-without-consent")


def test_affiliate_processing_on_our_behalf_needs_no_consent(shipped: Policy) -> None:
    assert not shipped.recipient("hosting_affiliate").requires_consent
    assert not found(shipped, "recipient-without-consent")


def test_permission_granting_data_its_purpose_does_not_use_is_an_error(shipped: Policy) -> None:
    policy = with_permission(shipped, "camera", categories=("avatar_photo", "user_files"))
    [finding] = found(policy, "permission-outside-purpose")
    assert "'camera'" in finding.message and "'user_files'" in finding.message


def test_published_text_calling_passwords_encrypted_is_an_error(shipped: Policy) -> None:
    policy = with_text(shipped, "8a", "Your account is protected by password encryption.")
    [finding] = found(policy, "password-said-encrypted")
    assert finding.clauses == ("8a",)


def test_chinese_text_calling_passwords_encrypted_is_an_error(shipped: Policy) -> None:
    policy = with_text(shipped, "8a", "Passwords are hashed.", "您的账号受密码加密保护。")
    assert found(policy, "password-said-encrypted")


def test_original_wording_saying_encryption_is_not_held_against_the_published_text(
    shipped: Policy,
) -> None:
    assert "encryption" in shipped.clause("8a").original
    assert not found(shipped, "password-said-encrypted")
