"""What a reviewer asks (:class:`Correction`) and what the store keeps of it (:class:`Fix`).

A reviewer names things as the article shows them now: an attribution by its id (``A3``),
a speaker by its id (``S2``), spans by character offsets into the article's text. The store
turns each request into a :class:`Fix` anchored on the words themselves (the attribution's
cue and content, a mention of the speaker, each with its text), so that the fix finds its
statement again after the extractor has run anew, and refuses to land where the words have
changed.
"""

from __future__ import annotations

from typing import Any, Literal

import msgspec

from saidwho.records import Kind, SpeakerType, Stance

Op = Literal[
    "source", "cue", "content", "speaker", "stance", "delete",
    "canonical", "type", "name", "anonymous",
    "add",
]  # fmt: skip
OPS: tuple[str, ...] = Op.__args__  # type: ignore[attr-defined]
# Ops on one attribution, on one article speaker, and the op that makes an attribution.
ATTRIBUTION_OPS = frozenset({"source", "cue", "content", "speaker", "stance", "delete"})
SPEAKER_OPS = frozenset({"canonical", "type", "name", "anonymous"})


class At(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """A character range of the article's text; ``text`` is filled in when the store keeps it."""

    start: int
    end: int
    text: str = ""


class Who(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The speaker a statement should have: one of the article's speakers (``speaker``, an
    id such as ``S2``; kept as one of its ``mention``), a store speaker (``canonical``, an
    ``sp_...`` id), or a speaker typed in (``name``, ``type``, ``anonymous``)."""

    speaker: str | None = None
    mention: At | None = None
    canonical: str | None = None
    name: str | None = None
    type: SpeakerType | None = None
    anonymous: bool | None = None


class NewStatement(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """A statement the extractor missed, from text the reviewer selected."""

    cue: At
    content: list[At]
    source: At | None = None
    kind: Kind = "indirect"
    speaker: Who | None = None


class Correction(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One change a reviewer asks for: a line of ``saidwho review apply``'s JSONL, the body of
    ``POST /api/corrections``.

    ``value`` by ``op``: ``source`` an ``At`` or null (no source); ``cue`` an ``At``;
    ``content`` a list of ``At``; ``speaker`` a ``Who``; ``stance`` one of for, against,
    observing, unrelated; ``delete`` null; ``canonical`` a speaker id (``sp_...``); ``type``
    a speaker type; ``name`` a string; ``anonymous`` true or false; ``add`` a
    ``NewStatement``. ``attribution`` names the statement of the first six ops, ``speaker``
    the article speaker of the next four.
    """

    article: str
    op: Op
    attribution: str | None = None
    speaker: str | None = None
    value: Any = None
    reviewer: str | None = None


class Target(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """What a fix changes, by its words: a statement by its cue and content, a speaker by a
    mention (or, having none, its name)."""

    cue: At | None = None
    content: list[At] = msgspec.field(default_factory=list)
    mention: At | None = None
    name: str | None = None
    context: At | None = None  # the text around every span of the fix, to find them in a changed text


class Fix(msgspec.Struct, frozen=True, kw_only=True):
    """A correction as the store keeps and applies it (the ``corrections`` table).

    ``value`` is typed by ``op`` as in :class:`Correction`, with article speakers given by a
    mention (``Who.mention``) and every span's text filled in; ``machine`` is the value it
    replaced when it was made.
    """

    id: int
    article_id: str
    op: Op
    target: Target
    value: Any
    machine: Any = None
    reviewer: str
    created_at: str
    status: str = "applied"
    problem: str | None = None
    landed: str | None = None


def value_type(op: str) -> Any:
    """The type ``value`` decodes to for ``op``."""
    return {
        "source": At | None,
        "cue": At,
        "content": list[At],
        "speaker": Who,
        "stance": Stance,
        "delete": None,
        "canonical": str,
        "type": SpeakerType,
        "name": str,
        "anonymous": bool,
        "add": NewStatement,
    }[op]
