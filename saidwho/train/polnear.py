"""PolNeAR (BRAT) -> training examples: a text and its character spans per role."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from saidwho.evaluate import annotation_files
from saidwho.export.brat import GoldAttribution, read_ann


@dataclass
class Example:
    """One annotated article."""

    stem: str
    text: str
    attributions: list[GoldAttribution]
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    syntax: npt.NDArray[np.int8] | None = None  # encoding.syntax_states of the parsed text


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


def load_split(split_dir: Path, *, every_annotator: bool = False) -> list[Example]:
    """Every article of a split (``<split>/text``, ``<split>/attributions``): the first
    annotator's reading of each, or with ``every_annotator`` one example per reading (PolNeAR
    train has a second annotator's file for 79 articles)."""
    examples = []
    for stem, anns in sorted(annotation_files(split_dir / "attributions").items()):
        text = (split_dir / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        for ann in anns if every_annotator else anns[:1]:
            atts = read_ann(ann)
            examples.append(Example(stem, text, atts, role_segments(atts)))
    return examples
