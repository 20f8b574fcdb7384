"""The outbound client: only declared routes, fields and headers leave, and nothing local."""

from __future__ import annotations

import json

import httpx
import pytest

from jobexp.device.errors import OutboundRefused, ServerError, ServerUnreachable, SessionExpired
from jobexp.device.guard import LocalSecrets
from jobexp.device.model import Contact
from jobexp.device.outbound import Outbound
from tests.support.net import free_port

SECRETS = LocalSecrets.of([Contact("1", "Zhang Wei", ("+8613800138000",), ("Family",))], [])
DEVICE = {"device_id": "a3" * 32, "network_code": "46000", "country_code": "CN"}


class Recorder:
    """Answers every request with `status` and keeps what was sent (what we cannot run here
    is nothing: the live server is used by the e2e tests; this checks what is refused)."""

    def __init__(self, status: int = 200, payload: object = None) -> None:
        self.requests: list[httpx.Request] = []
        self.status = status
        self.payload = payload

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(self.status, json=self.payload)


def _client(recorder: Recorder, token: str | None = "tok") -> Outbound:
    return Outbound(
        "http://jobexp.test", SECRETS, token=token, transport=httpx.MockTransport(recorder)
    )


def test_a_declared_request_is_sent_with_its_fields_and_bearer_token() -> None:
    recorder = Recorder(payload={"ok": True})
    answer = _client(recorder).call("tasks.create", body={"title": "buy milk", "due_at": "x"})
    assert answer == {"ok": True}
    (sent,) = recorder.requests
    assert json.loads(sent.content) == {"title": "buy milk", "due_at": "x"}
    assert sent.headers["authorization"] == "Bearer tok"


def test_a_field_outside_the_allow_list_is_refused_and_nothing_sent() -> None:
    recorder = Recorder()
    with pytest.raises(OutboundRefused, match="imei"):
        _client(recorder).call(
            "device.register",
            body={"identifier": "a@b.c", "password": "p", "device": {**DEVICE, "imei": "1"}},
        )
    assert recorder.requests == []


def test_a_query_parameter_outside_the_allow_list_is_refused() -> None:
    recorder = Recorder()
    with pytest.raises(OutboundRefused, match="query field 'contact'"):
        _client(recorder).call("tasks.list", query={"contact": "x"})
    assert recorder.requests == []


def test_a_contact_name_inside_an_allowed_field_is_refused() -> None:
    recorder = Recorder()
    with pytest.raises(OutboundRefused, match="contact name"):
        _client(recorder).call("tasks.create", body={"title": "call Zhang Wei", "due_at": "x"})
    assert recorder.requests == []


def test_an_undeclared_route_is_refused() -> None:
    with pytest.raises(OutboundRefused):
        _client(Recorder()).call("contacts.upload", body={})


def test_an_undeclared_header_is_refused_on_the_wire() -> None:
    client = _client(Recorder())
    request = httpx.Request("GET", "http://jobexp.test/api/v1/me", headers={"x-imei": "1"})
    with pytest.raises(OutboundRefused, match="x-imei"):
        client._last_check(request)


def test_the_users_own_identifier_may_log_in_even_when_it_is_in_the_address_book() -> None:
    recorder = Recorder(payload={"token": "t"})
    body = {"identifier": "13800138000", "password": "p", "device": DEVICE}
    _client(recorder, token=None).call("device.login", body=body)
    assert len(recorder.requests) == 1


def test_a_401_means_the_session_expired() -> None:
    with pytest.raises(SessionExpired):
        _client(Recorder(status=401)).call("me")


def test_no_token_means_no_signed_in_request_is_attempted() -> None:
    recorder = Recorder()
    with pytest.raises(SessionExpired):
        _client(recorder, token=None).call("me")
    assert recorder.requests == []


def test_a_server_error_carries_its_code_and_message() -> None:
    payload = {"error": {"code": "invalid_input", "message": "bad", "fields": []}}
    with pytest.raises(ServerError) as raised:
        _client(Recorder(status=422, payload=payload)).call("tasks.list")
    assert (raised.value.status, raised.value.code) == (422, "invalid_input")


def test_an_unreachable_server_is_reported_as_such() -> None:
    client = Outbound(f"http://127.0.0.1:{free_port()}", SECRETS, token="t", timeout=2)
    with pytest.raises(ServerUnreachable):
        client.call("me")


def test_a_device_id_holding_fifteen_luhn_valid_digits_still_registers() -> None:
    recorder = Recorder(payload={"token": "t"})
    device_id = "ab490154203237518c" + "d" * 46  # the hex a keyed hash may produce
    body = {"identifier": "a@b.c", "password": "p", "device": {**DEVICE, "device_id": device_id}}
    _client(recorder, token=None).call("device.register", body=body)
    assert len(recorder.requests) == 1


def test_a_saved_place_id_is_sent_as_the_opaque_id_it_is() -> None:
    recorder = Recorder(payload={"days": []})
    _client(recorder).call("weather", body={"place_id": "13800138000aa"})
    assert len(recorder.requests) == 1
