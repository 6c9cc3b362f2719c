"""Group role segments into attributions: each content to a cue, each cue to a source.

The tagger finds Source, Cue and Content segments independently; these rules tie them, using
sentence boundaries from the parse:

1. a content segment goes to the nearest cue (by character gap) that lies outside it, in a
   sentence the content touches or the next or previous one (a cue inside the content
   belongs to a nested attribution), preferring cues in the content's own paragraph; pieces
   of one statement split around its cue ('"…," he said, "…"', "The plan is expected to
   fail") or run over paragraphs (only punctuation and a line break between) share the cue
   and become one discontinuous content, while a farther content that is not such a piece
   is dropped rather than glued on;
2. a cue takes the nearest source segment in its own sentence that lies outside its content;
   one source may serve several cues ("he said ... and added ...");
3. with ``fallback`` segments (the same tagging decoded less strictly), a role left without
   its partner may take one from the fallback: a content no cue reached takes a fallback cue
   in its sentence or a neighbouring one, a cue left without content takes a fallback content
   there, and an attribution without a source takes a fallback source in its cue's sentence;
   then rules 1 and 2 run again on the lot. A fallback segment that overlaps a segment of
   its role is ignored. A half-found attribution is evidence the tagger was too strict there:
   on PolNeAR dev, with the offsets re-tuned for it, exact F1 rose by 0.004-0.010 per role
   (on train, at the offsets of before: 0.008-0.013).

On PolNeAR dev with gold segments these rules reach the attribution-level F1 recorded in
models/MODEL.md (the linking ceiling); errors beyond that are the tagger's.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Sequence
from itertools import accumulate

import numpy as np

from saidwho.attribution.quotes import quote_kind, quoted_mask
from saidwho.quotemarks import OPENING, char_class
from saidwho.records import Attribution, Content, Span

Segment = tuple[int, int, float]
# A cue in a neighbouring sentence is only taken when none is in the content's own sentences:
# content "…," (sentence n) followed by "she said in an interview." as its own sentence is
# rare; the penalty keeps same-sentence cues first.
NEIGHBOUR_PENALTY = 10_000
# A cue across a paragraph break comes after every cue in the content's own paragraph: the
# second quote of '"…," said Okafor. "…"' belongs to "said", not to the "told" that opens
# the next paragraph. Multi-paragraph quotes still reach their cue when no nearer one is left.
PARAGRAPH_PENALTY = 1_000


_WORDS = re.compile(r"\w")
# After the cue of a statement split around it, punctuation sets the cue's clause off
# ('"…," he said, "…"'; '…, experts say, …'), or the second piece opens a quote.
_OPENS = char_class(OPENING)
_SET_OFF = re.compile(rf"[,.:;!?\u2014\u2013-](?:\s|{_OPENS})*$|{_OPENS}\s*$")
# Without that, only a short bare verb phrase may stand between two pieces ("The plan [is
# expected] to fail"); a gap that opens with one of these words starts another clause.
_CLAUSE_WORD = re.compile(
    r"\s*(?:and|but|or|when|while|who|which|that|as|after|before|because|if|where)\b", re.IGNORECASE
)
_BARE_PHRASE_WORDS = 5
_PUNCTUATION = re.compile(r"[,.;:!?]")


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, b[0] - a[1], a[0] - b[1])


class _Sentences:
    def __init__(self, starts: Sequence[int]) -> None:
        self.starts = list(starts)

    def index(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.starts, char) - 1)


class _BySentence:
    """Segments indexed by the sentence they start in, so a search looks at a few sentences
    instead of the whole document (all-pairs linking cost quadratic time on long texts)."""

    def __init__(self, segments: Sequence[Segment], sents: _Sentences) -> None:
        self.keys = sorted((sents.index(seg[0]), i) for i, seg in enumerate(segments))

    def within(self, first: int, last: int) -> list[int]:
        """Indices, in list order, of the segments starting in sentences ``first..last``."""
        lo = bisect.bisect_left(self.keys, (first, -1))
        hi = bisect.bisect_left(self.keys, (last + 1, -1))
        return sorted(i for _, i in self.keys[lo:hi])


def _crosses(breaks: Sequence[int], a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether a line break lies between the spans ``a`` and ``b``."""
    lo, hi = min(a[1], b[1]), max(a[0], b[0])
    i = bisect.bisect_left(breaks, lo)
    return i < len(breaks) and breaks[i] < hi


def _cue_for(
    content: Segment,
    cues: Sequence[Segment],
    by_sentence: _BySentence,
    sents: _Sentences,
    breaks: Sequence[int],
    skip: Collection[int] = (),
) -> tuple[int, int] | None:
    """``(cost, cue index)`` of the nearest cue that may introduce ``content``, leaving out
    the cues in ``skip``."""
    first, last = sents.index(content[0]), sents.index(max(content[0], content[1] - 1))
    best: tuple[int, int] | None = None
    for i in by_sentence.within(first - 1, last + 1):
        if i in skip:
            continue
        cue = cues[i]
        if content[0] <= cue[0] and cue[1] <= content[1]:
            continue
        s = sents.index(cue[0])
        if first <= s <= last:
            cost = _gap(content[:2], cue[:2])
        elif first - 1 <= s <= last + 1:
            cost = NEIGHBOUR_PENALTY + _gap(content[:2], cue[:2])
        else:
            continue
        if _crosses(breaks, content[:2], cue[:2]):
            cost += PARAGRAPH_PENALTY
        if best is None or (cost, i) < best:
            best = (cost, i)
    return best


def _source_for(
    cue: Segment,
    contents: Sequence[Segment],
    sources: Sequence[Segment],
    by_sentence: _BySentence,
    sents: _Sentences,
) -> Segment | None:
    sent = sents.index(cue[0])
    best: tuple[int, Segment] | None = None
    for i in by_sentence.within(sent, sent):
        src = sources[i]
        if any(c[0] <= src[0] and src[1] <= c[1] for c in contents):
            continue
        cost = _gap(src[:2], cue[:2])
        if best is None or cost < best[0]:
            best = (cost, src)
    return None if best is None else best[1]


def _split_around(text: str, prev: Segment, seg: Segment, cue: Segment) -> bool:
    """Whether ``prev`` and ``seg`` are two pieces of one statement split around ``cue``."""
    if not (prev[1] <= cue[0] and cue[1] <= seg[0]):
        return False
    if "\n" in text[prev[1] : cue[0]]:
        return False  # the first piece sits in the cue's paragraph: not a lead sentence above it
    if _SET_OFF.search(text[cue[1] : seg[0]]) or text[seg[0]] in OPENING:
        return True
    gap = text[prev[1] : seg[0]].strip()
    return (
        gap[:1].islower()
        and len(gap.split()) <= _BARE_PHRASE_WORDS
        and not _PUNCTUATION.search(gap)
        and not _CLAUSE_WORD.match(gap)
    )


def _pieces(text: str, cue: Segment, contents: Sequence[Segment]) -> list[list[Segment]]:
    """Group a cue's contents (in text order) into statements: consecutive segments are
    pieces of one content when they are split around the cue (``_split_around``) or only
    punctuation and a line break lie between them and the first opens a quote (a quote run
    over paragraphs; a lead sentence above a quote opens none); any other segment starts a
    statement of its own. ``link`` lets a cue keep one statement.

    Two segments on either side of a cue are two statements when nothing marks a split
    ('… that Machado was "a con" and encouraged Americans to …', where the first belongs to
    an earlier cue the tagger missed): on PolNeAR dev, requiring the mark gained 0.015 exact
    content F1. Within a paragraph, two segments with only punctuation between are two
    statements: the tagger splits one clause into two segments far less often than it tags
    a stray "And" or "In addition" beside a content (joining them cost 0.007).
    """
    groups: list[list[Segment]] = []
    for seg in contents:
        if groups:
            prev = groups[-1][-1]
            gap = text[prev[1] : seg[0]]
            if _split_around(text, prev, seg, cue) or (
                "\n" in gap and not _WORDS.search(gap) and _quoted_at(text, groups[-1][0])
            ):
                groups[-1].append(seg)
                continue
        groups.append([seg])
    return groups


def _quoted_at(text: str, seg: Segment) -> bool:
    """Whether ``seg`` opens with a quote mark (or just after one)."""
    head = text[max(0, seg[0] - 1) : seg[0] + 1]
    return any(ch in OPENING for ch in head)


def _span(text: str, seg: Segment) -> Span:
    return Span(start=seg[0], end=seg[1], text=text[seg[0] : seg[1]])


def link(
    text: str,
    segments: dict[str, list[Segment]],
    sentence_starts: Sequence[int],
    fallback: dict[str, list[Segment]] | None = None,
) -> list[Attribution]:
    """Tie source, cue and content segments into attributions, in text order of their cues;
    ``fallback`` segments fill in roles left without a partner (rule 3 above)."""
    sents = _Sentences(sentence_starts)
    found = _link(text, segments, sents)
    if not fallback:
        return found
    return _link(text, _rescued(segments, fallback, found, sents), sents)


def _overlaps(seg: Segment, others: Sequence[Segment]) -> bool:
    return any(min(seg[1], o[1]) > max(seg[0], o[0]) for o in others)


class Cover:
    """Whether a span overlaps any of a fixed list of spans (``(start, end, ...)``), answered
    by bisection rather than by a scan of the list, which cost quadratic time on long texts."""

    def __init__(self, spans: Sequence[tuple[int, int] | Segment]) -> None:
        ordered = sorted((s[0], s[1]) for s in spans if s[1] > s[0])
        self.starts = [s for s, _ in ordered]
        self.reach = list(accumulate((e for _, e in ordered), max))

    def overlaps(self, span: tuple[int, int] | Segment) -> bool:
        k = bisect.bisect_left(self.starts, span[1])
        return span[1] > span[0] and k > 0 and self.reach[k - 1] > span[0]


def _rescued(
    segments: dict[str, list[Segment]],
    fallback: dict[str, list[Segment]],
    found: Sequence[Attribution],
    sents: _Sentences,
) -> dict[str, list[Segment]]:
    """``segments`` plus the fallback segments that give a lone segment its partner."""
    linked = {r for att in found for r in att.content.spans}
    cued = {(att.cue.start, att.cue.end) for att in found}
    lone_contents = [c for c in segments["content"] if c[:2] not in linked]
    lone_cues = [c for c in segments["cue"] if c[:2] not in cued]
    bare_cues = [(att.cue.start, att.cue.end, 0.0) for att in found if att.source is None]

    partners = {"cue": lone_contents, "content": lone_cues, "source": bare_cues}
    indexed = {role: _BySentence(segs, sents) for role, segs in partners.items()}

    def near(seg: Segment, role: str, spread: int) -> list[Segment]:
        """The partners for a fallback ``role`` segment, starting within ``spread`` sentences
        of it: a cue or content reaches a neighbouring sentence, a source only its own."""
        at = sents.index(seg[0])
        return [partners[role][i] for i in indexed[role].within(at - spread, at + spread)]

    def reach(cue: Segment, content: Segment) -> bool:
        return not (content[0] <= cue[0] and cue[1] <= content[1])

    extra = {
        "cue": [q for q in fallback["cue"] if any(reach(q, c) for c in near(q, "cue", 1))],
        "content": [c for c in fallback["content"] if any(reach(q, c) for q in near(c, "content", 1))],
        "source": [s for s in fallback["source"] if any(not _overlaps(s, [q]) for q in near(s, "source", 0))],
    }
    return {
        role: sorted([*segs, *(x for x in extra[role] if not cover.overlaps(x))])
        for role, segs in segments.items()
        for cover in [Cover(segs)]
    }


def _link(text: str, segments: dict[str, list[Segment]], sents: _Sentences) -> list[Attribution]:
    cues = segments["cue"]
    breaks = [m.start() for m in re.finditer("\n", text)]
    # Each content goes to its nearest cue, nearest pairs first; a cue keeps only contents
    # that are pieces of one statement, so a farther content that is not is dropped (it is
    # most often a tagging error; moving it to its next cue measured worse on dev).
    cues_by_sentence = _BySentence(cues, sents)
    nearest = [
        (*found, content)
        for content in segments["content"]
        if (found := _cue_for(content, cues, cues_by_sentence, sents, breaks)) is not None
    ]
    by_cue: dict[int, list[Segment]] = {}
    dropped: list[Segment] = []
    for _, i, content in sorted(nearest):
        joined = sorted([*by_cue.get(i, []), content])
        if len(_pieces(text, cues[i], joined)) == 1:
            by_cue[i] = joined
        else:
            dropped.append(content)
    # A content dropped that way goes to a cue of its sentence left with none: in 'Ibarra
    # said in an interview that ... and accused the governor of ...', "accused" is nearer
    # to the first content but keeps its own, and "said" would otherwise be left bare.
    for content in dropped:
        found = _cue_for(content, cues, cues_by_sentence, sents, breaks, skip=by_cue.keys())
        if found is not None and found[0] < NEIGHBOUR_PENALTY:
            by_cue[found[1]] = [content]
    quoted = quoted_mask(text)
    sources_by_sentence = _BySentence(segments["source"], sents)
    out: list[Attribution] = []
    for i in sorted(by_cue, key=lambda k: cues[k][0]):
        cue, contents = cues[i], by_cue[i]
        source = _source_for(cue, contents, segments["source"], sources_by_sentence, sents)
        parts = [cue[2], sum(c[2] for c in contents) / len(contents)] + ([source[2]] if source else [])
        out.append(
            Attribution(
                id=f"A{len(out) + 1}",
                source=_span(text, source) if source else None,
                cue=_span(text, cue),
                content=Content.of(text, [(s, e) for s, e, _ in contents]),
                kind=quote_kind(text, quoted, [(s, e) for s, e, _ in contents]),
                confidence=round(float(np.prod(parts)) ** (1 / len(parts)), 3),
            )
        )
    return out
