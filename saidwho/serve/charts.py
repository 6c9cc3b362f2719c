"""Geometry for the server-rendered SVG charts: the templates only draw what is computed here."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

import msgspec

from saidwho.claims.board import Bucket
from saidwho.store.queries import Count

# A timeline longer than this many months is drawn with the months that have statements only.
MAX_MONTHS = 240


class Bar(msgspec.Struct, frozen=True, kw_only=True):
    """One bar of a bar chart, in the chart's own units (``viewBox``)."""

    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    tick: bool  # whether the x axis labels this bar


class Segment(msgspec.Struct, frozen=True, kw_only=True):
    """One part of a 100-unit-wide stacked bar."""

    key: str
    value: int
    x: float
    width: float


def _months(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    months: list[str] = []
    while (label := f"{year:04d}-{month:02d}") <= last and len(months) <= MAX_MONTHS:
        months.append(label)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def timeline(counts: list[Count], *, width: float = 600, height: float = 100) -> list[Bar]:
    """Bars for statements per month (``YYYY-MM``), months without any included as gaps;
    undated statements make a last bar labelled ``undated``."""
    dated = {c.label: c.statements for c in counts if c.label}
    labels = sorted(dated)
    if labels:
        months = _months(labels[0], labels[-1])
        labels = months if len(months) <= MAX_MONTHS else labels
    series = [(m, dated.get(m, 0)) for m in labels]
    series += [("undated", c.statements) for c in counts if not c.label]
    if not series:
        return []
    top = max(v for _, v in series) or 1
    step = width / len(series)
    every = max(1, len(series) // 8)
    return [
        Bar(
            label=label,
            value=value,
            x=round(i * step, 2),
            y=round(height - height * value / top, 2),
            width=round(max(step * 0.8, 0.5), 2),
            height=round(height * value / top, 2),
            tick=i % every == 0 or label == "undated",
        )
        for i, (label, value) in enumerate(series)
    ]


def stacked(values: Mapping[str, int]) -> list[Segment]:
    """Segments of a bar 100 units wide, one per non-zero value, in the order given."""
    total = sum(values.values())
    segments, x = [], 0.0
    for key, value in values.items():
        if value and total:
            width = 100 * value / total
            segments.append(Segment(key=key, value=value, x=round(x, 3), width=round(width, 3)))
            x += width
    return segments


class Layer(msgspec.Struct, frozen=True, kw_only=True):
    """One stance's part of a timeline column, in the chart's units."""

    key: str
    value: int
    y: float
    height: float


class Column(msgspec.Struct, frozen=True, kw_only=True):
    """One period of a stacked timeline: its layers from the bottom up."""

    label: str
    value: int
    x: float
    width: float
    tick: bool
    layers: list[Layer]


def _days(first: str, last: str) -> list[str]:
    day, end = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
    days: list[str] = []
    while day <= end and len(days) <= MAX_MONTHS:
        days.append(day.isoformat())
        day += datetime.timedelta(days=1)
    return days


def stacked_timeline(
    buckets: Sequence[Bucket], keys: Sequence[str], *, width: float = 600, height: float = 100
) -> list[Column]:
    """Columns for statements per period (days ``YYYY-MM-DD`` or months ``YYYY-MM``), each
    stacked by ``keys`` (a claim board's stances), periods without any included as gaps."""
    dated = {b.label: b for b in buckets if b.label}
    labels = sorted(dated)
    if not labels:
        return []
    fill = _days if len(labels[0]) == 10 else _months
    periods = fill(labels[0], labels[-1])
    labels = periods if len(periods) <= MAX_MONTHS else labels
    top = max(b.statements for b in dated.values()) or 1
    step = width / len(labels)
    every = max(1, len(labels) // 6)
    columns = []
    for i, label in enumerate(labels):
        bucket = dated.get(label)
        layers, y = [], height
        for key in keys:
            value = bucket.stances.get(key, 0) if bucket else 0
            if value:
                h = height * value / top
                y -= h
                layers.append(Layer(key=key, value=value, y=round(y, 2), height=round(h, 2)))
        columns.append(
            Column(
                label=label,
                value=bucket.statements if bucket else 0,
                x=round(i * step, 2),
                width=round(max(step * 0.8, 0.5), 2),
                tick=i % every == 0,
                layers=layers,
            )
        )
    return columns
