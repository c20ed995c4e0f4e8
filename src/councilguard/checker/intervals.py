"""Sorted look-ups over spans, so that asking "which of these are in that window?" for
every sentence of a long draft costs a binary search, not a scan of the whole list
(issue 11: scanning the list per sentence made a 200,000-character e-mail of ordinary
prose cost 23 times a 50,000-character one)."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence


class Overlaps:
    """Answers whether any of a fixed set of [x, y) ranges overlaps [a, b), i.e. has
    x < b and a < y. The ranges may overlap each other and come in any order."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(ranges)
        self._starts = [x for x, _ in ordered]
        # _reach[k]: the furthest end among the first k + 1 ranges by start.
        self._reach: list[int] = []
        furthest = None
        for _, y in ordered:
            furthest = y if furthest is None else max(furthest, y)
            self._reach.append(furthest)

    def any(self, a: int, b: int) -> bool:
        k = bisect.bisect_left(self._starts, b)  # the ranges with x < b
        return k > 0 and self._reach[k - 1] > a


class Positions:
    """Positions (with an item index each) looked up by window: the indices of the items
    whose position lies in [a, b), in the items' own order."""

    def __init__(self, positions: Sequence[int]) -> None:
        order = sorted(range(len(positions)), key=positions.__getitem__)
        self._positions = [positions[i] for i in order]
        self._order = order

    def any(self, a: int, b: int) -> bool:
        i = bisect.bisect_left(self._positions, a)
        return i < len(self._positions) and self._positions[i] < b

    def indices(self, a: int, b: int) -> list[int]:
        i = bisect.bisect_left(self._positions, a)
        j = bisect.bisect_left(self._positions, b, lo=i)
        return sorted(self._order[i:j])
