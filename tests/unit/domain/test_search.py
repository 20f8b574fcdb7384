"""Policy search and what of a query may be kept (3x-a, D13)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jobexp.domain.search import MASK, MAX_QUERY, Searchable, keyword_to_keep, search

CLAUSES = [
    Searchable("10", "clause-10", "Account deletion", "Deletion is completed within 3 days."),
    Searchable("7b", "clause-7b", "Cookies", "Essential cookies keep you signed in."),
    Searchable("10z", "clause-10z", "注销账号", "注销在 3 个中国工作日内完成。"),
]


def test_every_word_must_occur_in_the_title_or_text() -> None:
    assert [h.id for h in search(CLAUSES, "deletion days")] == ["10"]
    assert search(CLAUSES, "deletion cookies") == []


def test_matching_ignores_case() -> None:
    assert [h.id for h in search(CLAUSES, "COOKIES")] == ["7b"]


def test_chinese_is_matched_as_typed() -> None:
    assert [h.id for h in search(CLAUSES, "注销")] == ["10z"]


def test_an_empty_query_finds_nothing() -> None:
    assert search(CLAUSES, "   ") == []


def test_an_email_address_in_a_keyword_is_masked() -> None:
    assert keyword_to_keep("delete alice@example.com account") == f"delete {MASK} account"


def test_a_phone_number_in_a_keyword_is_masked() -> None:
    assert keyword_to_keep("注销 138 0013 8000") == f"注销 {MASK}"


def test_a_keyword_that_was_only_personal_data_is_not_kept() -> None:
    assert keyword_to_keep("13800138000") is None


def test_a_kept_keyword_is_capped_and_has_no_control_characters() -> None:
    kept = keyword_to_keep("cookies\x00\n" + "x" * 500)
    assert kept is not None and len(kept) <= MAX_QUERY and "\x00" not in kept


@given(st.text(max_size=300))
def test_search_never_fails_and_keeps_no_email(text: str) -> None:
    search(CLAUSES, text)
    kept = keyword_to_keep(text + " bob@example.org")
    assert kept is None or "bob@example.org" not in kept
