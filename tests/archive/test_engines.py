"""The Ray engine gives exactly what the local engine gives, on a private local Ray."""

from __future__ import annotations

import pytest

from councilguard.archive import run_scan

ray = pytest.importorskip("ray", reason="the cluster extra is not installed: pip install -e '.[cluster]'")


def test_the_ray_engine_finds_exactly_what_the_local_engine_finds(tmp_path, archives):
    sources = [
        archives / "council-sent.mbox",
        archives / "truncated.mbox",
        archives / "maildir",
        archives / "eml-folder",
        archives / "twitter-archive.zip",
        archives / "facebook-export",
    ]
    local = run_scan(sources, tmp_path / "local", processes=2)
    clustered = run_scan(sources, tmp_path / "ray", engine="ray", address="local", processes=2)
    assert clustered.engine == "ray" and clustered.workers == 2
    assert clustered.checked == local.checked == 17
    for name in ("findings.jsonl", "findings.csv", "skipped.csv"):
        assert (tmp_path / "ray" / name).read_text() == (tmp_path / "local" / name).read_text(), name
    assert not ray.is_initialized()  # the engine shut down the instance it started
