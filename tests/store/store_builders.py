"""Hand-built articles for the store tests: no model needed."""

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
    url: str | None = None,
    site: str | None = None,
    published: str | None = None,
    title: str | None = None,
) -> Article:
    """An article whose ``said`` lists (source text, cue, content) found verbatim in ``text``.

    Each distinct source text becomes a speaker (a named person unless ``speakers`` says
    otherwise: ``{"a U.S. official": {"named": False, "anonymous": True}}``). Each attribution
    carries its sentence, as the pipeline's do.
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
                kind="indirect",
                speaker=by_name[source].id,
            )
        )
    return Article(
        id=hashlib.sha1(text.encode()).hexdigest()[:16],
        source=f"{title or 'doc'}.txt",
        text=text,
        url=url,
        site=site,
        published=published,
        title=title,
        body=[(0, len(text))],
        attributions=[
            replace(a, sentence=sentence_range(text, starts, *statement_range(a))) for a in attributions
        ],
        speakers=list(by_name.values()),
    )
