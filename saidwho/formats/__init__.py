"""Article formats: json, jsonl and table writers here; BRAT standoff (read and write) in brat.py."""

from __future__ import annotations

import re
import textwrap
from pathlib import PurePath

import msgspec

from saidwho.records import Article

FORMATS = ("json", "jsonl", "table", "brat")

_encoder = msgspec.json.Encoder()


def to_json(article: Article) -> str:
    """One article as an indented JSON object."""
    return msgspec.json.format(_encoder.encode(article), indent=2).decode()


def to_jsonl(article: Article) -> str:
    """One article as a single JSON line (no trailing newline)."""
    return _encoder.encode(article).decode()


def output_stem(source: str) -> str:
    """The file stem an article's outputs are named by.

    ``a/b/x.txt`` -> ``x``; a WARC record ``crawl.warc.gz#3`` -> ``crawl-3``; a JSONL line
    ``feed.jsonl:12`` -> ``feed-12``; a URL -> its last path segment.
    """
    path, _, fragment = source.partition("#")
    if not fragment and re.search(r"\.jsonl:\d+$", source):
        path, fragment = source.rsplit(":", 1)
    name = PurePath(path.rstrip("/")).name or "article"
    for suffix in (".gz", ".warc", ".jsonl", ".html", ".htm", ".txt"):
        name = name.removesuffix(suffix)
    stem = f"{name}-{fragment}" if fragment else name
    return re.sub(r"[^\w.-]+", "_", stem) or "article"


def _shorten(text: str, width: int) -> str:
    return textwrap.shorten(" ".join(text.split()), width=width, placeholder="…")


def to_table(article: Article) -> str:
    """Who said what, one line per attribution, for people."""
    speakers = {s.id: s for s in article.speakers}
    header = f"# {article.title or article.source}  ({len(article.attributions)} attributions)"
    lines = [header]
    for att in article.attributions:
        speaker = speakers.get(att.speaker) if att.speaker else None
        if speaker is not None:
            tags = [speaker.type] + (["anonymous"] if speaker.anonymous else [])
            who = f"{speaker.name} ({', '.join(tags)})"
        else:
            who = att.source.text if att.source else "(no source)"
        lines.append(
            f"{_shorten(who, 40):<42}{_shorten(att.cue.text, 16):<18}"
            f"{att.kind:<9}{_shorten(att.content.text, 90)}"
        )
    return "\n".join(lines)
