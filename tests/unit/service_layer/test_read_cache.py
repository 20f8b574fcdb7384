"""The read cache serves an entry only while the database's change counter is unchanged."""

from __future__ import annotations

from jobexp.service_layer.read_cache import ReadCache


class Counter:
    def __init__(self) -> None:
        self.value = 1

    def version(self) -> int:
        return self.value

    def close(self) -> None:
        self.value = 0


def test_an_entry_is_served_while_nothing_was_committed() -> None:
    cache: ReadCache[str] = ReadCache(Counter())
    cache.put("k", cache.version(), "answer")
    assert cache.get("k", cache.version()) == "answer"


def test_any_commit_makes_every_entry_stale() -> None:
    counter = Counter()
    cache: ReadCache[str] = ReadCache(counter)
    cache.put("k", cache.version(), "answer")
    counter.value += 1
    assert cache.get("k", cache.version()) is None


def test_without_a_watch_nothing_is_kept() -> None:
    cache: ReadCache[str] = ReadCache(None)
    cache.put("k", cache.version(), "answer")
    assert cache.get("k", cache.version()) is None


def test_the_oldest_entries_go_first_beyond_the_bound() -> None:
    cache: ReadCache[str] = ReadCache(Counter(), max_entries=2)
    for key in ("a", "b", "c"):
        cache.put(key, 1, key)
    assert [cache.get(k, 1) for k in ("a", "b", "c")] == [None, "b", "c"]
