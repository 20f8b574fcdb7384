"""4b: a third party acting beyond its grant loses access at once; termination is recorded."""

from __future__ import annotations

from datetime import date

import pytest

from jobexp.domain.errors import Forbidden, NotAuthenticated
from jobexp.service_layer import partners
from jobexp.service_layer.context import Services
from tests.support.factories import API, sign_up
from tests.support.governance import add_staff, audit_rows, grant_consent

pytestmark = pytest.mark.clause("4b")


def _issue(svc: Services) -> partners.IssuedGrant:
    return partners.create_grant(
        svc, add_staff(svc, "administrator"), recipient="marketing_partner",
        purpose="marketing", categories=("account_identifier",), ends_on=date(2027, 5, 1),
    )  # fmt: skip


def test_a_category_outside_the_grant_is_refused_and_audited(svc: Services) -> None:
    user = sign_up(svc)
    grant_consent(svc, user, "marketing", "marketing_partner")
    grant = partners.grant_for_key(svc, _issue(svc).api_key, API)
    with pytest.raises(Forbidden):
        partners.share_with_partner(svc, grant, user, ("location_coarse",), API)
    assert ("partner:api:denied", "denied") in audit_rows(svc)


def test_termination_for_misuse_ends_access_at_once_and_asks_for_a_deletion_attestation(
    svc: Services,
) -> None:
    issued = _issue(svc)
    admin = add_staff(svc, "administrator", "admin2@jobexp.example")
    partners.terminate(svc, admin, issued.grant.id, "Sold the data to a broker")
    with pytest.raises(NotAuthenticated):
        partners.grant_for_key(svc, issued.api_key, API)
    [view] = partners.grants_page(svc, admin, 1)[0]
    assert view.termination_reason == "Sold the data to a broker"
    assert view.attestation_requested_at is not None
    assert ("partner:grant:terminated", "success") in audit_rows(svc)
