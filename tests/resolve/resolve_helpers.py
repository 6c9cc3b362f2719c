"""Build hand-made attributions over a text."""

from __future__ import annotations

from saidwho.records import Attribution, Content, Span

Row = tuple[str | None, str, str]


def attributions(text: str, rows: list[Row]) -> list[Attribution]:
    """One direct attribution per (source, cue, content) row, found in text order.

    Each row's content is searched after the end of the previous row; its source and cue
    are the occurrences nearest the content, so a repeated name ("Peritz") points at the
    one the row means.
    """
    cursor = 0
    found: list[Attribution] = []
    for n, (source, cue, content) in enumerate(rows, start=1):
        body = _span(text, content, cursor)
        spans = {part: _nearest(text, part, cursor, body.start) for part in (source, cue) if part}
        spans[content] = body
        cursor = max(s.end for s in spans.values())
        found.append(
            Attribution(
                id=f"A{n}",
                source=spans[source] if source else None,
                cue=spans[cue],
                content=Content(spans=[(body.start, body.end)], text=body.text),
                kind="direct",
            )
        )
    return found


def _nearest(text: str, part: str, cursor: int, anchor: int) -> Span:
    starts = [i for i in range(cursor, len(text)) if text.startswith(part, i)]
    start = min(starts, key=lambda i: abs(i - anchor))
    return Span(start=start, end=start + len(part), text=part)


def _span(text: str, part: str, cursor: int) -> Span:
    start = text.index(part, cursor)
    return Span(start=start, end=start + len(part), text=part)
