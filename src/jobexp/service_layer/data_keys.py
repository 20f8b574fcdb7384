"""Opening a user's own data key inside a unit of work, to encrypt or read their content.

The wrapped key comes from the key vault, not the database (D7); the unit of work is where
the purpose check opened the account's categories, which the vault requires.
"""

from __future__ import annotations

from collections.abc import Sequence

from jobexp.adapters.keys import FieldCipher
from jobexp.adapters.repositories import Accounts, UserRow
from jobexp.domain.errors import NotFound
from jobexp.domain.purposes import Access
from jobexp.policy.ids import CategoryId, PurposeId
from jobexp.service_layer.context import Services
from jobexp.service_layer.unit_of_work import UnitOfWork
from jobexp.types import UserId

__all__ = ["USER_KEY", "cipher_for", "missing_accounts", "open_account", "require_account"]

# Opening the key is reading the account, whose categories the policy files it under.
USER_KEY = Access(PurposeId.ACCOUNT, (CategoryId.ACCOUNT_IDENTIFIER,), "read")


def cipher_for(svc: Services, user_id: UserId) -> FieldCipher:
    """Inside a unit of work whose purpose check allowed USER_KEY (the vault requires it)."""
    wrapped = svc.vault.get(user_id)
    if wrapped is None:
        raise NotFound("account.not_found")
    return FieldCipher(svc.keys.unwrap(wrapped), user_id)


def open_account(svc: Services, uow: UnitOfWork, user_id: UserId) -> tuple[UserRow, FieldCipher]:
    """The account and the cipher of its fields; NotFound if either is gone."""
    user = uow.get(Accounts).get(user_id)
    if user is None:
        raise NotFound("account.not_found")
    return user, cipher_for(svc, user_id)


def missing_accounts(uow: UnitOfWork, user_ids: Sequence[str]) -> list[str]:
    """Which of these user IDs have no account, sorted; inside a unit of work whose purpose
    check allowed reading account_identifier. Staff actions naming users check this before
    they write anything."""
    return sorted(set(user_ids) - uow.get(Accounts).existing(user_ids)) if user_ids else []


def require_account(uow: UnitOfWork, user_id: UserId) -> None:
    """NotFound unless the account exists (see `missing_accounts`)."""
    if missing_accounts(uow, (user_id,)):
        raise NotFound("account.not_found")
