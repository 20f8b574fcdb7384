"""The keyed chain shared by the audit log and the disclosure ledger."""

from __future__ import annotations

from dataclasses import dataclass, replace

from jobexp.domain.chain import GENESIS, keyed_digest, verify_links

KEY = b"k" * 32


@dataclass(frozen=True)
class _Link:
    seq: int
    value: str
    prev_hash: str
    hash: str


def _reseal(link: _Link) -> str:
    return keyed_digest(KEY, {"seq": link.seq, "value": link.value, "prev": link.prev_hash})


def _chain(values: list[str]) -> list[_Link]:
    links, prev = [], GENESIS
    for seq, value in enumerate(values, start=1):
        link = _Link(seq, value, prev, "")
        link = replace(link, hash=_reseal(link))
        links.append(link)
        prev = link.hash
    return links


def test_an_intact_chain_verifies() -> None:
    links = _chain(["a", "b", "c"])
    assert verify_links(links, (3, links[-1].hash), _reseal) is None


def test_edited_content_is_named() -> None:
    links = _chain(["a", "b", "c"])
    links[1] = replace(links[1], value="B")
    broken = verify_links(links, (3, links[-1].hash), _reseal)
    assert broken is not None and broken.seq == 2


def test_the_digest_depends_on_the_key() -> None:
    assert keyed_digest(KEY, {"a": 1}) != keyed_digest(b"x" * 32, {"a": 1})


def test_a_truncated_tail_is_caught_by_the_head() -> None:
    links = _chain(["a", "b", "c"])
    broken = verify_links(links[:1], (3, links[-1].hash), _reseal)
    assert broken is not None and broken.seq == 2
