"""The policy model: its content hash, its lookups, and what the shipped data must say."""

from __future__ import annotations

import dataclasses
import random
import re
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobexp.policy import LocalizedText, Policy, UnknownId, parse_policy
from tests.unit.policy.rawdata import Raw

CJK = re.compile(r"[\u4e00-\u9fff]")
SLOW = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def shuffled(value: Any, rng: random.Random) -> Any:
    """The same data with every mapping's keys in a random order (lists keep their order)."""
    if isinstance(value, dict):
        keys = list(value)
        rng.shuffle(keys)
        return {key: shuffled(value[key], rng) for key in keys}
    if isinstance(value, list):
        return [shuffled(item, rng) for item in value]
    return value


def localized_texts(value: object) -> list[LocalizedText]:
    """Every LocalizedText anywhere inside a policy."""
    if isinstance(value, LocalizedText):
        return [value]
    if isinstance(value, tuple):
        return [text for item in value for text in localized_texts(item)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [
            t for f in dataclasses.fields(value) for t in localized_texts(getattr(value, f.name))
        ]
    return []


def test_version_is_a_sha256_hex_digest(shipped: Policy) -> None:
    assert re.fullmatch(r"[0-9a-f]{64}", shipped.version)


@SLOW
@given(rng=st.randoms(use_true_random=False))
def test_version_does_not_depend_on_the_order_of_keys(raw: Raw, rng: random.Random) -> None:
    reordered = yaml.safe_dump(shuffled(raw, rng), allow_unicode=True, sort_keys=False)
    original = yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)
    assert parse_policy(reordered, "a.yaml").version == parse_policy(original, "b.yaml").version


@SLOW
@given(index=st.integers(0, 41), extra=st.text(min_size=1).filter(str.strip))
def test_version_changes_when_any_clause_wording_changes(
    shipped: Policy, index: int, extra: str
) -> None:
    clause = shipped.clauses[index]
    reworded = dataclasses.replace(clause, text=dataclasses.replace(clause.text, en=extra))
    clauses = (*shipped.clauses[:index], reworded, *shipped.clauses[index + 1 :])
    changed = dataclasses.replace(shipped, clauses=clauses)
    assert (changed.version == shipped.version) == (clause.text.en == extra)


def test_version_changes_when_a_retention_period_changes(shipped: Policy) -> None:
    category = shipped.category("access_log")
    assert category.retention is not None
    longer = dataclasses.replace(category.retention, days=category.retention.days + 1)
    edited = dataclasses.replace(category, retention=longer)
    categories = tuple(edited if c.id == "access_log" else c for c in shipped.categories)
    assert dataclasses.replace(shipped, categories=categories).version != shipped.version


def test_allows_only_the_categories_a_purpose_declares(shipped: Policy) -> None:
    assert shipped.allows("weather", "location_coarse")
    assert not shipped.allows("weather", "location_precise")


def test_allows_refuses_an_unknown_purpose_instead_of_raising(shipped: Policy) -> None:
    assert not shipped.allows("mind_reading", "location_coarse")


def test_lookup_of_an_unknown_id_raises_unknown_id(shipped: Policy) -> None:
    with pytest.raises(UnknownId, match="no category 'imei'"):
        shipped.category("imei")


def test_retention_for_a_purpose_overrides_the_category_default(shipped: Policy) -> None:
    default = shipped.retention_for("location_coarse")
    for_tasks = shipped.retention_for("location_coarse", "task_appointments")
    assert default is not None and default.days == 1
    assert for_tasks is not None and for_tasks.days == 365


def test_retention_for_a_purpose_without_override_falls_back_to_the_default(
    shipped: Policy,
) -> None:
    assert shipped.retention_for("location_coarse", "weather") == shipped.retention_for(
        "location_coarse"
    )


def test_every_localized_field_has_chinese_and_english_text(shipped: Policy) -> None:
    texts = localized_texts(shipped)
    assert len(texts) > 2 * len(shipped.clauses)
    assert all(CJK.search(t.zh_CN) for t in texts), [t.en for t in texts if not CJK.search(t.zh_CN)]
    assert not any(CJK.search(t.en) for t in texts)


def test_location_identity_financial_biometric_and_minors_data_are_sensitive(
    shipped: Policy,
) -> None:
    sensitive = {c.id for c in shipped.sensitive_categories()}
    assert {"location_coarse", "location_precise", "minors_data"} <= sensitive


def test_contacts_calendar_and_call_log_never_leave_the_device(shipped: Policy) -> None:
    device_only = {c.id for c in shipped.categories if c.processed_on == "device"}
    assert device_only == {"contact_names", "calendar", "call_log"}


def test_search_keywords_and_access_log_are_not_linked_to_an_account(shipped: Policy) -> None:
    unlinked = {c.id for c in shipped.categories if not c.linked_to_account}
    assert unlinked == {"search_keywords", "access_log"}


def test_access_and_security_logs_are_kept_six_months_then_deleted(shipped: Policy) -> None:
    for category_id in ("access_log", "audit_log"):
        retention = shipped.retention_for(category_id)
        assert retention is not None and (retention.days, retention.then) == (183, "delete")


def test_location_for_weather_needs_separate_consent(shipped: Policy) -> None:
    assert shipped.purpose("weather").legal_basis == "separate_consent"


def test_each_spec_permission_is_bound_to_its_one_purpose(shipped: Policy) -> None:
    bound = {p.id: p.purpose for p in shipped.permissions}
    assert bound["device_info"] == "login_security"
    assert bound["photos_media_files"] == "file_storage"
    assert bound["phone_call_log"] == "support_callback"
    assert bound["camera"] == "avatar"


def test_storage_region_is_china_with_no_transfer_mechanism_by_default(shipped: Policy) -> None:
    assert shipped.region.storage == "CN"
    assert shipped.region.cross_border_mechanisms == ()


def test_published_password_clause_says_hashing(shipped: Policy) -> None:
    text = shipped.clause("8a").text
    assert "argon2id" in text.en and "argon2id" in text.zh_CN
    assert "encrypt" not in text.en.lower() and "加密" not in text.zh_CN
