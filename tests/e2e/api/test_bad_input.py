"""Bad input on every POST endpoint: always a clear 4xx, never a 500, never a stored change."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobexp.clock import ManualClock
from jobexp.config import Settings
from jobexp.domain.throttle import Rule, ThrottlePolicy
from jobexp.service_layer.context import Services
from tests.e2e.api.helpers import (
    JSON,
    NEW_PASSWORD,
    PASSWORD,
    assert_clear_error,
    bearer,
    device_body,
    json_bytes,
    register_device,
    serve_services,
    sign_up,
    sign_up_body,
    stored_data_unchanged,
)

IDENTIFIER = "ann@example.com"
LIMIT = 64 * 1024
OUTDATED_VERSION = "0" * 64
# Bad input here is not guessing: a lenient throttle keeps the refusals about the input.
LENIENT = ThrottlePolicy(
    client=Rule(100_000, timedelta(minutes=15)),
    account=Rule(100_000, timedelta(minutes=15)),
    trusted=Rule(100_000, timedelta(minutes=15)),
)
FEW = settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def svc(settings: Settings, clock: ManualClock) -> Iterator[Services]:
    yield from serve_services(settings, clock, LENIENT)


@dataclass(frozen=True)
class Endpoint:
    """A POST endpoint with a body it accepts and one it refuses whatever else is changed."""

    path: str
    valid: dict[str, Any]
    refused: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)

    def post(self, client: httpx.Client, content: bytes, **headers: str) -> httpx.Response:
        return client.post(self.path, content=content, headers={**JSON, **self.headers, **headers})

    def string_fields(self) -> list[tuple[str, ...]]:
        """Paths of the string fields (the date of birth is a date, not text)."""
        return [p for p, v in _leaves(self.valid) if isinstance(v, str) and p != ("birth_date",)]


def _leaves(body: dict[str, Any], prefix: tuple[str, ...] = ()) -> Iterator[tuple[Any, Any]]:
    for key, value in body.items():
        if isinstance(value, dict):
            yield from _leaves(value, (*prefix, key))
        else:
            yield (*prefix, key), value


def replaced(body: dict[str, Any], path: tuple[str, ...], value: object) -> dict[str, Any]:
    changed = copy.deepcopy(body)
    target = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return changed


def without(body: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    changed = copy.deepcopy(body)
    target = changed
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return changed


@pytest.fixture
def endpoints(client: httpx.Client) -> list[Endpoint]:
    """Every POST endpoint, for an account with a registered device (whose token is used)."""
    sign_up(client, IDENTIFIER)
    token = register_device(client, IDENTIFIER)
    wrong = "not the password at all"
    return [
        Endpoint(
            "/api/v1/accounts",
            valid=sign_up_body(client, "bo@example.com"),
            refused=sign_up_body(client, "bo@example.com", accept_privacy_policy=OUTDATED_VERSION),
        ),
        Endpoint(
            "/api/v1/sessions",
            valid={"identifier": IDENTIFIER, "password": PASSWORD},
            refused={"identifier": IDENTIFIER, "password": wrong},
        ),
        Endpoint(
            "/api/v1/me/password",
            valid={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
            refused={"current_password": wrong, "new_password": NEW_PASSWORD},
            headers=bearer(token),
        ),
        Endpoint(
            "/api/v1/devices/register",
            valid=device_body(IDENTIFIER, device_id="b4" * 32),
            refused=device_body(IDENTIFIER, wrong, device_id="b4" * 32),
        ),
        Endpoint(
            "/api/v1/devices/login",
            valid=device_body(IDENTIFIER),
            refused=device_body(IDENTIFIER, wrong),
        ),
    ]


Attempt = tuple[Endpoint, bytes, dict[str, str]]  # where, what, and extra headers


def assert_all_refused(
    client: httpx.Client,
    svc: Services,
    requests: list[Attempt],
    status: int | None = None,
    code: str | None = None,
) -> list[dict[str, Any]]:
    errors = []
    with stored_data_unchanged(svc.database.engine):
        for endpoint, content, headers in requests:
            response = endpoint.post(client, content, **headers)
            errors.append(assert_clear_error(response, status, code))
    return errors


MALFORMED_JSON = [
    b"{",
    b'{"identifier": }',
    b"{'identifier': 'ann@example.com'}",
    b'{"identifier": "ann@example.com",}',
    b'{"a": 1}}',
    b"",
    b"\xff\xfe\x00{",
    b"[" * 5000 + b"]" * 5000,
]


def test_malformed_json_is_refused_clearly_everywhere(
    client: httpx.Client, svc: Services, endpoints: list[Endpoint]
) -> None:
    requests: list[Attempt] = [(e, raw, {}) for e in endpoints for raw in MALFORMED_JSON]

    errors = assert_all_refused(client, svc, requests)

    assert {e["code"] for e in errors} <= {"request.bad_json", "request.bad", "request.invalid"}


def test_a_body_sent_as_another_content_type_is_refused(
    client: httpx.Client, svc: Services, endpoints: list[Endpoint]
) -> None:
    requests: list[Attempt] = [
        (e, json_bytes(e.valid), {"content-type": kind})
        for e in endpoints
        for kind in ("text/plain", "application/x-www-form-urlencoded", "application/xml")
    ]

    assert_all_refused(client, svc, requests, 422, "request.invalid")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
not_objects = json_values.filter(lambda v: not isinstance(v, dict))


@FEW
@given(value=not_objects)
def test_a_json_body_that_is_not_an_object_is_refused(
    client: httpx.Client, svc: Services, endpoints: list[Endpoint], value: object
) -> None:
    requests: list[Attempt] = [(e, json_bytes(value), {}) for e in endpoints]

    assert_all_refused(client, svc, requests, 422, "request.invalid")


@FEW
@given(data=st.data(), value=json_values.filter(lambda v: not isinstance(v, str)))
def test_a_field_of_the_wrong_type_is_refused_and_named(
    client: httpx.Client,
    svc: Services,
    endpoints: list[Endpoint],
    data: st.DataObject,
    value: object,
) -> None:
    endpoint = data.draw(st.sampled_from(endpoints))
    path = data.draw(st.sampled_from(endpoint.string_fields()))

    [error] = assert_all_refused(
        client, svc, [(endpoint, json_bytes(replaced(endpoint.valid, path, value)), {})], 422
    )

    assert ".".join(path) in {f["field"] for f in error["fields"]}


def test_each_missing_field_is_refused_and_named(
    client: httpx.Client, svc: Services, endpoints: list[Endpoint]
) -> None:
    required = [(e, path) for e in endpoints for path, _ in _leaves(e.valid)]
    requests: list[Attempt] = [(e, json_bytes(without(e.valid, p)), {}) for e, p in required]

    errors = assert_all_refused(client, svc, requests, 422, "request.invalid")

    for (_, path), error in zip(required, errors, strict=True):
        assert {"field": ".".join(path), "problem": "Field required"} in error["fields"]


def test_an_oversize_body_with_content_length_is_refused_before_it_is_read(
    client: httpx.Client, svc: Services, endpoints: list[Endpoint]
) -> None:
    padding = "x" * LIMIT
    requests: list[Attempt] = [
        (e, json_bytes({**e.valid, "padding": padding}), {}) for e in endpoints
    ]

    errors = assert_all_refused(client, svc, requests, 413, "request.too_large")

    assert all(str(LIMIT) in e["message"] for e in errors)


def test_an_oversize_chunked_body_without_content_length_is_refused(
    client: httpx.Client, svc: Services, endpoints: list[Endpoint]
) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"padding": "'
        for _ in range(LIMIT // 1024 + 1):
            yield b"x" * 1024
        yield b'"}'

    with stored_data_unchanged(svc.database.engine):
        for endpoint in endpoints:
            response = client.post(
                endpoint.path, content=chunks(), headers={**JSON, **endpoint.headers}
            )
            assert "content-length" not in response.request.headers
            error = assert_clear_error(response, 413, "request.too_large")
            assert str(LIMIT) in error["message"]


@pytest.mark.parametrize(
    ("birth_date", "code"),
    [
        ("2023-02-30", "request.invalid"),
        ("2023-13-01", "request.invalid"),
        ("17/05/1990", "request.invalid"),
        ("1850-01-01", "birth_date.implausible"),
        ("2026-12-01", "birth_date.in_future"),  # the day after the test clock's today
        ("9999-12-31", "birth_date.in_future"),
    ],
)
def test_an_impossible_or_implausible_birth_date_is_refused(
    client: httpx.Client, svc: Services, birth_date: str, code: str
) -> None:
    body = sign_up_body(client, "bo@example.com", birth_date=birth_date)

    with stored_data_unchanged(svc.database.engine):
        response = client.post("/api/v1/accounts", json=body)

    assert_clear_error(response, 422, code)


CONTROL_CHARACTERS = ["\x00", "\x1b", "\x07", "\x7f", "\x85"]


def test_control_characters_in_any_string_field_are_refused(
    client: httpx.Client, svc: Services, endpoints: list[Endpoint]
) -> None:
    requests: list[Attempt] = [
        (e, json_bytes(replaced(e.valid, path, f"ab{ch}cdefghij")), {})
        for e in endpoints
        for path in e.string_fields()
        for ch in CONTROL_CHARACTERS
    ]

    assert_all_refused(client, svc, requests)


INJECTIONS = [
    "' OR 1=1 --",
    "ann@example.com' OR '1'='1",
    '"; DROP TABLE users; --',
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>@example.com",
    "{{7*7}}${7*7}",
    "../../../../etc/passwd",
]


def test_injection_strings_are_refused_and_never_echoed(
    client: httpx.Client, svc: Services, endpoints: list[Endpoint]
) -> None:
    with stored_data_unchanged(svc.database.engine):
        for endpoint in endpoints:
            for path in endpoint.string_fields():
                for text in INJECTIONS:
                    body = replaced(endpoint.refused, path, text)
                    response = endpoint.post(client, json_bytes(body))
                    assert_clear_error(response)
                    assert text not in response.text


def test_very_long_strings_are_refused(
    client: httpx.Client, svc: Services, endpoints: list[Endpoint]
) -> None:
    requests: list[Attempt] = [
        (e, json_bytes(replaced(e.valid, path, "x" * size)), {})
        for e in endpoints
        for path in e.string_fields()
        for size in (1025, 60_000)
    ]

    errors = assert_all_refused(client, svc, requests, 422, "request.invalid")

    assert all(e["fields"] for e in errors)


UNICODE_EDGE_CASES = [
    "\ud800",  # a lone surrogate: valid in JSON text, not encodable as UTF-8
    "a\udfffb",
    "\u202egnp.exe",  # right-to-left override
    "ann\u200b@example.com",  # zero-width space
    "\ufeffann@example.com",  # byte order mark
    "ann@exa\u0301mple.com",  # combining accent
    "ａｎｎ＠ｅｘａｍｐｌｅ．ｃｏｍ",  # full width
    "\U0001f469\u200d\U0001f469\u200d\U0001f467",  # one family emoji, five code points
    "\uffff\U0010ffff",  # noncharacters
    "İ" * 128,  # one character, two when lower-cased
    "ﬃ" * 128,  # one character, three when case-folded
]


def test_unicode_edge_cases_never_cause_a_server_error(
    client: httpx.Client, svc: Services, endpoints: list[Endpoint]
) -> None:
    requests: list[Attempt] = [
        (e, json_bytes(replaced(e.refused, path, text)), {})
        for e in endpoints
        for path in e.string_fields()
        for text in UNICODE_EDGE_CASES
    ]

    assert_all_refused(client, svc, requests)


@FEW
@given(data=st.data(), text=st.text(max_size=300))
def test_any_text_in_any_field_of_a_refused_body_stays_refused(
    client: httpx.Client,
    svc: Services,
    endpoints: list[Endpoint],
    data: st.DataObject,
    text: str,
) -> None:
    endpoint = data.draw(st.sampled_from(endpoints))
    path = data.draw(st.sampled_from(endpoint.string_fields()))

    assert_all_refused(
        client, svc, [(endpoint, json_bytes(replaced(endpoint.refused, path, text)), {})]
    )
