"""1.1: information is used only for the purposes the policy lists."""

from __future__ import annotations

import pytest

from jobexp.domain.purposes import Access, PurposeDenied, PurposeRules
from jobexp.service_layer.context import Services
from tests.conformance.conftest import TODAY

pytestmark = pytest.mark.clause("1.1")


def test_a_purpose_the_policy_does_not_list_is_refused(rules: PurposeRules) -> None:
    decision = rules.decide(Access("ad_targeting", ("account_identifier",)), None, TODAY)
    assert (decision.allowed, decision.reason) == (False, "purpose.unknown")


def test_a_listed_purpose_may_not_use_data_it_does_not_declare(rules: PurposeRules) -> None:
    decision = rules.decide(Access("security_logging", ("birth_date",)), None, TODAY)
    assert (decision.allowed, decision.reason) == (False, "purpose.category_not_allowed")


def test_the_service_refuses_an_undeclared_use_before_touching_data(svc: Services) -> None:
    with pytest.raises(PurposeDenied), svc.uow(Access("ad_targeting", ("account_identifier",))):
        pass
