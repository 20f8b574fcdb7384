"""The storage region (2a, 6; D5): personal data is stored only in the policy's region."""

from __future__ import annotations


class StoreOutsideRegion(Exception):
    """The personal-data store is configured outside the region the policy declares."""


def check_store_region(store_region: str | None, policy_region: str) -> None:
    """Refuse to start when JOBEXP_STORE_REGION names another region than the policy's."""
    if store_region is not None and store_region != policy_region.upper():
        raise StoreOutsideRegion(
            f"the personal-data store is in {store_region} but the privacy policy stores "
            f"personal information only in {policy_region} (JOBEXP_STORE_REGION; clause 2a, D5)"
        )
