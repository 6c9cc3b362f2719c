"""The claim board's timeline: statements per day or month, stacked by stance."""

from __future__ import annotations

from saidwho.claims.board import STANCES, Bucket
from saidwho.serve.charts import stacked_timeline


def bucket(label: str, **stances: int) -> Bucket:
    return Bucket(
        label=label, statements=sum(stances.values()), stances={k: stances.get(k, 0) for k in STANCES}
    )


def test_claims_chart_fills_missing_days_and_stacks_by_stance():
    columns = stacked_timeline(
        [bucket("2021-04-06", **{"for": 2, "against": 1}), bucket("2021-04-09", against=3)], STANCES
    )
    assert [c.label for c in columns] == ["2021-04-06", "2021-04-07", "2021-04-08", "2021-04-09"]
    assert [c.value for c in columns] == [3, 0, 0, 3]
    first = columns[0]
    assert [(layer.key, layer.value) for layer in first.layers] == [("for", 2), ("against", 1)]
    # for at the bottom (y + height = 100), against on top of it; the tallest column fills the chart
    assert first.layers[0].y + first.layers[0].height == 100
    assert first.layers[1].y + first.layers[1].height == first.layers[0].y
    assert first.layers[1].y == 0
    assert columns[1].layers == []


def test_claims_chart_months_and_undated():
    columns = stacked_timeline([bucket("2020-11", observing=1), bucket("2021-02", **{"for": 1})], STANCES)
    assert [c.label for c in columns] == ["2020-11", "2020-12", "2021-01", "2021-02"]
    assert stacked_timeline([], STANCES) == [] and stacked_timeline([bucket("", **{"for": 1})], STANCES) == []
