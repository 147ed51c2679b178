"""Shared fixtures for the protocol tests: the committed vectors and the test keys."""

from __future__ import annotations

from typing import Any

import pytest

from protocol import SigningKey
from protocol.vectors import load


@pytest.fixture(scope="session")
def valid_vectors() -> list[dict[str, Any]]:
    return load("valid.json")


@pytest.fixture(scope="session")
def invalid_vectors() -> list[dict[str, Any]]:
    return load("invalid.json")


@pytest.fixture(scope="session")
def keys() -> dict[str, SigningKey]:
    return {k["name"]: SigningKey(bytes.fromhex(k["seed"])) for k in load("keys.json")}
