"""Scores predicted attributions against BRAT gold (``saidwho eval``).

Per role (Source, Cue, Content) three views, each as precision/recall/F1 micro-averaged over
documents:

* **exact**: a predicted span counts when a gold span of that role has identical ranges (a
  discontinuous content must match in every piece);
* **piece**: exact, but per contiguous piece: a discontinuous span counts as its pieces, the
  way sequence-labelling papers count BIO spans (the figures to compare with theirs);
* **overlap**: a predicted span counts when it shares a character with a gold span of that
  role, matched one-to-one;
* **token**: the tokens (``\\w+`` or single punctuation marks) covered by the role.

Spans shared by two events are counted once. **Attribution-level**: a predicted attribution
matches a gold one when their contents overlap and their sources overlap (or both have no
source), matched one-to-one, largest content overlap first.

PolNeAR annotates some articles several times; gold files are named ``<stem>_<annotator>.ann``
and only the first annotator (by file name) of each article is scored, so every article
weighs the same.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import msgspec

from saidwho.errors import InputError
from saidwho.formats.brat import GoldAttribution, Ranges, from_attributions, read_ann
from saidwho.records import Article, Failure
from saidwho.settings import Settings

log = logging.getLogger(__name__)
Result = Article | Failure
T = TypeVar("T")

ROLES = ("source", "cue", "content")
VIEWS = ("exact", "piece", "overlap", "token")
_TOKEN = re.compile(r"\w+|[^\w\s]")
_ANNOTATOR = re.compile(r"_[0-9a-f]{4}$")


class Counts(msgspec.Struct, kw_only=True):
    """True positives against predicted and gold totals, for precision and recall."""

    tp_pred: int = 0
    tp_gold: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, tp_pred: int, tp_gold: int, pred: int, gold: int) -> None:
        self.tp_pred += tp_pred
        self.tp_gold += tp_gold
        self.pred += pred
        self.gold += gold

    @property
    def precision(self) -> float:
        return self.tp_pred / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


class Scores(msgspec.Struct, kw_only=True):
    """All figures of one evaluation."""

    documents: int = 0
    exact: dict[str, Counts] = msgspec.field(default_factory=lambda: {r: Counts() for r in ROLES})
    piece: dict[str, Counts] = msgspec.field(default_factory=lambda: {r: Counts() for r in ROLES})
    overlap: dict[str, Counts] = msgspec.field(default_factory=lambda: {r: Counts() for r in ROLES})
    token: dict[str, Counts] = msgspec.field(default_factory=lambda: {r: Counts() for r in ROLES})
    attribution: Counts = msgspec.field(default_factory=Counts)

    def as_dict(self) -> dict[str, object]:
        """Rounded precision/recall/F1 per view and role, for JSON reports."""

        def prf(c: Counts) -> dict[str, float]:
            return {"p": round(c.precision, 4), "r": round(c.recall, 4), "f1": round(c.f1, 4)}

        out: dict[str, object] = {"documents": self.documents}
        for view in VIEWS:
            out[view] = {role: prf(c) for role, c in getattr(self, view).items()}
        out["attribution"] = prf(self.attribution)
        return out


def _role_spans(atts: Iterable[GoldAttribution], role: str) -> list[Ranges]:
    found: set[Ranges] = set()
    for att in atts:
        if role == "content":
            found.update(c for c in att.content if c)
        else:
            value = getattr(att, role)
            if value:
                found.add(value)
    return sorted(found)


def _chars(ranges: Ranges) -> set[int]:
    return {i for s, e in ranges for i in range(s, e)}


def _overlap(a: Ranges, b: Ranges) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _pairs_one_to_one(pred: Sequence[T], gold: Sequence[T], overlap: Callable[[T, T], int]) -> dict[int, int]:
    """Gold index -> predicted index, one to one, largest overlap first; no overlap never matches."""
    pairs = sorted(
        ((overlap(p, g), i, j) for i, p in enumerate(pred) for j, g in enumerate(gold)),
        reverse=True,
    )
    used_p: set[int] = set()
    found: dict[int, int] = {}
    for size, i, j in pairs:
        if size and i not in used_p and j not in found:
            used_p.add(i)
            found[j] = i
    return found


def _match_one_to_one(pred: Sequence[T], gold: Sequence[T], overlap: Callable[[T, T], int]) -> int:
    """How many pairs match one-to-one (:func:`_pairs_one_to_one`)."""
    return len(_pairs_one_to_one(pred, gold, overlap))


def _tokens(text: str, spans: Iterable[Ranges]) -> set[int]:
    covered = set().union(*(_chars(r) for r in spans)) if spans else set()
    return {m.start() for m in _TOKEN.finditer(text) if m.start() in covered}


def _content_ranges(att: GoldAttribution) -> Ranges:
    return tuple(r for c in att.content for r in c)


def _att_overlap(p: GoldAttribution, g: GoldAttribution) -> int:
    content = _overlap(_content_ranges(p), _content_ranges(g))
    if not content:
        return 0
    if p.source is None and g.source is None:
        return content
    if p.source is None or g.source is None or not _overlap(p.source, g.source):
        return 0
    return content


def match_attributions(pred: Sequence[GoldAttribution], gold: Sequence[GoldAttribution]) -> dict[int, int]:
    """``saidwho eval``'s attribution matching: gold index -> predicted index, one to one."""
    return _pairs_one_to_one(pred, gold, _att_overlap)


def score_document(
    scores: Scores, text: str, pred: Sequence[GoldAttribution], gold: Sequence[GoldAttribution]
) -> None:
    """Add one document's counts to ``scores``."""
    scores.documents += 1
    for role in ROLES:
        p, g = _role_spans(pred, role), _role_spans(gold, role)
        exact = len(set(p) & set(g))
        scores.exact[role].add(exact, exact, len(p), len(g))
        pp, gp = {r for ranges in p for r in ranges}, {r for ranges in g for r in ranges}
        pieces = len(pp & gp)
        scores.piece[role].add(pieces, pieces, len(pp), len(gp))
        hits = _match_one_to_one(p, g, _overlap)
        scores.overlap[role].add(hits, hits, len(p), len(g))
        tp_, tg = _tokens(text, p), _tokens(text, g)
        both = len(tp_ & tg)
        scores.token[role].add(both, both, len(tp_), len(tg))
    matched = _match_one_to_one(pred, gold, _att_overlap)
    scores.attribution.add(matched, matched, len(pred), len(gold))


def gold_files(gold_dir: Path) -> dict[str, Path]:
    """Map each article stem to its first annotator's ``.ann`` file under ``gold_dir``."""
    found: dict[str, Path] = {}
    for path in sorted(gold_dir.rglob("*.ann")):
        found.setdefault(_ANNOTATOR.sub("", path.stem), path)
    return found


def format_table(scores: Scores) -> str:
    """The table ``saidwho eval`` prints."""
    rows = [f"{'':16}{'P':>7}{'R':>7}{'F1':>7}   ({scores.documents} documents)"]
    for view in VIEWS:
        for role in ROLES:
            c = getattr(scores, view)[role]
            rows.append(f"{view + ' ' + role:16}{c.precision:7.3f}{c.recall:7.3f}{c.f1:7.3f}")
    c = scores.attribution
    rows.append(f"{'attribution':16}{c.precision:7.3f}{c.recall:7.3f}{c.f1:7.3f}")
    return "\n".join(rows)


def _layout(gold_dir: Path) -> tuple[Path, Path]:
    """Where the ``.ann`` files and the article texts of a gold folder are."""
    if (gold_dir / "attributions").is_dir():
        return gold_dir / "attributions", gold_dir / "text"
    if (gold_dir.parent / "text").is_dir():
        return gold_dir, gold_dir.parent / "text"
    return gold_dir, gold_dir


def _predict(
    stems: list[str],
    text_dir: Path,
    settings: Settings,
    progress: Callable[[Iterator[Result]], Iterator[Result]],
) -> dict[str, list[GoldAttribution]]:
    from saidwho.ingest import read_inputs
    from saidwho.pipeline import process

    paths = [str(text_dir / f"{stem}.txt") for stem in stems]
    predicted: dict[str, list[GoldAttribution]] = {}
    for result in progress(process(read_inputs(paths, settings=settings), settings=settings)):
        if isinstance(result, Failure):
            raise InputError.from_message(result.source, result.message)
        predicted[Path(result.source).stem] = from_attributions(result.attributions)
    return predicted


def evaluate(
    gold_dir: Path,
    *,
    pred_dir: Path | None = None,
    settings: Settings,
    progress: Callable[[Iterator[Result]], Iterator[Result]] = lambda it: it,
) -> Scores:
    """Score ``pred_dir``'s ``.ann`` files, or the configured extractor, against ``gold_dir``."""
    ann_dir, text_dir = _layout(gold_dir)
    gold = gold_files(ann_dir)
    if not gold:
        raise InputError(
            str(gold_dir),
            "no .ann files found",
            "Point at a BRAT folder such as polnear/dev or polnear/dev/attributions",
        )
    stems = sorted(gold)
    if pred_dir is None:
        predicted = _predict(stems, text_dir, settings, progress)
    else:
        predicted = {s: read_ann(pred_dir / f"{s}.ann") for s in stems if (pred_dir / f"{s}.ann").is_file()}
        for stem in sorted(set(stems) - set(predicted)):
            log.warning("%s: no prediction %s.ann; counted as predicting nothing", pred_dir, stem)
    scores = Scores()
    for stem in stems:
        text_path = text_dir / f"{stem}.txt"
        if not text_path.is_file():
            raise InputError(
                str(text_path),
                "the article text for this gold file is missing",
                "Keep text/ beside attributions/ as PolNeAR ships them",
            )
        score_document(
            scores, text_path.read_text(encoding="utf-8"), predicted.get(stem, []), read_ann(gold[stem])
        )
    return scores
