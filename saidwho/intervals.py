"""Which of many character ranges hold a point, by bisection.

Comparing each attribution with every other (which contents hold this cue, which quotes
hold this source) costs the square of their number: on a long text with thousands of
attributions it cost more than the parse. Ranges sorted by start, with the
farthest end reached so far, answer for one point by looking only at the ranges near it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate
from typing import Generic, TypeVar

K = TypeVar("K")


class Intervals(Generic[K]):
    """Closed ranges ``[start, end]``, each with a key."""

    def __init__(self, ranges: Iterable[tuple[int, int, K]]) -> None:
        ordered = sorted(ranges, key=lambda r: (r[0], r[1]))
        self.starts = [start for start, _, _ in ordered]
        self.ends = [end for _, end, _ in ordered]
        self.keys = [key for _, _, key in ordered]
        self.reach = list(accumulate(self.ends, max))

    def holding(self, point: int) -> list[K]:
        """The keys of the ranges with ``start <= point <= end``, by start, latest first."""
        found = []
        k = bisect_right(self.starts, point) - 1
        while k >= 0 and self.reach[k] >= point:
            if self.ends[k] >= point:
                found.append(self.keys[k])
            k -= 1
        return found
