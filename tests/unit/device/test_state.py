"""The device directory: per-install secret, anonymized identifier, private files (D9)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from jobexp.device.state import DeviceSettings, DeviceState, NotInitialized, default_device_dir


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_install_secret_is_256_random_bits_readable_only_by_the_owner(tmp_path: Path) -> None:
    state = DeviceState(tmp_path / "dev")
    secret = state.install_secret()
    assert len(secret) == 32
    assert _mode(state.secret_file) == 0o600


def test_the_install_secret_is_kept_across_calls(tmp_path: Path) -> None:
    state = DeviceState(tmp_path)
    assert state.install_secret() == DeviceState(tmp_path).install_secret()


def test_the_device_identifier_is_64_hex_digits_stable_for_one_install(tmp_path: Path) -> None:
    state = DeviceState(tmp_path)
    state.install_secret()
    device_id = state.device_id()
    assert len(device_id) == 64 and int(device_id, 16) >= 0
    assert DeviceState(tmp_path).device_id() == device_id


def test_the_device_identifier_is_a_keyed_hash_not_the_secret_itself(tmp_path: Path) -> None:
    state = DeviceState(tmp_path)
    secret = state.install_secret()
    assert state.device_id() != secret.hex()


def test_two_installs_have_unlinkable_identifiers(tmp_path: Path) -> None:
    one, two = DeviceState(tmp_path / "one"), DeviceState(tmp_path / "two")
    one.install_secret()
    two.install_secret()
    assert one.device_id() != two.device_id()


def test_an_uninitialized_directory_has_no_identifier(tmp_path: Path) -> None:
    with pytest.raises(NotInitialized):
        DeviceState(tmp_path).device_id()


def test_settings_and_token_round_trip_in_private_files(tmp_path: Path) -> None:
    state = DeviceState(tmp_path)
    settings = DeviceSettings("http://127.0.0.1:1", "46000", "CN", "ann@example.com")
    state.save_settings(settings)
    state.save_token("tok")
    assert state.settings() == settings
    assert state.token() == "tok"
    assert _mode(state.settings_file) == 0o600 and _mode(state.token_file) == 0o600


def test_the_device_directory_comes_from_the_environment() -> None:
    assert default_device_dir({"JOBEXP_DEVICE_DIR": "/x/y"}) == Path("/x/y")
    assert default_device_dir({}).name == ".jobexp-device"
