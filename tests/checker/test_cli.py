"""`councilguard check` and `councilguard rules` as a member or a script would use them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from councilguard.checker.draft import MAX_TEXT_CHARS
from councilguard.cli.main import main
from tests.conftest import SPEC_EXAMPLES

MACRO_DRAFT = {"text": "Updated ward plan attached.", "channel": "email", "attachments": [{"name": "plan.docm"}]}


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


def test_a_clean_post_exits_zero_and_says_ok(capsys, tmp_path):
    code, out, _ = run(capsys, "check", write(tmp_path, "d.txt", "Lovely to see everyone at the fun day!"))
    assert code == 0 and out.startswith("OK")


def test_the_text_report_quotes_the_clause_and_marks_nothing_it_should_not(capsys, tmp_path):
    code, out, _ = run(capsys, "check", "--json", write(tmp_path, "d.json", json.dumps(MACRO_DRAFT)))
    assert code == 1
    assert "DO NOT SEND" in out and "malware-risk" in out
    assert "the introduction or spreading of viruses" in out  # the clause, quoted


def test_json_output_follows_the_contract(capsys, tmp_path):
    draft = {**MACRO_DRAFT, "id": "d7"}
    code, out, _ = run(capsys, "check", "--json", "--format", "json", write(tmp_path, "d.json", json.dumps(draft)))
    result = json.loads(out)
    assert code == 1
    assert result["id"] == "d7" and result["verdict"] == "do-not-send" and result["protocol"] == "havering-2018"
    finding = result["findings"][0]
    assert set(finding) >= {"rule", "severity", "clauses", "message", "suggestion", "spans", "confidence"}


def test_context_options_build_the_draft(capsys, tmp_path):
    code, out, _ = run(
        capsys,
        "check",
        "--format",
        "json",
        "--channel",
        "email",
        "--attach",
        "run.exe",
        write(tmp_path, "d.txt", "See attached"),
    )
    assert code == 1 and json.loads(out)["findings"][0]["rule"] == "malware-risk"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfeno", "not valid UTF-8"),
        (b"", "empty"),
        (b'{"text": ', "invalid JSON"),
        (b'{"text": "hi", "channel": "fax"}', "channel"),
    ],
    ids=["non-utf8", "empty", "malformed-json", "bad-enum"],
)
def test_bad_input_gets_exit_two_and_a_message_naming_the_problem(capsys, tmp_path, content, message):
    code, out, err = run(capsys, "check", "--json", write(tmp_path, "bad.json", content))
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err


def test_a_ten_megabyte_text_is_refused_with_the_limit(capsys, tmp_path):
    code, _, err = run(capsys, "check", write(tmp_path, "huge.txt", "word " * 2_000_000))
    assert code == 2 and f"{MAX_TEXT_CHARS:,}" in err


def test_a_missing_file_and_a_missing_pack_are_named(capsys, tmp_path):
    assert run(capsys, "check", str(tmp_path / "nope.txt"))[2].endswith("no such file\n")
    code, _, err = run(capsys, "check", "--protocol", str(tmp_path / "no-pack"), write(tmp_path, "d.txt", "hi"))
    assert code == 2 and "no such protocol pack" in err


def test_batch_keeps_input_order_and_marks_only_the_bad_line(capsys, tmp_path):
    lines = [
        json.dumps({"id": "a", "text": "Thanks to the volunteers!"}),
        '{"id": "b", "text": ',
        json.dumps({"id": "c", **{k: v for k, v in MACRO_DRAFT.items()}}),
        json.dumps({"id": "d", "text": 42}),
    ]
    code, out, _ = run(capsys, "check", "--batch", write(tmp_path, "in.jsonl", "\n".join(lines) + "\n"))
    results = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in results] == ["a", None, "c", "d"]
    assert "error" in results[1] and "line 2" in results[1]["error"]
    assert results[2]["verdict"] == "do-not-send"
    assert "text" in results[3]["error"]
    assert code == 1  # 2 is for bad usage only: the batch itself was read


def test_a_long_batch_checked_by_two_processes_answers_as_one_process_does_in_order(capsys, tmp_path):
    from councilguard.cli.batch import CHUNK

    drafts = [
        {"id": f"d{i}", "text": text}
        for i, text in enumerate(
            ["Thanks to the volunteers!", "Anyone who votes for this is a brain-dead moron.", "Bins are late again."]
            * (CHUNK + 5)
        )
    ]
    lines = [json.dumps(d) for d in drafts]
    lines[CHUNK + 7] = '{"id": "broken", "text": '  # a bad line inside the second chunk
    path = write(tmp_path, "in.jsonl", "\n".join(lines) + "\n")
    one = run(capsys, "check", "--batch", path, "--processes", "1")
    two = run(capsys, "check", "--batch", path, "--processes", "2")
    assert two == one
    results = [json.loads(line) for line in two[1].splitlines()]
    assert len(results) == len(lines) > 2 * CHUNK
    assert "line" in results[CHUNK + 7]["error"] and results[CHUNK + 8]["id"] == drafts[CHUNK + 8]["id"]
    assert [r.get("id") for r in results[:3]] == ["d0", "d1", "d2"]


def test_batch_refuses_fewer_than_one_process(capsys, tmp_path):
    code, _, err = run(capsys, "check", "--batch", write(tmp_path, "in.jsonl", '{"text": "hi"}\n'), "--processes", "0")
    assert code == 2 and "--processes must be at least 1" in err


def test_batch_runs_the_contract_examples_in_order(capsys):
    code, out, _ = run(capsys, "check", "--batch", str(SPEC_EXAMPLES))
    ids = [json.loads(line)["id"] for line in out.splitlines()]
    assert ids == [f"e{n:02d}" for n in range(1, len(ids) + 1)] and code == 1


def test_rules_lists_every_rule_and_explains_one(capsys):
    code, out, _ = run(capsys, "rules")
    assert code == 0 and "malware-risk" in out
    code, out, _ = run(capsys, "rules", "--explain", "malware-risk")
    assert code == 0 and "## The protocol" in out and "ICT.unacceptable.7.vii" in out
    code, _, err = run(capsys, "rules", "--explain", "no-such-rule")
    assert code == 2 and "no rule 'no-such-rule'" in err


def test_the_installed_command_reads_stdin():
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "councilguard"), "check", "--channel", "email", "--attach", "x.vbs"],
        input="Please see the attachment",
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1 and "malware-risk" in proc.stdout


def test_the_subcommands_that_live_beside_their_areas_are_always_there():
    import argparse

    from councilguard.cli.main import build_parser

    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert {"check", "rules", "scan", "serve", "deadlines"} <= set(sub.choices)


def test_the_shared_errors_module_imports_none_of_the_commands():
    import subprocess
    import sys

    code = "import sys, councilguard.cli.errors; print('councilguard.cli.main' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# Each line the issue found ending the whole batch (issue 11, defect 2): now that line's
# error, the lines after it still checked, exit 1 (2 is for bad usage only).
HOSTILE_LINES = {
    "a lone surrogate in text": ('{"id": "s1", "text": "hello \\ud800 there"}', "text"),
    "a lone surrogate in the echoed id": ('{"id": "\\udc00", "text": "hello"}', "id"),
    "a number over 4,300 digits": ('{"id": "n1", "text": "hi", "size": ' + "9" * 4400 + "}", "json"),
    "JSON nested 100,000 deep": ('{"id": "d1", "text": "hi", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "json"),
    "an image source of http://[::1": (
        '{"id": "i1", "text": "hi", "images": [{"source": "http://[::1"}]}',
        "images[0].source",
    ),
    "an id of true": ('{"id": true, "text": "hi"}', "id"),
    # (no "//", so read as a host, where a lone "]" cannot parse: found by schemathesis)
    "an image source with a stray bracket": (
        '{"id": "i2", "text": "hi", "images": [{"source": "pics]x.jpg"}]}',
        "images[0].source",
    ),
}


@pytest.mark.parametrize("kind", list(HOSTILE_LINES))
def test_a_hostile_line_gets_its_own_error_and_the_rest_of_the_batch_goes_on(capsys, tmp_path, kind):
    line, field = HOSTILE_LINES[kind]
    after = json.dumps({"id": "after", "text": "Thanks to the volunteers!"})
    code, out, _ = run(capsys, "check", "--batch", write(tmp_path, "in.jsonl", line + "\n" + after + "\n"))
    results = [json.loads(r) for r in out.splitlines()]
    assert len(results) == 2
    assert results[0]["error"].startswith(f"line 1: {field}:")
    assert results[1] == {**results[1], "id": "after", "verdict": "ok"}
    assert code == 1


def test_meetings_mixing_naive_and_aware_times_are_checked_not_crashed(capsys, tmp_path):
    line = json.dumps(
        {
            "id": "m1",
            "text": "Bored in this meeting, anyone else?",
            "sent_at": "2026-05-01T10:00:00",
            "meetings_attending": [
                {"name": "Planning Committee", "start": "2026-05-01T09:00:00+01:00", "end": "2026-05-01T12:00:00+01:00"}
            ],
        }
    )
    code, out, _ = run(capsys, "check", "--batch", write(tmp_path, "in.jsonl", line + "\n"))
    (result,) = [json.loads(r) for r in out.splitlines()]
    assert "error" not in result and "meeting-use" in [f["rule"] for f in result["findings"]]
    assert code == 1


def test_a_utf8_bom_on_line_one_of_a_batch_is_not_part_of_the_draft(capsys, tmp_path):
    content = b"\xef\xbb\xbf" + json.dumps({"id": "b1", "text": "Thanks to the volunteers!"}).encode() + b"\n"
    code, out, _ = run(capsys, "check", "--batch", write(tmp_path, "in.jsonl", content))
    (result,) = [json.loads(r) for r in out.splitlines()]
    assert result["id"] == "b1" and result["verdict"] == "ok" and code == 0


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"])
def test_an_id_holding_a_line_separator_is_echoed_on_one_line(capsys, tmp_path, separator):
    # JSON leaves these as written, but str.splitlines() and readers like it end a line there.
    lines = [
        json.dumps({"id": f"a{separator}b", "text": "Thanks to the volunteers!"}),
        json.dumps({"id": "c", "text": "Hi"}),
    ]
    code, out, _ = run(capsys, "check", "--batch", write(tmp_path, "in.jsonl", "\n".join(lines) + "\n"))
    results = [json.loads(r) for r in out.splitlines()]
    assert [r["id"] for r in results] == [f"a{separator}b", "c"] and code == 0


@pytest.mark.parametrize("sent_at", ["0001-01-01T00:00:00", "9999-12-31T23:59:59+00:00"])
def test_a_sent_at_at_the_ends_of_the_calendar_is_checked(capsys, tmp_path, sent_at):
    line = json.dumps({"id": "y", "text": "Thanks to the volunteers!", "sent_at": sent_at})
    code, out, _ = run(capsys, "check", "--batch", write(tmp_path, "in.jsonl", line + "\n"))
    (result,) = [json.loads(r) for r in out.splitlines()]
    assert "error" not in result and result["id"] == "y"


def test_a_chunk_whose_worker_died_gets_an_error_result_per_line_and_later_chunks_are_not_sent():
    from collections import deque
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from councilguard.checker import Checker
    from councilguard.cli import batch

    died: Future = Future()
    died.set_exception(BrokenProcessPool("a worker ended"))
    chunk = [(1, b'{"id": "a", "text": "hi"}\n'), (2, b'{"id": "b", "text": "there"}\n')]
    window = deque([(chunk, died), ([(3, b'{"id": "c", "text": "x"}\n')], None)])
    checker = Checker()

    first = batch._first(checker, window)
    results = []
    try:
        while True:
            results.append(next(first))
    except StopIteration as stop:
        assert stop.value is True  # the pool is broken: nothing more is sent to it
    assert [(r["id"], status) for r, status in results] == [("a", 1), ("b", 1)]
    assert all("its worker process ended" in r["error"] and r["error"].startswith("line ") for r, _ in results)
    assert [r["id"] for r, _ in batch._first(checker, window)] == ["c"]  # a chunk never sent is lost too
