"""BRAT standoff, as the PolNeAR corpus writes it: reader and writer.

A PolNeAR ``.ann`` file holds ``T`` lines (``T3<TAB>Content 10 20;25 40<TAB>text``) for
Source, Cue, Content and Attribution trigger spans, and ``E`` lines tying them into one
event (``E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1``). What the corpus really holds,
and the reader accepts: ``Attribution-no-source`` events, second contents (``Content2``),
spans shared by two events, ``Discuss``/``Discard`` spans (annotators' notes, not
attributions), ``#`` notes, and span texts that run over several lines (a Content that
crosses a paragraph break), which is why lines are matched by their ``T``/``E`` prefix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import msgspec

from saidwho.records import Article, Attribution

Ranges = tuple[tuple[int, int], ...]

_T_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t?")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")
_ROLES = {"Source": "source", "Cue": "cue", "Content": "content", "Content2": "content"}


class GoldAttribution(msgspec.Struct, frozen=True, kw_only=True):
    """One annotated attribution: span ranges per role (``source`` may be empty)."""

    source: Ranges | None
    cue: Ranges | None
    content: tuple[Ranges, ...]


def _ranges(spec: str) -> Ranges:
    # In text order: a few PolNeAR files list a discontinuous span's pieces out of order
    # ("T5 Content 300 320;100 150"), and a span is the same span whatever the order.
    pairs = (part.split() for part in spec.strip().split(";"))
    return tuple(sorted((int(a), int(b)) for a, b in pairs))


def parse_ann(text: str) -> list[GoldAttribution]:
    """Parse the text of one ``.ann`` file into attributions."""
    spans: dict[str, Ranges] = {}
    events: list[list[tuple[str, str]]] = []
    for line in text.splitlines():
        if m := _T_LINE.match(line):
            spans[m.group(1)] = _ranges(m.group(3))
        elif m := _E_LINE.match(line):
            pairs = (a.split(":", 1) for a in m.group(2).split() if ":" in a)
            events.append([(role, ref) for role, ref in pairs])
    return [_event(args, spans) for args in events if args and args[0][0].startswith("Attribution")]


def _event(args: list[tuple[str, str]], spans: dict[str, Ranges]) -> GoldAttribution:
    roles: dict[str, list[Ranges]] = {"source": [], "cue": [], "content": []}
    for role, ref in args[1:]:
        if role in _ROLES and ref in spans:
            roles[_ROLES[role]].append(spans[ref])
    return GoldAttribution(
        source=roles["source"][0] if roles["source"] else None,
        cue=roles["cue"][0] if roles["cue"] else None,
        content=tuple(roles["content"]),
    )


def read_ann(path: Path) -> list[GoldAttribution]:
    """Read one ``.ann`` file."""
    return parse_ann(path.read_text(encoding="utf-8"))


def from_attributions(attributions: Iterable[Attribution]) -> list[GoldAttribution]:
    """View predicted attributions as the reader's records, for scoring."""
    return [
        GoldAttribution(
            source=((a.source.start, a.source.end),) if a.source else None,
            cue=((a.cue.start, a.cue.end),),
            content=(tuple(a.content.spans),),
        )
        for a in attributions
    ]


def _span_text(text: str, ranges: Iterable[tuple[int, int]]) -> str:
    # BRAT joins the pieces of a discontinuous span with a space; newlines inside a piece
    # stay, exactly as PolNeAR's own files have them.
    return " ".join(text[s:e] for s, e in ranges)


def write_ann(article: Article) -> str:
    """Render an article's attributions as PolNeAR-style BRAT standoff."""
    lines: list[str] = []
    ids: dict[tuple[str, Ranges], str] = {}

    def t_line(label: str, ranges: Ranges) -> str:
        key = (label, ranges)
        if key not in ids:
            ids[key] = f"T{len(ids) + 1}"
            spec = ";".join(f"{s} {e}" for s, e in ranges)
            lines.append(f"{ids[key]}\t{label} {spec}\t{_span_text(article.text, ranges)}")
        return ids[key]

    events = {att.id: n for n, att in enumerate(article.attributions, start=1)}
    notes: list[str] = []
    for n, att in enumerate(article.attributions, start=1):
        if att.parent in events:
            # A nested statement names the one it is nested in (BRAT's annotator notes).
            notes.append(f"#{len(notes) + 1}\tAnnotatorNotes E{n}\tparent: E{events[att.parent]}")
        cue: Ranges = ((att.cue.start, att.cue.end),)
        args = [f"Content:{t_line('Content', tuple(att.content.spans))}", f"Cue:{t_line('Cue', cue)}"]
        event = "Attribution"
        if att.source is not None:
            args.append(f"Source:{t_line('Source', ((att.source.start, att.source.end),))}")
        else:
            event = "Attribution-no-source"
        trigger = f"T{len(ids) + 1}"
        ids[(f"{event}#{n}", cue)] = trigger
        lines.append(f"{trigger}\t{event} {att.cue.start} {att.cue.end}\t{att.cue.text}")
        lines.append(f"E{n}\t{event}:{trigger} " + " ".join(args))
    lines += notes
    return "\n".join(lines) + ("\n" if lines else "")
