"""The documents a user accepts, as pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_service_agreement_page_shows_its_title_once_and_its_lists_as_lists(page: Page) -> None:
    page.goto("/terms")

    expect(page.get_by_role("heading", level=1)).to_have_text("JobExp Service Agreement")
    expect(page.get_by_role("heading", name="2. Your account")).to_be_visible()
    first_item = page.locator("ol > li").first
    expect(first_item).to_have_text(
        "You register with an email address or a mainland China mobile number, a password "
        "and your date of birth. Please give true information and keep your password to yourself."
    )
