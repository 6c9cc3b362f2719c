"""Typed records handed between stages.

Records hold offsets and strings, never spaCy objects, so they pickle cheaply to worker
processes and encode straight to JSON. A stage adds to a record with
``msgspec.structs.replace``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, get_args

import msgspec

Kind = Literal["direct", "indirect", "mixed"]
# A statement's stance toward a claim: a position, or "unrelated" (it is about something
# else). The labels in the stance model's output order; the positions a claim counts.
Stance = Literal["for", "against", "observing", "unrelated"]
STANCE_LABELS: tuple[Stance, ...] = get_args(Stance)
STANCES: tuple[Stance, ...] = STANCE_LABELS[:3]
SpeakerType = Literal["person", "group", "organization", "document", "outlet", "unknown"]
InputFormat = Literal["txt", "html", "jsonl"]


class Span(msgspec.Struct, frozen=True, kw_only=True):
    """A character range of ``Article.text``; ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str


class Content(msgspec.Struct, frozen=True, kw_only=True):
    """What was said: one or more (possibly discontinuous) ranges, and their joined text."""

    spans: list[tuple[int, int]]
    text: str

    @classmethod
    def of(cls, text: str, spans: Iterable[tuple[int, int]]) -> Content:
        """The content over ``spans`` of ``text``, its pieces joined by a space."""
        spans = list(spans)
        return cls(spans=spans, text=" ".join(text[s:e] for s, e in spans))


class Attribution(msgspec.Struct, frozen=True, kw_only=True):
    """One statement: who (source) says (cue) what (content).

    ``sentence`` is ``[start, end)`` of the whole sentences of the parse that hold source, cue
    and content; None in records made before it was recorded. ``parent`` is the id of the
    statement this one is nested in ("diplomats doubt *claims from the army that Z*": the
    army's statement has the diplomats' as parent), None for a top-level one.
    """

    id: str
    source: Span | None
    cue: Span
    content: Content
    kind: Kind
    speaker: str | None = None
    confidence: float = 1.0
    sentence: tuple[int, int] | None = None
    parent: str | None = None


class Speaker(msgspec.Struct, frozen=True, kw_only=True):
    """Someone or something quoted in the article, with every mention of them."""

    id: str
    name: str
    type: SpeakerType = "unknown"
    named: bool = False
    anonymous: bool = False
    anonymity_reason: str | None = None
    descriptors: list[str] = msgspec.field(default_factory=list)
    mentions: list[Span] = msgspec.field(default_factory=list)
    recipient: str | None = None


class RawDoc(msgspec.Struct, frozen=True, kw_only=True):
    """One document as read from its input, before cleaning.

    Exactly one of ``text`` (plain text) and ``html`` is set. ``source`` names where it came
    from (a path, ``path:line`` for JSONL, ``path#record`` for WARC, or a URL).
    ``encoding`` is as in ``Article``.
    """

    source: str
    format: InputFormat
    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    encoding: str | None = None


class Article(msgspec.Struct, frozen=True, kw_only=True):
    """A cleaned article and everything extracted from it; all offsets index ``text``.

    ``encoding`` is null for plain UTF-8 input, else how its bytes were decoded: a declared
    or detected charset ("cp1252"), or "utf-8, invalid bytes replaced".
    """

    id: str
    source: str
    text: str
    url: str | None = None
    site: str | None = None
    title: str | None = None
    authors: list[str] = msgspec.field(default_factory=list)
    published: str | None = None
    encoding: str | None = None
    body: list[tuple[int, int]] = msgspec.field(default_factory=list)
    boilerplate: list[Span] = msgspec.field(default_factory=list)
    attributions: list[Attribution] = msgspec.field(default_factory=list)
    speakers: list[Speaker] = msgspec.field(default_factory=list)


class Failure(msgspec.Struct, frozen=True, kw_only=True):
    """An input that could not be processed; ``message`` says what to do."""

    source: str
    message: str


def output_schema() -> dict[str, object]:
    """The JSON Schema of ``saidwho extract``'s output, as shipped in data/output.schema.json."""
    schema: dict[str, object] = msgspec.json.schema(Article)
    schema["$id"] = "https://saidwho.invalid/output.schema.json"
    schema["title"] = "saidwho article"
    return schema
