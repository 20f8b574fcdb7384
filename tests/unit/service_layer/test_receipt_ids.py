"""Deletion receipt ids: long, random, and safe to type after a command."""

from __future__ import annotations

from jobexp.service_layer.deletion import new_receipt_id


def test_a_receipt_id_never_starts_with_a_dash() -> None:
    # One id in 64 would without the check: 2,000 draws miss it with odds of about 1e-14.
    assert not any(new_receipt_id().startswith("-") for _ in range(2000))


def test_a_receipt_id_carries_256_random_bits() -> None:
    ids = {new_receipt_id() for _ in range(100)}
    assert len(ids) == 100
    assert all(len(receipt) == 43 for receipt in ids)
