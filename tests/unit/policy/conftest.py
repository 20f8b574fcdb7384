"""Fixtures for the policy tests: the shipped policy, and its raw data to break on purpose."""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path

import pytest
import yaml

from jobexp.policy import Policy, load_policy
from tests.unit.policy.rawdata import Raw


@cache
def _shipped_raw() -> Raw:
    text = resources.files("jobexp.policy").joinpath("policy.yaml").read_text(encoding="utf-8")
    data: Raw = yaml.safe_load(text)
    return data


@cache
def _shipped() -> Policy:
    return load_policy()


@pytest.fixture
def shipped() -> Policy:
    """The policy packaged with JobExp (frozen, so sharing one load is safe)."""
    return _shipped()


@pytest.fixture
def raw() -> Raw:
    """A private copy of the shipped policy's parsed YAML, to edit freely."""
    return copy.deepcopy(_shipped_raw())


@pytest.fixture
def write(tmp_path: Path) -> Callable[[Raw], Path]:
    """Write policy data to policy.yaml in a temporary folder and return its path."""

    def _write(data: Raw) -> Path:
        path = tmp_path / "policy.yaml"
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        return path

    return _write
