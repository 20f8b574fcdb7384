"""The guard's shortcut for accesses that need no user's choices."""

from __future__ import annotations

from jobexp.domain.purposes import Access
from jobexp.service_layer import policy_updates
from jobexp.service_layer.context import RequestContext, Services
from tests.support.policy_files import Data, edited

ACCOUNT = (Access("account", ("account_identifier",)),)
WEATHER = (Access("weather", ("location_coarse",)),)


def test_contract_purposes_need_no_users_choices(svc: Services) -> None:
    assert svc.guard.allows_without_user(ACCOUNT)


def test_a_consent_purpose_always_needs_the_users_choices(svc: Services) -> None:
    assert not svc.guard.allows_without_user(WEATHER)


def _account_uses_country_code(data: Data) -> None:
    next(p for p in data["purposes"] if p["id"] == "account")["categories"].append("country_code")


def test_a_material_update_to_a_purpose_ends_the_shortcut_for_it(svc: Services) -> None:
    assert svc.guard.allows_without_user(ACCOUNT)
    cli = RequestContext(None, "cli")
    policy_updates.publish(svc, edited(_account_uses_country_code), "policy.yaml", cli)
    # Each user must now have accepted the update: the guard needs the user's choices.
    assert not svc.guard.allows_without_user(ACCOUNT)
