"""Contacts named in text bound for the server travel as references only the device resolves.

"remind me to call Zhang Wei at 5pm" is stored on the server as the task "call ⟨contact:
kqzvbmtd⟩": the server keeps it and reminds of it, the device shows "call Zhang Wei" again.
Each mention gets a fresh random reference, so the server cannot tell two tasks about one
person from tasks about two (1a, 1c; D9). What a reference stands for is kept in the local
store only; a reference the device does not know (another device's) is shown as it is.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping

from jobexp.device.guard import LocalSecrets
from jobexp.device.store import LocalStore

__all__ = ["REFERENCE", "redact", "resolve"]

# Consonants only: no digits (a run of them could look like a phone number to a guard) and
# no vowels (no word, so no name, can be spelled by chance).
ALPHABET = "bcdfghjkmnpqrstvwxz"
LENGTH = 8
REFERENCE = re.compile(rf"⟨contact:([{ALPHABET}]{{{LENGTH}}})⟩")


def redact(text: str, local: LocalSecrets, store: LocalStore) -> str:
    """`text` with every contact name in it replaced by a new reference, kept in `store`."""
    out = text
    for start, end in reversed(local.contact_spans(text)):
        ref = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        store.save_reference(ref, text[start:end])
        out = f"{out[:start]}⟨contact:{ref}⟩{out[end:]}"
    return out


def resolve(text: str, known: Mapping[str, str]) -> str:
    """`text` with every reference this device made back to what was said."""
    return REFERENCE.sub(lambda m: known.get(m[1], m[0]), text)
