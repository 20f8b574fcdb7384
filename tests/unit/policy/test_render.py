"""The published policy's view and Markdown, in both languages, from the policy data."""

from __future__ import annotations

import dataclasses

import pytest

from jobexp.policy import Policy
from jobexp.policy.diff import diff
from jobexp.policy.loader import load_policy, parse_policy
from jobexp.policy.markdown import render_markdown
from jobexp.policy.render import build_view, period
from jobexp.types import Locale
from tests.support.policy_files import material_update

LOCALES: tuple[Locale, ...] = ("en", "zh-CN")


@pytest.mark.parametrize(
    ("days", "en", "zh"),
    [
        (1, "1 day", "1 天"),
        (90, "90 days", "90 天"),
        (183, "6 months (183 days)", "6 个月（183 天）"),
        (365, "1 year", "1 年"),
        (1095, "3 years", "3 年"),
    ],
)
def test_periods_read_as_people_say_them_and_stay_exact(days: int, en: str, zh: str) -> None:
    assert (period(days, "en"), period(days, "zh-CN")) == (en, zh)


@pytest.mark.parametrize(
    ("locale", "row"),
    [
        ("en", "| Access log | 6 months (183 days) | from collection | deleted | — |"),
        ("zh-CN", "| 访问日志 | 6 个月（183 天） | 自收集之日起 | 删除 | — |"),
    ],
)
def test_the_retention_table_has_a_row_per_server_category(
    shipped: Policy, locale: Locale, row: str
) -> None:
    view = build_view(shipped, locale)

    assert row in render_markdown(view)
    server = [c.id for c in shipped.categories if c.processed_on == "server"]
    assert [r.category_id for r in view.retention] == server


def test_a_purpose_specific_retention_is_shown_beside_the_default(shipped: Policy) -> None:
    rows = {r.category_id: r for r in build_view(shipped, "en").retention}

    assert rows["location_coarse"].period == "1 day"
    assert rows["location_coarse"].overrides == (
        "Task appointments: 1 year, from your last activity, then deleted",
    )


@pytest.mark.parametrize(
    ("locale", "recipient", "permission"),
    [
        (
            "en",
            "| Navigation provider | Third-party integration | Navigation | Voice recognition "
            "results, Coarse location, Saved places | Required: your separate consent naming "
            "this recipient | 2027-12-31 |",
            "| Approximate location | Weather | Coarse location | When you first ask for the "
            "weather where you are. |",
        ),
        (
            "zh-CN",
            "| 导航服务提供方 | 第三方服务集成 | 导航 | 语音识别结果、大致位置、保存的地点 | "
            "需要：须取得您指明该接收方的单独同意 | 2027-12-31 |",
            "| 大致位置 | 天气查询 | 大致位置 | 您首次查询所在地天气时。 |",
        ),
    ],
)
def test_recipients_and_permissions_are_listed(
    shipped: Policy, locale: Locale, recipient: str, permission: str
) -> None:
    text = render_markdown(build_view(shipped, locale))

    assert recipient in text
    assert permission in text
    assert len(build_view(shipped, locale).permissions) == len(shipped.permissions)


@pytest.mark.parametrize(
    ("locale", "word"), [("en", "argon2id hash"), ("zh-CN", "argon2id 单向哈希")]
)
def test_passwords_are_said_to_be_hashed_never_encrypted(
    shipped: Policy, locale: Locale, word: str
) -> None:
    text = render_markdown(build_view(shipped, locale))

    assert word in text
    assert "password encryption" not in text.lower() and "密码加密" not in text


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en", "Continued use of the service is never taken as acceptance of a material change."),
        ("zh-CN", "继续使用服务绝不视为同意重大变更。"),
    ],
)
def test_every_clause_is_published_with_its_anchor(
    shipped: Policy, locale: Locale, expected: str
) -> None:
    view = build_view(shipped, locale)
    clauses = [c for part in view.parts for c in part.clauses]

    assert [c.id for c in clauses] == [c.id for c in shipped.clauses]
    assert clauses[-1].anchor == "clause-11" and expected in clauses[-1].text
    assert '<a id="clause-8a"></a>' in render_markdown(view)


def test_the_version_label_hash_and_storage_region_are_shown(shipped: Policy) -> None:
    view = build_view(shipped, "en")

    assert (view.version, view.version_short) == (shipped.version, shipped.version[:12])
    assert view.storage_region == "the People's Republic of China (CN)"
    assert "No personal information is transferred outside" in view.cross_border
    assert f"`{shipped.version}`" in render_markdown(view)


def test_sensitive_and_device_only_categories_are_marked(shipped: Policy) -> None:
    rows = {c.id: c for c in build_view(shipped, "zh-CN").categories}

    assert rows["location_coarse"].sensitive and not rows["location_coarse"].on_device
    assert rows["calendar"].on_device and rows["calendar"].where == "仅在您的设备上，绝不上传"


def test_the_first_release_says_it_is_the_first(shipped: Policy) -> None:
    for locale, first in (("en", "first published version"), ("zh-CN", "首个发布版本")):
        view = build_view(shipped, locale)  # type: ignore[arg-type]
        assert first in view.update_summary and not view.changes
        assert view.notes  # the policy's own notes on this version


def _with_longer_location_retention(policy: Policy) -> Policy:
    category = policy.category("location_coarse")
    assert category.retention is not None
    longer = dataclasses.replace(
        category, retention=dataclasses.replace(category.retention, days=30)
    )
    return dataclasses.replace(
        policy,
        version_label="2027-01-15",
        categories=tuple(longer if c.id == longer.id else c for c in policy.categories),
    )


def test_a_material_updates_changes_are_listed_and_flagged(shipped: Policy) -> None:
    new = _with_longer_location_retention(shipped)
    changes = diff(shipped, new).changes

    en = build_view(
        new, "en", kind="material", changes=changes, affected={"weather"}, previous=shipped
    )
    zh = build_view(
        new, "zh-CN", kind="material", changes=changes, affected={"weather"}, previous=shipped
    )

    assert "continued use of the service is not taken as acceptance" in en.update_summary
    assert en.affected == ("Weather",) and zh.affected == ("天气查询",)
    longer = [c for c in en.changes if c.text.startswith("Kept longer: Coarse location")]
    assert longer and all(c.material for c in longer)
    assert any(c.text.startswith("保存期限延长：大致位置") for c in zh.changes)
    assert "needs your acceptance" in render_markdown(en)


def test_a_minor_update_says_it_took_effect_when_announced(shipped: Policy) -> None:
    view = build_view(shipped, "en", kind="minor", previous=shipped)

    assert "minor" in view.update_summary and "announced" in view.update_summary


def test_a_changes_specifics_are_named_in_the_readers_language() -> None:
    old = load_policy()
    new = parse_policy(material_update(), "policy.yaml")
    changes = diff(old, new).changes
    zh = build_view(new, "zh-CN", kind="material", changes=changes, previous=old)
    en = build_view(new, "en", kind="material", changes=changes, previous=old)
    zh_text = " ".join(row.text for row in zh.changes)
    en_text = " ".join(row.text for row in en.changes)
    assert "location_precise" not in zh_text and "location_precise" not in en_text
    assert new.category("location_precise").name.zh_CN in zh_text
    assert new.category("location_precise").name.en in en_text
