"""The sorted span look-ups answer exactly what the scans they replaced answered (issue 11):
each is compared with the plain scan on random spans, overlapping and in any order."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from councilguard.checker.intervals import Overlaps, Positions

offsets = st.integers(min_value=0, max_value=60)
spans = st.lists(st.tuples(offsets, offsets).map(sorted).map(tuple), max_size=20)


@given(ranges=spans, window=st.tuples(offsets, offsets))
def test_overlaps_answers_as_a_scan_of_every_range_does(ranges, window):
    a, b = window
    assert Overlaps(ranges).any(a, b) == any(x < b and a < y for x, y in ranges)


@given(positions=st.lists(offsets, max_size=20), window=st.tuples(offsets, offsets))
def test_positions_gives_the_items_in_the_window_in_their_own_order(positions, window):
    a, b = window
    expected = [i for i, p in enumerate(positions) if a <= p < b]
    found = Positions(positions)
    assert found.indices(a, b) == expected
    assert found.any(a, b) == bool(expected)


def test_nothing_overlaps_an_empty_set_of_ranges():
    assert not Overlaps([]).any(0, 10)
    assert Positions([]).indices(0, 10) == []
