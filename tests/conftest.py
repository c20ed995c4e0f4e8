"""Shared fixtures: the shipped protocol pack and its checker, loaded once per session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from councilguard.checker import Checker, load_protocol

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SPEC_EXAMPLES = SHARED / "spec" / "examples.jsonl"


@pytest.fixture(scope="session")
def protocol():
    return load_protocol()


@pytest.fixture(scope="session")
def checker(protocol):
    return Checker(protocol)


def spec_examples() -> list[dict]:
    if not SPEC_EXAMPLES.exists():
        pytest.fail(f"{SPEC_EXAMPLES} is missing: the project expects shared/ beside the checkout")
    return [json.loads(line) for line in SPEC_EXAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()]
