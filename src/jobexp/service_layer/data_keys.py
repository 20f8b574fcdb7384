"""Opening a user's own data key inside a unit of work, to encrypt or read their content."""

from __future__ import annotations

from jobexp.adapters.keys import FieldCipher
from jobexp.domain.errors import NotFound
from jobexp.domain.purposes import Access
from jobexp.service_layer.context import Services
from jobexp.service_layer.unit_of_work import UnitOfWork

__all__ = ["USER_KEY", "cipher_for"]

# The wrapped data key sits in user_keys, which the policy files under the account's data.
USER_KEY = Access("account", ("account_identifier",), "read")


def cipher_for(svc: Services, uow: UnitOfWork, user_id: str) -> FieldCipher:
    wrapped = uow.accounts.wrapped_key(user_id)
    if wrapped is None:
        raise NotFound("account.not_found")
    return FieldCipher(svc.keys.unwrap(wrapped), user_id)
