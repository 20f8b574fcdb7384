"""7c: what cookies collect is handled by the policy: personalization only with consent."""

from __future__ import annotations

import pytest

from jobexp.service_layer.context import Services
from tests.conformance._browser_http import choose_personalization, plain_cookie_browser

pytestmark = pytest.mark.clause("7c")


def test_no_personalization_cookie_is_written_before_the_visitor_opts_in(svc: Services) -> None:
    with plain_cookie_browser(svc) as browser:
        for path in ("/", "/privacy", "/terms"):
            browser.get(path)
        assert "jx_recent" not in browser.cookies


def test_the_personalization_cookie_is_written_only_while_on_and_deleted_at_once(
    svc: Services,
) -> None:
    with plain_cookie_browser(svc) as browser:
        choose_personalization(browser, on=True)
        browser.get("/privacy")
        assert "jx_recent" in browser.cookies
        choose_personalization(browser, on=False)
        assert "jx_recent" not in browser.cookies
