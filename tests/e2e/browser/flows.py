"""What a person does on the pages, in either language, and the facts the tests check."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from playwright.sync_api import Page, Response, expect
from sqlalchemy import func, select

from jobexp.adapters.tables import users
from jobexp.domain.purposes import Access, PurposeDenied
from jobexp.i18n import translate
from jobexp.service_layer import accounts, consents
from jobexp.service_layer.context import RequestContext, Services
from jobexp.types import Locale, UserId
from tests.support.assistant_fixtures import grant
from tests.support.governance import STAFF_PASSWORD

PASSWORD = "violet stapler morning"
# The suite's clock stands at 2026-11-30, so these ages hold for every run.
ADULT_BIRTH_DATE = "1990-04-12"
MINOR_BIRTH_DATE = "2011-06-01"  # 15
CHILD_BIRTH_DATE = "2016-03-15"  # 10
# Any time the pages show, in the default time zone; never a particular wall-clock time.
SHANGHAI_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} \(CST\)")
SHANGHAI_TIME_ZH = re.compile(r"\d{4}年\d{2}月\d{2}日 \d{2}:\d{2}（CST）")


@dataclass(frozen=True)
class Guardian:
    name: str = "王芳"
    contact: str = "13900139000"
    relationship: str = "parent"
    consents: bool = True


def on_path(path: str) -> re.Pattern[str]:
    """Match a page URL by its path (and query), whatever the test server's port."""
    return re.compile(rf"^http://127\.0\.0\.1:\d+{re.escape(path)}$")


def fill_sign_up(
    page: Page,
    identifier: str,
    *,
    password: str = PASSWORD,
    birth_date: str = ADULT_BIRTH_DATE,
    guardian: Guardian | None = None,
    locale: Locale = "en",
) -> None:
    """Open the sign-up page and fill it in, accepting both documents; do not submit."""

    def t(key: str) -> str:
        return translate(key, locale)

    page.goto("/signup")
    page.get_by_label(t("field.identifier"), exact=True).fill(identifier)
    page.get_by_label(t("field.password"), exact=True).fill(password)
    page.get_by_label(t("field.birth_date"), exact=True).fill(birth_date)
    if guardian is not None:
        page.get_by_label(t("field.guardian_name"), exact=True).fill(guardian.name)
        page.get_by_label(t("field.guardian_contact"), exact=True).fill(guardian.contact)
        relationship = page.get_by_label(t("field.guardian_relationship"), exact=True)
        relationship.select_option(label=t(f"guardian.{guardian.relationship}"))
        if guardian.consents:
            page.get_by_role("checkbox", name=t("signup.guardian_consents")).check()
    for before, document in (
        ("signup.accept_terms_before", "nav.terms"),
        ("signup.accept_privacy_before", "nav.privacy"),
    ):
        name = f"{t(before)} {t(document)}"
        page.get_by_role("checkbox", name=name, exact=True).check()


def submit(page: Page, button: str, path: str) -> Response:
    """Click a form's submit button; return the response to the POST it sends.

    The page may still be loading what follows: assert on it with `expect`, which waits.
    """
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url.endswith(path)
    ) as posted:
        page.get_by_role("button", name=button, exact=True).click()
    return posted.value


def submit_sign_up(page: Page, locale: Locale = "en") -> Response:
    return submit(page, translate("signup.submit", locale), "/signup")


def log_in(page: Page, identifier: str, password: str, locale: Locale = "en") -> Response:
    page.goto("/login")
    page.get_by_label(translate("field.identifier", locale), exact=True).fill(identifier)
    page.get_by_label(translate("field.password", locale), exact=True).fill(password)
    return submit(page, translate("login.submit", locale), "/login")


def register(
    svc: Services, identifier: str, password: str = PASSWORD, birth_date: str = ADULT_BIRTH_DATE
) -> UserId:
    """An account made through the service layer (adult unless told), for tests that start at
    login; a minor's comes with the guardian's consent."""
    guardian = Guardian()
    command = accounts.SignUp(
        identifier=identifier,
        password=password,
        birth_date=date.fromisoformat(birth_date),
        service_agreement_version=svc.documents.service_agreement,
        privacy_policy_version=svc.documents.privacy_policy,
        guardian=None
        if birth_date == ADULT_BIRTH_DATE
        else accounts.GuardianConsent(guardian.name, guardian.contact, "parent", agrees=True),
    )
    return accounts.sign_up(svc, command, RequestContext(client_ip="127.0.0.1", channel="web"))


def stored_accounts(svc: Services) -> int:
    with svc.database.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(users)).scalar_one())


# -- Privacy center, cookie banner, policy pop-up --------------------------------------------

RECENT_COOKIE = "__Host-jx_recent"
PREFERENCES_COOKIE = "__Host-jx_prefs"


def use_chinese(page: Page, path: str = "/") -> None:
    page.goto(f"/lang/zh-CN?next={path}")


def cookie_names(page: Page) -> set[str]:
    return {c["name"] for c in page.context.cookies()}


def choose_personalization(page: Page, on: bool, locale: Locale = "en") -> Response:
    """Click one of the cookie banner's two buttons (or the cookie settings page's)."""
    button = translate("cookies.allow" if on else "cookies.refuse", locale)
    return submit(page, button, "/preferences/personalization")


def sign_in(
    page: Page, svc: Services, identifier: str, birth_date: str = ADULT_BIRTH_DATE
) -> UserId:
    """Register through the service layer, log in through the page; return the user's id."""
    user_id = register(svc, identifier, birth_date=birth_date)
    log_in(page, identifier, PASSWORD)
    return user_id


def allowed(svc: Services, access: Access, user_id: UserId) -> bool:
    """Whether the purpose check lets `access` about this user through now."""
    try:
        with svc.uow(access, subject=user_id, readonly=True):
            return True
    except PurposeDenied:
        return False


def consent_decision(
    svc: Services, user_id: UserId, purpose: str, recipient: str | None = None
) -> str:
    """The decision on record for one consent ("none" if never asked), read as the service does."""
    for status in consents.statuses(svc, user_id):
        if status.option.purpose == purpose and status.option.recipient == recipient:
            return status.decision or "none"
    raise LookupError(f"no consent {purpose}/{recipient}")


def console_log_in(page: Page, email: str) -> None:
    """Sign a member of staff in to the console (password: tests.support.governance's)."""
    page.goto("/console/login")
    page.get_by_label("Work email").fill(email)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    submit(page, "Log in", "/console/login")
    expect(page.get_by_test_id("console-member")).to_contain_text(email)


ASSISTANT_CONSENTS = (
    ("weather", None),
    ("task_appointments", None),
    ("navigation_share", "navigation_provider"),
    ("ticket_booking_share", "ticket_booking_partner"),
)


def open_assistant(
    page: Page, svc: Services, locale: Locale = "en", *, consents_given: bool = True
) -> UserId:
    """Sign in a member (with every assistant consent, unless told not to) on /assistant."""
    user_id = sign_in(page, svc, "member@example.com")
    for purpose, recipient in ASSISTANT_CONSENTS if consents_given else ():
        grant(svc, user_id, purpose, recipient)
    if locale == "zh-CN":
        use_chinese(page, "/assistant")
    else:
        page.goto("/assistant")
    return user_id
