"""What every benchmark records beside its figures: split, commit, machine."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from saidwho.clean import clean
from saidwho.evaluate import gold_files
from saidwho.formats.brat import GoldAttribution, read_ann
from saidwho.ingest import read_inputs
from saidwho.nlp import load_nlp
from saidwho.pipeline import blank_outside
from saidwho.records import Article, RawDoc
from saidwho.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
POLNEAR = Path(os.environ.get("SAIDWHO_POLNEAR", ROOT.parent / "shared" / "data" / "polnear"))
RESULTS = ROOT / "bench" / "results"


def context(split: str) -> dict[str, Any]:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {
        "split": split,
        "commit": commit or None,
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }


def write(name: str, payload: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return path


@dataclass
class Parsed:
    """One gold article as ``saidwho extract`` sees it before extraction."""

    stem: str
    article: Article  # cleaned: offsets index ``article.text``
    doc: Doc  # the spaCy parse of the text with boilerplate blanked out
    file_text: str  # the gold file's text, which the gold offsets index
    gold: list[GoldAttribution]


def parsed_split(split_dir: Path) -> Iterator[Parsed]:
    """Each article of a PolNeAR split (first annotator's gold), cleaned and parsed as
    ``saidwho extract`` does: read, clean, blank the boilerplate, parse."""
    gold = gold_files(split_dir / "attributions")
    settings, nlp = Settings(), load_nlp()
    stems = sorted(gold)
    paths = [str(split_dir / "text" / f"{stem}.txt") for stem in stems]
    for raw, stem in zip(read_inputs(paths, settings=settings), stems, strict=True):
        assert isinstance(raw, RawDoc), raw
        article = clean(raw, settings=settings)
        doc = nlp(blank_outside(article.text, article.body))
        file_text = (split_dir / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        yield Parsed(stem, article, doc, file_text, read_ann(gold[stem]))
