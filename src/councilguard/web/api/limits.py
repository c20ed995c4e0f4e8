"""A small fixed-window rate limiter on Django's cache, per member.

Each member may make ``COUNCILGUARD_API_RATE_PER_MINUTE`` API requests a minute (a batch
is one request; its size is capped separately). The window is the wall-clock minute,
so the count is one cache key per member per minute that expires by itself. With the
default local-memory cache the limit is per server process; a shared cache (Redis,
database) makes it per site.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

DEFAULT_RATE_PER_MINUTE = 120


def rate_per_minute() -> int:
    return int(getattr(settings, "COUNCILGUARD_API_RATE_PER_MINUTE", DEFAULT_RATE_PER_MINUTE))


def take(user_id: int, now: float | None = None) -> tuple[bool, int]:
    """Count one request for ``user_id``; (allowed, seconds until the window resets)."""
    now = time.time() if now is None else now
    window = int(now // 60)
    key = f"cg-api-rate:{user_id}:{window}"
    retry_after = 60 - int(now % 60)
    if cache.add(key, 1, timeout=61):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr: this request opens a new window
            cache.set(key, 1, timeout=61)
            count = 1
    return count <= rate_per_minute(), retry_after
