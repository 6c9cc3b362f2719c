"""``Intervals``: which ranges hold a point, as a scan of all of them would say."""

from __future__ import annotations

import random

import pytest

from saidwho.intervals import Intervals


@pytest.mark.parametrize("seed", range(5))
def test_intervals_hold_what_a_scan_finds(seed: int) -> None:
    rng = random.Random(seed)
    ranges = []
    for key in range(60):
        start = rng.randrange(200)
        ranges.append((start, start + rng.choice([0, 1, 3, 10, 80]), key))
    intervals = Intervals(ranges)
    for point in range(-2, 300):
        expected = sorted(k for s, e, k in ranges if s <= point <= e)
        assert sorted(intervals.holding(point)) == expected


def test_intervals_hold_a_point_at_either_end() -> None:
    intervals = Intervals([(5, 9, "a"), (0, 100, "b"), (9, 9, "c")])
    assert sorted(intervals.holding(9)) == ["a", "b", "c"]
    assert intervals.holding(101) == []
