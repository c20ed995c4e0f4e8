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


def test_a_worker_process_frees_a_chunks_cyclic_garbage_and_sets_the_survivors_aside(archives):
    import gc
    import weakref

    from councilguard.archive.importers import mbox
    from councilguard.archive.items import RawItem
    from councilguard.archive.scan_options import ScanSettings
    from councilguard.archive.worker import MessageChecker

    class Node:
        pass

    cycle = Node()
    cycle.me = cycle
    gone = weakref.ref(cycle)
    del cycle
    items = [i for i in mbox.split(archives / "council-sent.mbox") if isinstance(i, RawItem)]
    # Inline (the CLI, a web application's thread) the collector is left alone.
    MessageChecker(ScanSettings()).process(items)
    assert gc.get_freeze_count() == 0
    worker = MessageChecker(ScanSettings(), owns_process=True)
    try:
        records = worker.process(items)
        assert [r["status"] for r in records] == ["checked"] * len(items)
        assert gone() is None  # collected, not frozen
        assert gc.get_freeze_count() > 0  # the checker's models, out of the collector's way
    finally:
        gc.unfreeze()
