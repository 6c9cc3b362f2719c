"""Chart geometry for the speaker timeline and the stacked sourcing bars."""

from __future__ import annotations

from saidwho.serve.charts import stacked, timeline
from saidwho.store.queries import Count


def test_charts_timeline_fills_missing_months_and_keeps_undated_last():
    bars = timeline(
        [
            Count(label="2016-11", statements=4),
            Count(label="2017-02", statements=2),
            Count(label=None, statements=1),
        ],
        width=500,
        height=100,
    )
    assert [(b.label, b.value) for b in bars] == [
        ("2016-11", 4),
        ("2016-12", 0),
        ("2017-01", 0),
        ("2017-02", 2),
        ("undated", 1),
    ]
    assert bars[0].height == 100 and bars[3].height == 50 and bars[3].y == 50
    assert bars[1].x == 100


def test_charts_timeline_of_nothing_is_empty():
    assert timeline([]) == []


def test_charts_stacked_segments_fill_100_units_in_order():
    segments = stacked({"named": 3, "anonymous": 0, "unnamed": 1})
    assert [(s.key, s.x, s.width) for s in segments] == [("named", 0, 75), ("unnamed", 75, 25)]
    assert stacked({"named": 0}) == []
