"""Fixtures for the archive tests: the small archives in tests/data/archives (rebuilt by
its build.py), the real public mbox in ../shared/data, and a parse context."""

from __future__ import annotations

from pathlib import Path

import pytest

from councilguard.archive.items import ParseContext, RawItem, SkipMessage, Skipped

ARCHIVES = Path(__file__).resolve().parents[1] / "data" / "archives"
REAL_MBOX = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "mail" / "spamassassin-public-corpus.mbox"


@pytest.fixture(scope="session")
def archives() -> Path:
    return ARCHIVES


@pytest.fixture(scope="session")
def real_mbox() -> Path:
    if not REAL_MBOX.exists():
        pytest.fail(f"{REAL_MBOX} is missing: the project expects shared/ beside the checkout")
    return REAL_MBOX


@pytest.fixture
def ctx(protocol) -> ParseContext:
    return ParseContext(protocol=protocol)


def parse_all(split, parse, ctx: ParseContext, path: Path) -> tuple[list, list]:
    """Every message in an archive as (parsed messages, skip reasons)."""
    parsed, skipped = [], []
    for item in split(path):
        if isinstance(item, Skipped):
            skipped.append(item.reason)
            continue
        assert isinstance(item, RawItem)
        try:
            message = parse(item, ctx)
        except SkipMessage as exc:
            skipped.append(str(exc))
            continue
        # As the scan's worker does: notes from cutting the archive come first.
        message.notes[:0] = item.notes
        parsed.append(message)
    return parsed, skipped
