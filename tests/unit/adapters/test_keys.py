"""Master key file, data-key wrapping and field encryption."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from jobexp.adapters.keys import (
    FieldCipher,
    KeyUnusable,
    MasterKeyStore,
    load_or_create_master_key,
    new_data_key,
)


def test_master_key_file_is_created_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "data" / "master.key"
    load_or_create_master_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_master_key_is_stable_across_starts(tmp_path: Path) -> None:
    path = tmp_path / "master.key"
    assert load_or_create_master_key(path) == load_or_create_master_key(path)


def test_world_readable_master_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "master.key"
    load_or_create_master_key(path)
    path.chmod(0o644)
    with pytest.raises(KeyUnusable, match="chmod 600"):
        load_or_create_master_key(path)


def test_wrapped_key_unwraps_only_with_the_same_master() -> None:
    data_key = new_data_key()
    wrapped = MasterKeyStore(b"a" * 32).wrap(data_key)
    assert MasterKeyStore(b"a" * 32).unwrap(wrapped) == data_key
    with pytest.raises(KeyUnusable):
        MasterKeyStore(b"b" * 32).unwrap(wrapped)


def test_field_ciphertext_is_bound_to_user_and_field() -> None:
    key = new_data_key()
    ciphertext = FieldCipher(key, "u1").encrypt("identifier", "alice@example.com")
    assert FieldCipher(key, "u1").decrypt("identifier", ciphertext) == "alice@example.com"
    with pytest.raises(KeyUnusable):
        FieldCipher(key, "u2").decrypt("identifier", ciphertext)
    with pytest.raises(KeyUnusable):
        FieldCipher(key, "u1").decrypt("birth_date", ciphertext)


def test_derived_keys_differ_by_purpose() -> None:
    store = MasterKeyStore(b"a" * 32)
    assert store.derive("audit-seal") != store.derive("csrf")
