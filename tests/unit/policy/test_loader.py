"""Loading the policy file: every structural error names the file, the place and the problem."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from jobexp.policy import (
    Policy,
    PolicyError,
    load_policy,
    load_service_agreement,
    service_agreement_version,
)
from jobexp.policy.ids import ClauseId
from tests.unit.policy.rawdata import Raw, entry, index_of

Write = Callable[[Raw], Path]


def load_error(path: Path) -> str:
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    return str(caught.value)


def test_shipped_policy_loads_with_every_clause_in_document_order(shipped: Policy) -> None:
    assert shipped.clause_ids == tuple(ClauseId)


def test_the_specification_has_forty_two_clause_ids() -> None:
    assert len(ClauseId) == 42 and len(set(ClauseId)) == 42


def test_loading_an_explicit_path_gives_the_same_policy_as_the_packaged_default(
    raw: Raw, write: Write, shipped: Policy
) -> None:
    assert load_policy(write(raw)).version == shipped.version


def test_yaml_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("version_label: '2026'\nregion: [CN\n", encoding="utf-8")
    assert re.match(r"broken\.yaml: line \d+: not valid YAML", load_error(path))


def test_repeated_key_in_one_mapping_is_refused_not_silently_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("version_label: a\nversion_label: b\n", encoding="utf-8")
    message = load_error(path)
    assert message.startswith("policy.yaml: line 2: not valid YAML")
    assert "duplicate key 'version_label'" in message


def test_top_level_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("- just\n- a list\n", encoding="utf-8")
    assert load_error(path) == "policy.yaml: expected a mapping, got a list"


def test_invalid_legal_basis_names_the_purpose_and_lists_the_allowed_bases(
    raw: Raw, write: Write
) -> None:
    entry(raw, "purposes", "weather")["legal_basis"] = "maybe"
    i = index_of(raw, "purposes", "weather")
    assert load_error(write(raw)) == (
        f"policy.yaml: purposes[{i}] (weather).legal_basis: 'maybe' is not one of consent, "
        "separate_consent, contract, legal_obligation, vital_interest, public_interest, "
        "already_public"
    )


def test_unknown_key_is_reported_with_the_keys_that_are_allowed(raw: Raw, write: Write) -> None:
    entry(raw, "categories", "calendar")["retension"] = {"days": 1}
    i = index_of(raw, "categories", "calendar")
    message = load_error(write(raw))
    assert message.startswith(f"policy.yaml: categories[{i}] (calendar).retension: unknown key")
    assert "retention" in message


def test_missing_required_key_is_named(raw: Raw, write: Write) -> None:
    del entry(raw, "recipients", "marketing_partner")["requires_consent"]
    i = index_of(raw, "recipients", "marketing_partner")
    assert load_error(write(raw)) == (
        f"policy.yaml: recipients[{i}] (marketing_partner): missing required key 'requires_consent'"
    )


def test_wrong_type_is_reported_with_what_was_found(raw: Raw, write: Write) -> None:
    entry(raw, "categories", "location_precise")["sensitive"] = "yes"
    i = index_of(raw, "categories", "location_precise")
    assert load_error(write(raw)) == (
        f"policy.yaml: categories[{i}] (location_precise).sensitive: "
        "expected true or false, got a string"
    )


def test_missing_chinese_text_is_a_load_error(raw: Raw, write: Write) -> None:
    del entry(raw, "purposes", "avatar")["name"]["zh-CN"]
    i = index_of(raw, "purposes", "avatar")
    assert load_error(write(raw)) == (
        f"policy.yaml: purposes[{i}] (avatar).name: missing required key 'zh-CN'"
    )


def test_purpose_using_an_unknown_category_is_refused(raw: Raw, write: Write) -> None:
    entry(raw, "purposes", "weather")["categories"] = ["location_coarse", "locaton_precise"]
    i = index_of(raw, "purposes", "weather")
    assert load_error(write(raw)) == (
        f"policy.yaml: purposes[{i}] (weather).categories[1]: unknown category 'locaton_precise'"
    )


def test_recipient_serving_an_unknown_purpose_is_refused(raw: Raw, write: Write) -> None:
    entry(raw, "recipients", "navigation_provider")["purposes"] = ["navigate"]
    i = index_of(raw, "recipients", "navigation_provider")
    assert load_error(write(raw)) == (
        f"policy.yaml: recipients[{i}] (navigation_provider).purposes[0]: "
        "unknown purpose 'navigate'"
    )


def test_retention_for_an_unknown_purpose_is_refused(raw: Raw, write: Write) -> None:
    entry(raw, "categories", "location_coarse")["retention_by_purpose"] = {"nowhere": {"days": 3}}
    i = index_of(raw, "categories", "location_coarse")
    assert load_error(write(raw)) == (
        f"policy.yaml: categories[{i}] (location_coarse).retention_by_purpose.nowhere: "
        "unknown purpose 'nowhere'"
    )


def test_cross_border_purpose_must_exist(raw: Raw, write: Write) -> None:
    raw["region"]["cross_border"]["purpose"] = "export"
    assert load_error(write(raw)) == (
        "policy.yaml: region.cross_border.purpose: unknown purpose 'export'"
    )


def test_unknown_transfer_mechanism_is_refused(raw: Raw, write: Write) -> None:
    raw["region"]["cross_border"]["mechanisms"] = ["handshake"]
    message = load_error(write(raw))
    assert message.startswith("policy.yaml: region.cross_border.mechanisms[0]: 'handshake' is not")


def test_duplicate_id_names_both_places(raw: Raw, write: Write) -> None:
    raw["purposes"].append(dict(entry(raw, "purposes", "weather")))
    last, first = len(raw["purposes"]) - 1, index_of(raw, "purposes", "weather")
    assert load_error(write(raw)) == (
        f"policy.yaml: purposes[{last}] (weather).id: duplicate id 'weather' "
        f"(also purposes[{first}] (weather))"
    )


def test_category_listed_twice_in_one_purpose_is_refused(raw: Raw, write: Write) -> None:
    entry(raw, "purposes", "weather")["categories"] = ["location_coarse", "location_coarse"]
    message = load_error(write(raw))
    assert message.endswith(".categories[1]: 'location_coarse' is listed twice")


def test_permission_bound_to_two_purposes_is_refused(raw: Raw, write: Write) -> None:
    entry(raw, "permissions", "camera")["purpose"] = ["avatar", "file_storage"]
    i = index_of(raw, "permissions", "camera")
    assert load_error(write(raw)) == (
        f"policy.yaml: permissions[{i}] (camera).purpose: "
        "a permission is bound to exactly one purpose, got 2"
    )


def test_permission_bound_to_an_unknown_purpose_is_refused(raw: Raw, write: Write) -> None:
    entry(raw, "permissions", "camera")["purpose"] = "selfies"
    i = index_of(raw, "permissions", "camera")
    assert load_error(write(raw)) == (
        f"policy.yaml: permissions[{i}] (camera).purpose: unknown purpose 'selfies'"
    )


def test_missing_clause_ids_are_listed(raw: Raw, write: Write) -> None:
    del raw["clauses"]["3x-b"], raw["clauses"]["10"]
    assert load_error(write(raw)) == "policy.yaml: clauses: missing clause ids: 3x-b, 10"


def test_clause_id_not_in_the_specification_is_refused(raw: Raw, write: Write) -> None:
    raw["clauses"]["12"] = raw["clauses"]["11"]
    assert load_error(write(raw)) == "policy.yaml: clauses: unknown clause id '12'"


def test_clause_id_written_as_a_number_is_refused_with_a_hint_to_quote_it(
    raw: Raw, write: Write
) -> None:
    raw["clauses"][2.0] = raw["clauses"].pop("2.0")
    assert load_error(write(raw)) == "policy.yaml: clauses: key 2.0 must be text (quote it)"


def test_clause_naming_an_unknown_decision_is_refused(raw: Raw, write: Write) -> None:
    raw["clauses"]["10"]["decisions"] = ["D7", "D19"]
    assert load_error(write(raw)) == "policy.yaml: clauses.10.decisions[1]: unknown decision 'D19'"


def test_enforcer_outside_the_code_base_is_refused(raw: Raw, write: Write) -> None:
    raw["clauses"]["8a"]["enforced_by"] = ["os.system"]
    message = load_error(write(raw))
    assert message.startswith("policy.yaml: clauses.8a.enforced_by[0]: 'os.system' is not a dotted")


@pytest.mark.parametrize("days", [0, -183])
def test_retention_period_must_be_positive(raw: Raw, write: Write, days: int) -> None:
    entry(raw, "categories", "access_log")["retention"]["days"] = days
    i = index_of(raw, "categories", "access_log")
    assert load_error(write(raw)) == (
        f"policy.yaml: categories[{i}] (access_log).retention.days: must be positive, got {days}"
    )


def test_retention_end_must_be_delete_or_anonymize(raw: Raw, write: Write) -> None:
    entry(raw, "categories", "audit_log")["retention"]["then"] = "archive"
    i = index_of(raw, "categories", "audit_log")
    assert load_error(write(raw)) == (
        f"policy.yaml: categories[{i}] (audit_log).retention.then: "
        "'archive' is not one of delete, anonymize"
    )


def test_publication_date_must_be_a_date(raw: Raw, write: Write) -> None:
    raw["published"] = "soon"
    assert load_error(write(raw)) == (
        "policy.yaml: published: expected a date like 2026-11-29, got a string"
    )


def test_service_agreement_is_published_in_english_and_chinese() -> None:
    assert load_service_agreement("en").startswith("# JobExp Service Agreement")
    assert load_service_agreement("zh-CN").startswith("# JobExp 服务协议")


def test_service_agreement_in_an_unpublished_language_is_refused() -> None:
    with pytest.raises(PolicyError, match="no service agreement in 'fr'"):
        load_service_agreement("fr")  # type: ignore[arg-type]


def test_service_agreement_version_is_a_sha256_hex_digest() -> None:
    assert re.fullmatch(r"[0-9a-f]{64}", service_agreement_version())


def test_region_without_cross_border_section_loads_with_no_transfer_allowed(
    raw: Raw, write: Write
) -> None:
    del raw["region"]["cross_border"]
    region = load_policy(write(raw)).region
    assert (region.cross_border_mechanisms, region.cross_border_purpose) == ((), None)


def test_storage_region_must_be_a_two_letter_code(raw: Raw, write: Write) -> None:
    raw["region"]["storage"] = "China"
    assert load_error(write(raw)) == (
        "policy.yaml: region.storage: 'China' is not a two-letter region code like CN"
    )


def test_version_label_written_as_a_bare_date_gets_a_hint_to_quote_it(
    raw: Raw, write: Write
) -> None:
    raw["version_label"] = raw["published"]
    assert load_error(write(raw)) == (
        "policy.yaml: version_label: expected non-empty text, "
        "got the date 2026-11-29 (quote it if it is text)"
    )
