"""1c: the calendar is read and managed on the device only; the server refuses it."""

from __future__ import annotations

import pytest

from jobexp.domain.purposes import Access, PurposeDenied
from jobexp.service_layer.context import Services

pytestmark = pytest.mark.clause("1c")


@pytest.mark.parametrize("action", ["read", "write"])
def test_the_service_refuses_to_touch_calendar_data(svc: Services, action: str) -> None:
    access = Access("calendar", ("calendar",), action)  # type: ignore[arg-type]

    with pytest.raises(PurposeDenied) as refused, svc.uow(access):
        pass

    assert refused.value.decision.reason == "purpose.device_only"
