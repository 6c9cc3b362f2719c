"""Hand-built articles for the store and web tests: no model needed."""

from __future__ import annotations

import hashlib

from msgspec.structs import replace

from saidwho.records import Article, Attribution, Content, Span, Speaker
from saidwho.sentences import rough_sentence_starts, sentence_range, statement_range


def make_article(
    text: str,
    said: list[tuple[str, str, str]],
    *,
    speakers: dict[str, dict] | None = None,
    kind: str = "indirect",
    source: str | None = None,
    **fields: object,
) -> Article:
    """An article whose ``said`` lists (source text, cue, content) found verbatim in ``text``.

    Each distinct source text becomes a speaker (a named person unless ``speakers`` says
    otherwise: ``{"a U.S. official": {"named": False, "anonymous": True}}``). Each attribution
    carries its sentence, as the pipeline's do. ``fields`` are Article fields (url, site,
    published, title...); ``source`` defaults to "<title>.txt".
    """
    starts = rough_sentence_starts(text)
    speakers = speakers or {}
    by_name: dict[str, Speaker] = {}
    attributions = []
    for i, (source, cue, content) in enumerate(said, start=1):
        s = text.index(source)
        c = text.index(cue, s + len(source)) if cue in text[s:] else text.index(cue)
        q = text.index(content)
        if source not in by_name:
            extra = {"type": "person", "named": True, **speakers.get(source, {})}
            by_name[source] = Speaker(
                id=f"S{len(by_name) + 1}",
                name=extra.pop("name", source),
                mentions=[Span(start=s, end=s + len(source), text=source)],
                **extra,
            )
        attributions.append(
            Attribution(
                id=f"A{i}",
                source=Span(start=s, end=s + len(source), text=source),
                cue=Span(start=c, end=c + len(cue), text=cue),
                content=Content(spans=[(q, q + len(content))], text=content),
                kind=kind,
                speaker=by_name[source].id,
            )
        )
    return Article(
        id=hashlib.sha1(text.encode()).hexdigest()[:16],
        source=source or f"{fields.get('title') or 'doc'}.txt",
        text=text,
        body=[(0, len(text))],
        attributions=[
            replace(a, sentence=sentence_range(text, starts, *statement_range(a))) for a in attributions
        ],
        speakers=list(by_name.values()),
        **fields,  # type: ignore[arg-type]
    )
