"""Keep personal-data detection off the network.

tldextract's module-level extractor (which Presidio's EmailRecognizer uses) downloads
the Public Suffix List the first time it runs, and caches it under ~/.cache. The
checker must work on a machine with no network and must not write outside its own
files, so it uses an extractor with no URLs and no cache: the list bundled with
tldextract is read once per process. ``TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS`` is also
set to empty (before tldextract is first imported, where possible) so any other code in
the process that calls ``tldextract.extract`` stays offline too.
"""

from __future__ import annotations

import os
import threading

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import tldextract  # noqa: E402 (the environment must be set first)

_lock = threading.Lock()
_extractor: tldextract.TLDExtract | None = None


def offline_tld_extractor() -> tldextract.TLDExtract:
    global _extractor
    if _extractor is None:
        with _lock:
            if _extractor is None:
                _extractor = tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True)
    return _extractor
