"""Finding the presented token in raw ASGI headers."""

from __future__ import annotations

from jobexp.entrypoints.security import token_in_headers

COOKIE = "__Host-jx_session"


def test_a_bearer_token_is_found() -> None:
    assert token_in_headers([(b"authorization", b"Bearer abc")], COOKIE) == "abc"


def test_the_bearer_scheme_is_case_insensitive() -> None:
    assert token_in_headers([(b"authorization", b"bearer abc")], COOKIE) == "abc"


def test_the_bearer_token_wins_over_the_session_cookie() -> None:
    headers = [(b"cookie", f"{COOKIE}=fromcookie".encode()), (b"authorization", b"Bearer x")]
    assert token_in_headers(headers, COOKIE) == "x"


def test_the_session_cookie_is_used_without_a_bearer_token() -> None:
    headers = [(b"cookie", f"other=1; {COOKIE}=s3ss10n".encode())]
    assert token_in_headers(headers, COOKIE) == "s3ss10n"


def test_another_scheme_is_no_token() -> None:
    assert token_in_headers([(b"authorization", b"Basic dXNlcjpwYXNz")], COOKIE) is None


def test_an_empty_bearer_falls_back_to_the_cookie() -> None:
    headers = [(b"authorization", b"Bearer  "), (b"cookie", f"{COOKIE}=c".encode())]
    assert token_in_headers(headers, COOKIE) == "c"


def test_a_cookie_of_another_name_is_no_token() -> None:
    assert token_in_headers([(b"cookie", b"jx_session=plain")], COOKIE) is None
