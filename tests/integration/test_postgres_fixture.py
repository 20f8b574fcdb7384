"""The suite really runs on both backends."""

from __future__ import annotations

from jobexp.service_layer.context import Services


def test_each_backend_is_the_real_engine(svc: Services, backend: str) -> None:
    assert svc.database.engine.dialect.name == backend
