"""PolNeAR (BRAT) -> training examples: a text and its character spans per role."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from saidwho.evaluate import gold_files
from saidwho.formats.brat import GoldAttribution, read_ann


@dataclass
class Example:
    """One annotated article."""

    stem: str
    text: str
    attributions: list[GoldAttribution]
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)


def role_segments(atts: list[GoldAttribution]) -> dict[str, list[tuple[int, int]]]:
    """Contiguous character segments per role; a discontinuous span gives one per piece."""
    out: dict[str, set[tuple[int, int]]] = {"source": set(), "cue": set(), "content": set()}
    for att in atts:
        for role, ranges in (("source", att.source), ("cue", att.cue)):
            if ranges:
                out[role].update(ranges)
        for content in att.content:
            out["content"].update(content)
    return {role: sorted(v) for role, v in out.items()}


def load_split(split_dir: Path) -> list[Example]:
    """Every article of a split (``<split>/text``, ``<split>/attributions``), first annotator each."""
    examples = []
    for stem, ann in sorted(gold_files(split_dir / "attributions").items()):
        text = (split_dir / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        atts = read_ann(ann)
        examples.append(Example(stem, text, atts, role_segments(atts)))
    return examples
