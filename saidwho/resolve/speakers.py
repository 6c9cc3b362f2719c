"""Doc + Attributions -> Speakers: the stages the package docstring lists, in order."""

from __future__ import annotations

import logging
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate

from msgspec.structs import replace
from spacy.tokens import Doc

from saidwho.intervals import Intervals
from saidwho.nlp.index import doc_text, sentence_of
from saidwho.records import Attribution, Span, Speaker
from saidwho.resolve.anonymity import anonymity
from saidwho.resolve.lexicon import Lexicon, load_lexicon
from saidwho.resolve.link import Linker, Referent
from saidwho.resolve.names import surnames
from saidwho.resolve.phrases import acronyms, dedupe, descriptors
from saidwho.resolve.recipient import recipient
from saidwho.resolve.sources import ORGANIZATION_ENTITIES, SourceMention, analyse

log = logging.getLogger(__name__)

# A sourceless quote this close after the previous attribution (about one short paragraph
# of news copy) continues that speaker. Hand-set, not tuned.
INHERIT_CHARS = 600
GENERIC_PEOPLE = frozenset({"people", "person"})


def resolve(
    doc: Doc,
    attributions: Sequence[Attribution],
    *,
    lexicon: Lexicon | None = None,
    authors: Sequence[str] = (),
) -> tuple[list[Attribution], list[Speaker]]:
    """Set each attribution's ``speaker`` and return the article's speakers.

    ``authors`` are the byline's (``Article.authors``): the writer's own "I" is theirs.
    Attributions come back in their input order; speakers are numbered by first mention.
    """
    lexicon = lexicon or load_lexicon()
    order = sorted(range(len(attributions)), key=lambda i: _position(attributions[i]))
    known = surnames(doc)
    short = acronyms(doc_text(doc))
    mentions: dict[int, SourceMention] = {}
    for i in order:
        source = attributions[i].source
        found = analyse(doc, source, lexicon, known, short) if source is not None else None
        if found is not None:
            mentions[i] = found
    linker = Linker(doc, lexicon, list(mentions.values()), known, authors, short)
    owner: dict[int, int] = {}
    quoted_i = [i for i in order if i in mentions and _quoted_first_person(linker, mentions[i])]
    quoted = set(quoted_i)
    for i in order:
        if i in mentions and i not in quoted:
            owner[i] = linker.link(mentions[i], i, attributions[i].content.spans)
    contents = Intervals(
        (a, b, (b - a, j, b)) for j, att in enumerate(attributions) for a, b in att.content.spans
    )
    for i in quoted_i:
        outer = _enclosing(attributions, contents, i, owner)
        if outer is None:
            owner[i] = linker.link(mentions[i], i, attributions[i].content.spans)
        else:
            owner[i] = linker.attach(owner[outer], mentions[i], i)
    _drop_intro(doc, owner, linker)
    _inherit(attributions, order, owner, linker)
    return _finish(doc, attributions, owner, linker, lexicon)


def _drop_intro(doc: Doc, owner: dict[int, int], linker: Linker) -> None:
    """Join a lede's unnamed role to the person the next paragraph names for it.

    British and broadcast copy often opens on a role ("The leader of the dockworkers' union
    at Harwick has told the BBC ...") and names the person in the next paragraph ("Gemma
    Rourke, general secretary of the Harwick Dockers' Union, said ..."). The role is that
    person when no one is named before it in its paragraph or quoted before it, the person
    is the next paragraph's first name and a quoted source, and the role shares a word with
    the appositive or relative clause that describes the name (by its first four letters:
    "union", "Harwick"; "leader" and "leads").
    """
    used = sorted(set(owner.values()))
    first_quoted = min(
        (
            min(m.span.start for m in linker.referents[i].sources)
            for i in used
            if linker.referents[i].cluster is not None and linker.referents[i].sources
        ),
        default=None,
    )
    # Names by where they start, and the first quoted referent of each name's cluster, so
    # that each role looks up its paragraph's names instead of reading all of them.
    names = sorted((m.start, linker.name_owner[k]) for k, m in enumerate(linker.names))
    quoted_by_cluster: dict[int, int] = {}
    for i in used:
        cluster = linker.referents[i].cluster
        if cluster is not None:
            quoted_by_cluster.setdefault(cluster, i)
    text = doc_text(doc)
    for index in used:
        role = linker.referents[index]
        if (
            role.named
            or role.cluster is not None
            or role.type not in {"person", "unknown"}
            or not role.sources
        ):
            continue
        mention = min(role.sources, key=lambda m: m.span.start)
        start = mention.span.start
        paragraph = text.rfind("\n", 0, start) + 1
        k = bisect_left(names, (paragraph, -1))
        named_before = (k < len(names) and names[k][0] < start) or (
            first_quoted is not None and first_quoted < start
        )
        if mention.kind != "phrase" or not mention.definite or named_before:
            continue
        person = _named_next(text, names, quoted_by_cluster, mention.span.end)
        if person is not None and _stems(doc, mention) & _stems_around(doc, linker, person):
            log.debug("%r is %r, named in the next paragraph", role.name, linker.referents[person].name)
            linker.merge(index, person)
            for i, j in owner.items():
                if j == index:
                    owner[i] = person


def _named_next(
    text: str, names: list[tuple[int, int]], quoted_by_cluster: dict[int, int], after: int
) -> int | None:
    """The quoted person whose name comes first in the paragraph after character ``after``,
    given the article's ``names`` as sorted (start, cluster) pairs."""
    end = text.find("\n", after)
    while end != -1 and end + 1 < len(text) and text[end + 1].isspace():
        end += 1
    if end == -1:
        return None
    limit = text.find("\n", end + 1)
    limit = len(text) if limit == -1 else limit
    k = bisect_right(names, (end, len(names)))
    if k == len(names) or names[k][0] >= limit:
        return None
    return quoted_by_cluster.get(names[k][1])


def _stems(doc: Doc, mention: SourceMention) -> set[str]:
    tokens = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
    return {t.lower_[:4] for t in tokens or [] if t.is_alpha and len(t) > 3 and not t.is_stop}


def _stems_around(doc: Doc, linker: Linker, index: int) -> set[str]:
    cluster = linker.cluster(index)
    if cluster is None:
        return set()
    head = doc[cluster.mentions[0].head]
    described = [t for c in head.children if c.dep_ in {"appos", "relcl"} for t in c.subtree]
    return {t.lower_[:4] for t in described if t.is_alpha and len(t) > 3 and not t.is_stop}


def _quoted_first_person(linker: Linker, mention: SourceMention) -> bool:
    return mention.pronoun == "first" and linker.quoted(mention.span.start)


def _enclosing(
    attributions: Sequence[Attribution],
    contents: Intervals[tuple[int, int, int]],
    i: int,
    owner: dict[int, int],
) -> int | None:
    """The resolved attribution whose content holds attribution ``i``'s source (the "I" in
    '"I told them I would stay," she said'), the innermost if several do. ``contents`` holds
    every attribution's content ranges, keyed by (length, attribution, end)."""
    source = attributions[i].source
    if source is None:
        return None
    holding = [
        (length, j)
        for length, j, end in contents.holding(source.start)
        if j != i and j in owner and source.end <= end
    ]
    return min(holding)[1] if holding else None


def _position(attribution: Attribution) -> int:
    if attribution.source is not None:
        return attribution.source.start
    return attribution.cue.start


def _inherit(
    attributions: Sequence[Attribution], order: list[int], owner: dict[int, int], linker: Linker
) -> None:
    """Give sourceless attributions the previous speaker when nothing intervenes."""
    previous: tuple[int, int] | None = None
    for i in order:
        attribution = attributions[i]
        start = min((a for a, _ in attribution.content.spans), default=attribution.cue.start)
        end = max((b for _, b in attribution.content.spans), default=attribution.cue.end)
        # Only a quote runs on: "suspected militants" or "it was not immediately clear
        # whether" after a statement is nobody's.
        running = attribution.kind != "indirect"
        if i not in owner and attribution.source is None and previous is not None and running:
            speaker, last_end = previous
            near = 0 <= start - last_end <= INHERIT_CHARS
            if near and not linker.other_name_between(last_end, start, speaker):
                owner[i] = speaker
                log.debug("attribution %s inherits the previous speaker", attribution.id)
        if i in owner:
            previous = (owner[i], max(end, attribution.cue.end))


def _finish(
    doc: Doc,
    attributions: Sequence[Attribution],
    owner: dict[int, int],
    linker: Linker,
    lexicon: Lexicon,
) -> tuple[list[Attribution], list[Speaker]]:
    used = sorted(set(owner.values()))
    needs_orgs = any(linker.referents[i].named and linker.referents[i].cluster is None for i in used)
    org_mentions = _org_mentions(doc) if needs_orgs else {}
    built = {index: build_speaker(doc, linker, index, attributions, org_mentions, lexicon) for index in used}
    ranked = sorted(used, key=lambda index: (built[index].mentions[0].start, index))
    ids = {index: f"S{n}" for n, index in enumerate(ranked, start=1)}
    speakers = [replace(built[index], id=ids[index]) for index in ranked]
    resolved = [replace(a, speaker=ids[owner[i]]) if i in owner else a for i, a in enumerate(attributions)]
    return resolved, speakers


def _org_mentions(doc: Doc) -> dict[str, list[Span]]:
    """Organization-like entities by lowercase text without a leading "the"."""
    found: dict[str, list[Span]] = {}
    for ent in doc.ents:
        if ent.label_ in ORGANIZATION_ENTITIES:
            start = ent.start + (ent[0].lower_ == "the")
            if start < ent.end:
                span = doc[start : ent.end]
                found.setdefault(span.text.lower(), []).append(
                    Span(start=span.start_char, end=span.end_char, text=span.text)
                )
    return found


def build_speaker(
    doc: Doc,
    linker: Linker,
    index: int,
    attributions: Sequence[Attribution],
    org_mentions: dict[str, list[Span]],
    lexicon: Lexicon,
) -> Speaker:
    """The Speaker record for referent ``index`` (its id is set by the caller)."""
    referent = linker.referents[index]
    sources = [m.span for m in referent.sources]
    extra: list[Span] = []
    found: list[str] = []
    cluster = linker.cluster(index)
    if cluster is not None:
        extra = [Span(start=m.start, end=m.end, text=m.text) for m in cluster.mentions]
        found = [d for m in cluster.mentions for d in descriptors(doc[m.head], m.first, lexicon)]
    elif referent.named:
        extra = org_mentions.get(referent.name.lower(), [])
    found = dedupe([d for m in referent.sources for d in m.descriptors] + found)
    inside = _Within(sources)
    mentions = sources + [m for m in extra if not inside(m.start)]
    anonymous, reason = _anonymity(doc, referent, lexicon)
    return Speaker(
        id="",
        name=referent.name,
        type=referent.type,
        named=referent.named,
        anonymous=anonymous,
        anonymity_reason=reason,
        descriptors=found,
        mentions=sorted(set(mentions), key=lambda s: (s.start, s.end)),
        recipient=next(
            (r for r in (_recipient(doc, linker, attributions[i].cue) for i in referent.attributions) if r),
            None,
        ),
    )


def _recipient(doc: Doc, linker: Linker, cue: Span) -> str | None:
    """The cue's addressee; the writer's name for "me" outside quotation marks ("told me")."""
    found = recipient(doc, cue)
    if found is not None and found.lower() == "me" and not linker.quoted(cue.start):
        return linker.writer_name()
    return found


class _Within:
    """Whether a character lies in any of some spans, by bisection: a speaker quoted a
    thousand times has a thousand sources and mentions, too many to compare pairwise."""

    def __init__(self, spans: Sequence[Span]) -> None:
        ordered = sorted((s.start, s.end) for s in spans)
        self.starts = [start for start, _ in ordered]
        self.reach = list(accumulate((end for _, end in ordered), max))

    def __call__(self, char: int) -> bool:
        k = bisect_right(self.starts, char)
        return k > 0 and self.reach[k - 1] > char


def _everyone(doc: Doc, mention: SourceMention) -> bool:
    """A bare "people" or "person" with nothing to pick anyone out ("People tell me ..."):
    people in general, not sources left unnamed ("two people familiar with the talks")."""
    head = doc[mention.head]
    return mention.lemma in GENERIC_PEOPLE and not any(c.dep_ != "punct" for c in head.children)


def _anonymity(doc: Doc, referent: Referent, lexicon: Lexicon) -> tuple[bool, str | None]:
    """Anonymity per the module docstring's rule; the first reason any mention gives."""
    if referent.named or referent.type not in {"person", "group"}:
        return False, None
    anonymous = any(
        m.kind == "phrase" and m.lemma in lexicon.anonymous_nouns and not _everyone(doc, m)
        for m in referent.sources
    )
    for mention in referent.sources:
        cue, reason = anonymity(sentence_of(doc[mention.head]))
        anonymous = anonymous or cue
        if reason is not None:
            return True, reason
    return anonymous, None
