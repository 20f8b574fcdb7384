"""7b: with personalization cookies refused, every other feature still works (D11)."""

from __future__ import annotations

import pytest

from jobexp.service_layer.context import Services
from tests.conformance._browser_http import choose_personalization, csrf_token, plain_cookie_browser
from tests.support.factories import PASSWORD

pytestmark = pytest.mark.clause("7b")


def test_sign_up_account_and_privacy_center_work_with_personalization_refused(
    svc: Services,
) -> None:
    with plain_cookie_browser(svc) as browser:
        choose_personalization(browser, on=False)
        docs = browser.get("/api/v1/documents").json()
        signed_up = browser.post(
            "/signup",
            data={
                "csrf_token": csrf_token(browser, "/signup"),
                "identifier": "lin@example.com",
                "password": PASSWORD,
                "birth_date": "1991-02-03",
                "accept_service_agreement": docs["service_agreement"],
                "accept_privacy_policy": docs["privacy_policy"],
            },
        )
        assert signed_up.url.path == "/account" and "lin@example.com" in signed_up.text
        for path in ("/account", "/privacy-center", "/privacy-center/consents", "/privacy"):
            assert browser.get(path).status_code == 200
        assert "jx_recent" not in browser.cookies
