"""Fuzzing every field of the contract (issue 11, item 5): whatever a caller sends, the
checker answers a Result or a DraftError naming a field, and ``check --batch`` writes one
Result per line, in order, and never dies. Example counts are kept modest for CI."""

from __future__ import annotations

import io
import json
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from councilguard.checker.draft import ACCOUNTS, CHANNELS, PLATFORMS, Draft, DraftError
from councilguard.checker.engine import default_checker
from councilguard.cli.main import main

# Anything JSON can carry, lone surrogates, huge and negative numbers included.
ANY_TEXT = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=()), max_size=40)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT, inner, max_size=3),
    max_leaves=8,
)
DATETIMES = st.one_of(
    st.datetimes().map(lambda d: d.isoformat()),
    st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
    ANY_TEXT,
)


def _field(good: st.SearchStrategy) -> st.SearchStrategy:
    """A field's value: mostly plausible, sometimes anything at all."""
    return st.one_of(good, JSON_VALUES)


STRINGS = st.lists(ANY_TEXT, max_size=3)
DRAFTS = st.fixed_dictionaries(
    {"text": _field(st.text(min_size=1, max_size=200))},
    optional={
        "id": _field(ANY_TEXT | st.integers()),
        "subject": _field(ANY_TEXT),
        "channel": _field(st.sampled_from(CHANNELS)),
        "account": _field(st.sampled_from(ACCOUNTS)),
        "platform": _field(st.sampled_from(PLATFORMS)),
        "sender": _field(st.emails() | ANY_TEXT),
        "recipients": _field(st.fixed_dictionaries({}, optional={"to": STRINGS, "cc": STRINGS, "bcc": STRINGS})),
        "reply_all": _field(st.booleans()),
        "forwarded": _field(st.booleans()),
        "attachments": _field(
            st.lists(
                st.fixed_dictionaries(
                    {"name": _field(ANY_TEXT)},
                    optional={"content_type": ANY_TEXT, "size": st.integers(), "source": ANY_TEXT},
                ),
                max_size=2,
            )
        ),
        "images": _field(
            st.lists(
                st.fixed_dictionaries(
                    {"source": _field(ANY_TEXT | st.just("http://[::1"))}, optional={"credit": ANY_TEXT}
                ),
                max_size=2,
            )
        ),
        "sent_at": _field(DATETIMES),
        "author": _field(ANY_TEXT),
        "bio": _field(ANY_TEXT),
        "meetings_attending": _field(
            st.lists(st.fixed_dictionaries({"name": ANY_TEXT, "start": DATETIMES, "end": DATETIMES}), max_size=2)
        ),
        "committees": _field(STRINGS),
        "pre_election": _field(st.booleans()),
        "unknown": JSON_VALUES,
    },
)

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(DRAFTS)
def test_any_draft_is_checked_or_refused_naming_a_field(obj):
    try:
        draft = Draft.from_dict(obj)
    except DraftError as exc:
        assert exc.field and exc.problem
        return
    result = default_checker().check(draft)
    out = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert out["verdict"] in ("ok", "review", "do-not-send")
    for finding in out["findings"]:
        for span in finding["spans"]:
            assert draft.text[span["start"] : span["end"]] == span["text"]


def _line(obj: object) -> bytes:
    # ensure_ascii keeps lone surrogates as \\ud800 escapes, as a hostile client sends them.
    return json.dumps(obj).encode("ascii")


@FUZZ
@given(st.lists(DRAFTS | JSON_VALUES | st.binary(max_size=30), min_size=1, max_size=4))
def test_check_batch_answers_every_line_in_order_and_never_dies(tmp_path_factory, items):
    lines = [item if isinstance(item, bytes) else _line(item) for item in items]
    lines = [line.replace(b"\n", b" ").replace(b"\r", b" ") for line in lines]
    lines = [line if line.strip() else b"{}" for line in lines]
    path = tmp_path_factory.mktemp("batch") / "in.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    out = io.StringIO()
    real, sys.stdout = sys.stdout, out
    try:
        code = main(["check", "--batch", str(path)])
    finally:
        sys.stdout = real
    results = [json.loads(r) for r in out.getvalue().splitlines()]
    assert len(results) == len(lines)
    assert code in (0, 1)
    for result in results:
        assert ("error" in result) != ("verdict" in result)
