"""Keys: a master key, per-user data keys wrapped by it, and purpose-bound derived keys.

The embedded default keeps the master key in a file created on first start with mode 0600;
production can put a KMS behind the same `KeyStore` contract. Destroying a user's wrapped
data key makes every copy of that user's encrypted fields (backups and replicas included)
unreadable.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32
NONCE_BYTES = 12


class KeyUnusable(Exception):
    """A key could not be used: wrong master key, or tampered ciphertext."""


class KeyStore(Protocol):
    def derive(self, purpose: str) -> bytes:
        """A stable key for one purpose (audit seal, pseudonyms, blind index, CSRF)."""
        ...

    def wrap(self, data_key: bytes) -> bytes: ...

    def unwrap(self, wrapped: bytes) -> bytes: ...


class MasterKeyStore:
    """A KeyStore whose root is one 256-bit master key held in memory."""

    def __init__(self, master_key: bytes) -> None:
        if len(master_key) != KEY_BYTES:
            raise KeyUnusable("the master key must be 32 bytes")
        self._master = master_key
        self._kek = AESGCM(self.derive("key-encryption"))

    def derive(self, purpose: str) -> bytes:
        hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=purpose.encode())
        return hkdf.derive(self._master)

    def wrap(self, data_key: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._kek.encrypt(nonce, data_key, b"jobexp/data-key")

    def unwrap(self, wrapped: bytes) -> bytes:
        try:
            return self._kek.decrypt(
                wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], b"jobexp/data-key"
            )
        except InvalidTag as exc:
            raise KeyUnusable("a data key failed to unwrap") from exc


def load_or_create_master_key(path: Path) -> bytes:
    """Read the master key file, creating it (mode 0600, never overwritten) if absent."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_master_key(path)
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(KEY_BYTES) + "\n")
    return _read_master_key(path)


def _read_master_key(path: Path) -> bytes:
    if path.stat().st_mode & 0o077:
        raise KeyUnusable(f"{path} must be readable by its owner only (chmod 600)")
    try:
        key = bytes.fromhex(path.read_text().strip())
    except ValueError as exc:
        raise KeyUnusable(f"{path} does not hold a hex-encoded key") from exc
    if len(key) != KEY_BYTES:
        raise KeyUnusable(f"{path} must hold a 256-bit key")
    return key


class FieldCipher:
    """Encrypts one user's fields with that user's data key, bound to user and field name."""

    def __init__(self, data_key: bytes, user_id: str) -> None:
        self._aead = AESGCM(data_key)
        self._user_id = user_id

    def encrypt(self, field: str, plaintext: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, plaintext.encode(), self._aad(field))

    def decrypt(self, field: str, ciphertext: bytes) -> str:
        try:
            plain = self._aead.decrypt(
                ciphertext[:NONCE_BYTES], ciphertext[NONCE_BYTES:], self._aad(field)
            )
        except InvalidTag as exc:
            raise KeyUnusable(f"field {field} failed to decrypt") from exc
        return plain.decode()

    def _aad(self, field: str) -> bytes:
        return f"{self._user_id}/{field}".encode()


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


class Pseudonymizer:
    """Keyed hashes: stable, unlinkable without the key, one key per purpose."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def __call__(self, value: str) -> str:
        return hmac.new(self._key, value.encode(), hashlib.sha256).hexdigest()

    def short(self, value: str) -> str:
        return self(value)[:32]
