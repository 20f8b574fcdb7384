"""The device agent's composition root: its directory, local store, outbound client, agent.

Tests swap the HTTP transport here (to record what leaves), nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

import httpx

from jobexp.device.agent import Agent
from jobexp.device.errors import BadDeviceFacts
from jobexp.device.guard import LocalSecrets
from jobexp.device.outbound import Outbound
from jobexp.device.state import DeviceSettings, DeviceState
from jobexp.device.store import LocalStore
from jobexp.domain.devices import DeviceFacts
from jobexp.domain.errors import InvalidInput

__all__ = ["Device"]


@dataclass
class Device:
    """One device directory, with the parts built from it on demand."""

    state: DeviceState
    transport: httpx.BaseTransport | None = None

    @contextmanager
    def store(self) -> Iterator[LocalStore]:
        store = LocalStore(self.state.store_file)
        try:
            yield store
        finally:
            store.close()

    def outbound(self, store: LocalStore, server: str | None = None) -> Outbound:
        """The one client to the server, guarding against everything `store` holds."""
        base = server or self.state.settings().server
        secrets = LocalSecrets.of(store.contacts(), store.events())
        return Outbound(base, secrets, token=self.state.token(), transport=self.transport)

    def register(
        self,
        server: str,
        identifier: str,
        password: str,
        network_code: str,
        country_code: str,
    ) -> DeviceSettings:
        """Create the install secret, register the anonymized id, keep the token (1a, 9a)."""
        try:
            DeviceFacts("0" * 64, network_code, country_code)
        except InvalidInput as exc:
            raise BadDeviceFacts(exc.message_key) from exc
        self.state.install_secret()
        settings = DeviceSettings(server.rstrip("/"), network_code, country_code, identifier)
        with self.store() as store, self.outbound(store, settings.server) as out:
            answer = out.call("device.register", body=self._login_body(settings, password))
            out.token = str(answer["token"])
            self.state.save_token(out.token)
            me: dict[str, Any] = out.call("me") or {}
        settings = replace(
            settings,
            time_zone=str(me.get("time_zone") or settings.time_zone),
            locale=str(me.get("locale") or settings.locale),
        )
        self.state.save_settings(settings)
        return settings

    def log_in(self, password: str) -> None:
        """A new session for this registered device (after the token expired)."""
        settings = self.state.settings()
        with self.store() as store, self.outbound(store) as out:
            answer = out.call("device.login", body=self._login_body(settings, password))
        self.state.save_token(str(answer["token"]))

    def decide_consent(self, purpose: str, recipient: str | None, decision: str) -> None:
        """Give or withdraw one consent (the server names what each covers)."""
        body = {"purpose": purpose, "recipient": recipient, "decision": decision}
        with self.store() as store, self.outbound(store) as out:
            out.call("consents.decide", body=body)

    def sync_places(self) -> dict[str, str]:
        """Cache the labels of the user's saved places, so commands can name them."""
        with self.store() as store, self.outbound(store) as out:
            rows = out.call("places.list") or []
        places = {str(row["label"]): str(row["id"]) for row in rows}
        for row in rows:  # "weather at home" names the home place whatever its label
            if row.get("kind") in {"home", "work"}:
                places.setdefault(str(row["kind"]), str(row["id"]))
        self.state.save_places(places)
        return places

    def _login_body(self, settings: DeviceSettings, password: str) -> dict[str, Any]:
        return {
            "identifier": settings.identifier,
            "password": password,
            "device": {
                "device_id": self.state.device_id(),
                "network_code": settings.network_code,
                "country_code": settings.country_code,
            },
        }

    @contextmanager
    def agent(self, confirm: Callable[[str], bool] = lambda notice: False) -> Iterator[Agent]:
        """An agent over the local store; the server client is made only if a command needs it."""
        with self.store() as store:
            clients: list[Outbound] = []

            def server() -> Outbound:
                clients.append(self.outbound(store))
                return clients[-1]

            try:
                yield Agent(store, server, places=self.state.places(), confirm=confirm)
            finally:
                for client in clients:
                    client.close()
