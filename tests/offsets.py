"""The one offsets check the tests share: every range in a record indexes its text.

``pyproject.toml`` puts ``tests/`` on ``sys.path`` (``pythonpath``), so every test folder can
``from offsets import assert_offsets``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from saidwho.records import Article, Attribution, Span, Speaker


def assert_offsets(
    article: Article | str,
    attributions: Sequence[Attribution] = (),
    speakers: Sequence[Speaker] = (),
) -> None:
    """Assert that every span of ``article`` is the text it claims to be.

    Checks each attribution's source and cue (``text[start:end] == span.text``), its content
    pieces (in order, not overlapping, and ``content.text`` is them joined by spaces), every
    speaker mention, every boilerplate span, and the body ranges (stripped, in order, clear of
    the boilerplate). Given a plain text instead of an article, checks the ``attributions``
    and ``speakers`` found in it.
    """
    if isinstance(article, str):
        article = Article(
            id="test", source="test", text=article, attributions=list(attributions), speakers=list(speakers)
        )
    text = article.text

    def check(span: Span, what: str) -> None:
        assert 0 <= span.start < span.end <= len(text), f"{what} {span} is outside the text"
        assert text[span.start : span.end] == span.text, f"{what} {span} != {text[span.start : span.end]!r}"

    for att in article.attributions:
        if att.source is not None:
            check(att.source, f"{att.id} source")
        check(att.cue, f"{att.id} cue")
        pieces = att.content.spans
        assert pieces, f"{att.id} has no content"
        assert all(0 <= s < e <= len(text) for s, e in pieces), f"{att.id} content {pieces} outside the text"
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(pieces)), f"{att.id} content {pieces} overlaps"
        assert att.content.text == " ".join(text[s:e] for s, e in pieces), f"{att.id} content text"
    for speaker in article.speakers:
        for mention in speaker.mentions:
            check(mention, f"{speaker.id} mention")
    for span in article.boilerplate:
        check(span, "boilerplate")
    for start, end in article.body:
        assert 0 <= start < end <= len(text), f"body {(start, end)} is outside the text"
        assert text[start:end] == text[start:end].strip(), f"body {(start, end)} is not stripped"
    ranges = sorted([*article.body, *((b.start, b.end) for b in article.boilerplate)])
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(ranges)), "body and boilerplate overlap"
