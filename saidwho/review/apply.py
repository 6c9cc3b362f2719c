"""Fixes applied to an article record: the machine's record in, the reviewed record out.

Pure functions over :class:`~saidwho.records.Article`; the store keeps the machine record
and the fixes, and stores what :func:`apply` gives (``saidwho/store/corrections.py``). Fixes
apply in the order they were made, each to the record as the ones before it left it, so a
fix names its statement as the reviewer saw it. A fix lands only where every span it names
still reads the words it was made on; otherwise it is reported with the reason and the
record is left as it was (:attr:`Landing.problem`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import msgspec
from msgspec.structs import replace

from saidwho.records import Article, Attribution, Content, Span, Speaker
from saidwho.review.records import ATTRIBUTION_OPS, SPEAKER_OPS, At, Fix, NewStatement, Target, Who

# Characters of text kept on each side of a fix's spans, to find them again in a changed text.
CONTEXT = 40


class Landing(msgspec.Struct, frozen=True, kw_only=True):
    """Where a fix landed (an attribution or speaker id), or why it could not."""

    attribution: str | None = None
    speaker: str | None = None
    problem: str | None = None


class Reviewed(msgspec.Struct, frozen=True, kw_only=True):
    """The reviewed record, where each fix landed (by fix id), and the article speakers a
    reviewer tied to a store speaker (``pins``: speaker id to ``sp_...`` id)."""

    article: Article
    landings: dict[int, Landing]
    pins: dict[str, str]


def spans(value: Any) -> list[At]:
    """Every span in a fix's target or value (any nesting)."""
    if isinstance(value, At):
        return [value]
    if isinstance(value, msgspec.Struct):
        return [s for name in value.__struct_fields__ for s in spans(getattr(value, name))]
    if isinstance(value, list | tuple):
        return [s for v in value for s in spans(v)]
    return []


def _map_spans(value: Any, change: Callable[[At], At]) -> Any:
    """``value`` with ``change`` applied to every span in it (any nesting)."""
    if isinstance(value, At):
        return change(value)
    if isinstance(value, msgspec.Struct):
        return replace(value, **{n: _map_spans(getattr(value, n), change) for n in value.__struct_fields__})
    if isinstance(value, list):
        return [_map_spans(v, change) for v in value]
    return value


def fill(value: Any, text: str) -> Any:
    """``value`` with every span's text read from ``text``."""
    return _map_spans(value, lambda at: replace(at, text=text[at.start : at.end]))


def shifted(value: Any, delta: int) -> Any:
    """``value`` with every span moved by ``delta`` characters."""
    return _map_spans(value, lambda at: replace(at, start=at.start + delta, end=at.end + delta))


def context(target: Target, value: Any, text: str) -> At | None:
    """The text around all of a fix's spans, kept so that they can be found in a changed text."""
    found = spans(target) + spans(value)
    if not found:
        return None
    start = max(0, min(s.start for s in found) - CONTEXT)
    end = min(len(text), max(s.end for s in found) + CONTEXT)
    return At(start=start, end=end, text=text[start:end])


def misfit(fix: Fix, text: str) -> str | None:
    """Why ``fix`` does not fit ``text`` (a span reads other words now), or None."""
    for span in spans(fix.target) + spans(fix.value):
        if not 0 <= span.start <= span.end <= len(text) or text[span.start : span.end] != span.text:
            now = text[max(0, span.start) : max(0, span.end)]
            return f"the text changed: {span.start}-{span.end} read {span.text!r}, now {now!r}"
    return None


def relocate(fix: Fix, text: str) -> Fix | None:
    """``fix`` moved to where its words are in a changed ``text``: the text around its spans
    must occur there exactly once. None when it does not (the words are gone or repeated)."""
    if misfit(fix, text) is None:
        return fix
    around = fix.target.context
    if around is None or not around.text:
        return None
    at = text.find(around.text)
    if at < 0 or text.find(around.text, at + 1) >= 0:
        return None
    delta = at - around.start
    moved = replace(fix, target=shifted(fix.target, delta), value=shifted(fix.value, delta))
    return moved if misfit(moved, text) is None else None


class _State:
    """The record being reviewed, changed fix by fix."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.attributions = list(article.attributions)
        self.speakers = list(article.speakers)
        self.pins: dict[str, str] = {}

    def find_attribution(self, target: Target) -> int | None:
        if target.cue is None:
            return None
        hits = [
            i
            for i, a in enumerate(self.attributions)
            if (a.cue.start, a.cue.end) == (target.cue.start, target.cue.end)
        ]
        wanted = [(c.start, c.end) for c in target.content]
        same = [i for i in hits if [tuple(s) for s in self.attributions[i].content.spans] == wanted]
        found = same or hits
        return found[0] if found else None

    def find_speaker(self, target: Target | Who) -> int | None:
        mention = target.mention
        for i, sp in enumerate(self.speakers):
            if mention is not None and any(
                (m.start, m.end) == (mention.start, mention.end) for m in sp.mentions
            ):
                return i
        name = target.name.casefold() if isinstance(target, Target) and target.name else None
        return next((i for i, sp in enumerate(self.speakers) if name and sp.name.casefold() == name), None)

    def speaker_for(self, who: Who, fix_id: int, source: Span | None) -> str | None:
        """The id of the speaker ``who`` names: an article speaker, one of the same name, or
        a new one (``R<fix id>``) with the statement's source as its mention."""
        if who.mention is not None:
            found = self.find_speaker(who)
            return None if found is None else self.speakers[found].id
        name = (who.name or "").strip()
        same = next((sp for sp in self.speakers if name and sp.name.casefold() == name.casefold()), None)
        if same is not None:
            if who.canonical:
                self.pins[same.id] = who.canonical
            return same.id
        if not name:
            return None
        anonymous = bool(who.anonymous)
        speaker = Speaker(
            id=f"R{fix_id}",
            name=name,
            type=who.type or "person",
            named=not anonymous,
            anonymous=anonymous,
            anonymity_reason="marked anonymous by a reviewer" if anonymous else None,
            mentions=[source] if source is not None else [],
        )
        self.speakers.append(speaker)
        if who.canonical:
            self.pins[speaker.id] = who.canonical
        return speaker.id

    def record(self) -> Article:
        return replace(self.article, attributions=self.attributions, speakers=self.speakers)


def _span(text: str, at: At | None) -> Span | None:
    return None if at is None else Span(start=at.start, end=at.end, text=text[at.start : at.end])


def _content(text: str, ats: Sequence[At]) -> Content:
    return Content.of(text, sorted((a.start, a.end) for a in ats))


def _on_attribution(state: _State, fix: Fix) -> Landing:
    found = state.find_attribution(fix.target)
    if found is None:
        cue = fix.target.cue
        where = f"{cue.text!r} at {cue.start}-{cue.end}" if cue else "?"
        return Landing(problem=f"no statement with the cue {where} any more")
    att = state.attributions[found]
    if fix.op == "stance":  # kept beside the statement's claim, not in the record
        return Landing(attribution=att.id)
    text = state.article.text
    changed: Attribution | None = att
    if fix.op == "delete":
        changed = None
    elif fix.op == "source":
        changed = replace(att, source=_span(text, fix.value), sentence=None)
    elif fix.op == "cue":
        changed = replace(att, cue=_span(text, fix.value), sentence=None)
    elif fix.op == "content":
        changed = replace(att, content=_content(text, fix.value), sentence=None)
    elif fix.op == "speaker":
        speaker = state.speaker_for(fix.value, fix.id, att.source)
        if speaker is None:
            return Landing(attribution=att.id, problem="the speaker it names is not in the article any more")
        changed = replace(att, speaker=speaker)
    if changed is None:
        del state.attributions[found]
        state.attributions = [
            replace(a, parent=None) if a.parent == att.id else a for a in state.attributions
        ]
    else:
        state.attributions[found] = replace(changed, confidence=1.0)
    return Landing(attribution=att.id)


def _on_speaker(state: _State, fix: Fix) -> Landing:
    found = state.find_speaker(fix.target)
    if found is None:
        return Landing(problem="no such speaker any more (its mention is gone)")
    sp = state.speakers[found]
    if fix.op == "canonical":
        state.pins[sp.id] = fix.value
    elif fix.op == "type":
        state.speakers[found] = replace(sp, type=fix.value)
    elif fix.op == "name":
        state.speakers[found] = replace(sp, name=fix.value, named=True)
    elif fix.op == "anonymous":
        reason = (sp.anonymity_reason or "marked anonymous by a reviewer") if fix.value else None
        state.speakers[found] = replace(sp, anonymous=fix.value, anonymity_reason=reason)
    return Landing(speaker=sp.id)


def _on_add(state: _State, fix: Fix) -> Landing:
    new: NewStatement = fix.value
    text = state.article.text
    source = _span(text, new.source)
    att = Attribution(
        id=f"R{fix.id}",
        source=source,
        cue=Span(start=new.cue.start, end=new.cue.end, text=text[new.cue.start : new.cue.end]),
        content=_content(text, new.content),
        kind=new.kind,
        speaker=state.speaker_for(new.speaker, fix.id, source) if new.speaker else None,
    )
    state.attributions.append(att)
    state.attributions.sort(key=lambda a: (a.cue.start, a.id))
    return Landing(attribution=att.id)


def _handler(op: str) -> Callable[[_State, Fix], Landing]:
    if op == "add":
        return _on_add
    if op in ATTRIBUTION_OPS:
        return _on_attribution
    assert op in SPEAKER_OPS, op
    return _on_speaker


def apply(article: Article, fixes: Iterable[Fix]) -> Reviewed:
    """``article`` (the machine's record) with ``fixes`` applied in the order given."""
    state = _State(article)
    landings: dict[int, Landing] = {}
    for fix in fixes:
        problem = misfit(fix, article.text)
        landings[fix.id] = Landing(problem=problem) if problem else _handler(fix.op)(state, fix)
    return Reviewed(article=state.record(), landings=landings, pins=state.pins)
