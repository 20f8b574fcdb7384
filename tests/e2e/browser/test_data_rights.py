"""Seeing, downloading and correcting one's data in the privacy center, in both languages (D18),
and the discontinuation notice (2b, D17)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from jobexp.i18n import translate
from jobexp.service_layer import accounts, discontinuation
from jobexp.service_layer.context import RequestContext, Services
from jobexp.types import Locale
from tests.e2e.browser.conftest import Screenshot
from tests.e2e.browser.flows import (
    SHANGHAI_TIME,
    SHANGHAI_TIME_ZH,
    on_path,
    sign_in,
    submit,
    use_chinese,
)

pytestmark = pytest.mark.browser
BOTH: list[Locale] = ["en", "zh-CN"]


def _t(locale: Locale, key: str, **params: object) -> str:
    return translate(key, locale, **params)


def test_the_export_page_needs_a_signed_in_user(page: Page) -> None:
    page.goto("/privacy-center/export")
    expect(page).to_have_url(on_path("/login?next=/privacy-center/export"))


@pytest.mark.parametrize("locale", BOTH)
def test_the_export_page_shows_each_item_with_why_and_until_when(
    page: Page, svc: Services, screenshot: Screenshot, locale: Locale
) -> None:
    sign_in(page, svc, "reader@example.com")
    if locale == "zh-CN":
        use_chinese(page, "/privacy-center")
    else:
        page.goto("/privacy-center")
    page.get_by_role("main").get_by_role(
        "link", name=_t(locale, "export.title"), exact=True
    ).click()

    expect(page).to_have_url(on_path("/privacy-center/export"))
    expect(page.get_by_role("heading", level=1)).to_have_text(_t(locale, "export.title"))
    account = page.get_by_test_id("export-account")
    expect(account.get_by_role("heading")).to_have_text(_t(locale, "export.section.account"))
    expect(account).to_contain_text("reader@example.com")
    expect(account.get_by_test_id("why")).to_contain_text(
        "Your account" if locale == "en" else "账号服务"
    )
    expect(account.get_by_test_id("until")).to_have_text(
        SHANGHAI_TIME if locale == "en" else SHANGHAI_TIME_ZH
    )
    sessions = page.get_by_test_id("export-sessions")
    expect(sessions.get_by_role("columnheader", name=_t(locale, "export.field.retained_until")))
    expect(page.get_by_test_id("export-disclosures").get_by_test_id("empty")).to_have_text(
        _t(locale, "export.nothing")
    )
    screenshot(page, f"export-{locale}")


@pytest.mark.parametrize("locale", BOTH)
def test_the_withheld_password_is_explained_in_the_page_language(
    page: Page, svc: Services, locale: Locale
) -> None:
    sign_in(page, svc, "hasher@example.com")
    if locale == "zh-CN":
        use_chinese(page, "/privacy-center/export")
    else:
        page.goto("/privacy-center/export")
    expect(page.get_by_test_id("export-account")).to_contain_text(
        _t(locale, "export.withheld.one_way_hash")
    )


@pytest.mark.parametrize("locale", BOTH)
def test_the_download_is_the_machine_readable_export(
    page: Page, svc: Services, tmp_path: Path, locale: Locale
) -> None:
    sign_in(page, svc, "keeper@example.com")
    if locale == "zh-CN":
        use_chinese(page, "/privacy-center/export")
    else:
        page.goto("/privacy-center/export")
    with page.expect_download() as downloading:
        page.get_by_test_id("export-download").click()
    download = downloading.value
    assert download.suggested_filename == "jobexp-export.json"
    saved = tmp_path / "export.json"
    download.save_as(saved)
    body = json.loads(saved.read_text(encoding="utf-8"))
    assert body["format"] == "jobexp-export/1"
    assert body["sections"]["account"]["items"][0]["identifier"] == "keeper@example.com"
    assert body["sections"]["account"]["retention"]["days"] == 1095


@pytest.mark.parametrize("locale", BOTH)
def test_correcting_the_time_zone_changes_it_and_times_follow(
    page: Page, svc: Services, screenshot: Screenshot, locale: Locale
) -> None:
    user_id = sign_in(page, svc, "mover@example.com")
    if locale == "zh-CN":
        use_chinese(page, "/privacy-center/correct")
    else:
        page.goto("/privacy-center/correct")
    expect(page.get_by_role("heading", level=1)).to_have_text(_t(locale, "correction.title"))
    page.get_by_label(_t(locale, "correction.time_zone_label"), exact=True).fill("Europe/Berlin")
    response = submit(page, _t(locale, "correction.submit"), "/privacy-center/correct")

    assert response.status == 303
    expect(page.get_by_test_id("message")).to_have_text(_t(locale, "correction.saved"))
    assert accounts.profile(svc, user_id).time_zone == "Europe/Berlin"
    page.goto("/privacy-center/export")
    expect(page.get_by_test_id("export-account").get_by_test_id("until")).to_contain_text("CET")
    screenshot(page, f"correct-{locale}")


@pytest.mark.parametrize("locale", BOTH)
def test_a_malformed_time_zone_is_refused_clearly_and_nothing_changes(
    page: Page, svc: Services, locale: Locale
) -> None:
    user_id = sign_in(page, svc, "typo@example.com")
    if locale == "zh-CN":
        use_chinese(page, "/privacy-center/correct")
    else:
        page.goto("/privacy-center/correct")
    page.get_by_label(_t(locale, "correction.time_zone_label"), exact=True).fill("Mars/Base")
    response = submit(page, _t(locale, "correction.submit"), "/privacy-center/correct")

    assert response.status == 422
    expect(page.get_by_test_id("error")).to_have_text(_t(locale, "time_zone.unknown"))
    assert accounts.profile(svc, user_id).time_zone == "Asia/Shanghai"


def test_choosing_another_language_as_a_correction_switches_the_pages(
    page: Page, svc: Services
) -> None:
    user_id = sign_in(page, svc, "polyglot@example.com")
    page.goto("/privacy-center/correct")
    page.get_by_label("Language", exact=True).select_option("zh-CN")
    submit(page, "Save correction", "/privacy-center/correct")

    expect(page.get_by_test_id("message")).to_have_text(_t("zh-CN", "correction.saved"))
    assert accounts.profile(svc, user_id).locale == "zh-CN"


def test_a_discontinuation_is_announced_on_every_page_and_detailed_in_the_privacy_center(
    page: Page, svc: Services, screenshot: Screenshot
) -> None:
    sign_in(page, svc, "last@example.com")
    discontinuation.announce(svc, 30, RequestContext(None, "cli"))
    page.goto("/privacy-center")
    expect(page.get_by_test_id("discontinuation-notice")).to_contain_text(SHANGHAI_TIME)
    screenshot(page, "discontinuation-en")
    # Every page shows the banner once the process has re-read the announcement (<= 5 s).
    banner = page.get_by_test_id("discontinuation-banner")
    for _ in range(8):
        page.goto("/")
        if banner.count():
            break
        page.wait_for_timeout(1000)
    expect(banner).to_be_visible()
