"""The stance of a text toward a claim: ``for``, ``against``, ``observing`` or ``unrelated``.

Two stages, with the shipped model in ``models/stance/`` (see its MODEL.md):

1. relatedness: a logistic regression over three lexical overlaps between claim and text
   (word pieces weighted by inverse document frequency): the share of the claim found in
   the text, in its best sentence, and their TF-IDF cosine. A pair below the tuned
   threshold (one for texts longer than the encoder's window, such as article bodies, a
   lower one for shorter texts) is ``unrelated`` without running the encoder;
2. a cross-encoder (all-MiniLM-L6-v2 fine-tuned on FNC-1 and Emergent, int8 ONNX) reads
   ``[CLS] claim [SEP] text [SEP]`` and gives the four labels' probabilities. A text longer
   than the window (an article body) is cut to its sentences most about the claim.

The int8 graph quantizes its activations with one scale per input tensor, so a row read in
a batch would depend on its batch-mates (and on their padding): the shipped model reads
each row alone, on as many threads as the model may use, one core each. That is as fast
as batches on two cores, and a statement reads the same in a store of one article or of
ten thousand.

A text is cut into sentences, tokenized and weighted once per distinct text in a batch
(``stance_many``), however many claims it is paired with.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from saidwho.errors import InputError
from saidwho.onnx import MODELS, load_folder
from saidwho.records import STANCE_LABELS, Stance
from saidwho.sentences import rough_sentence_starts
from saidwho.settings import model_threads

MODEL_DIR = MODELS / "stance"
REBUILD = "saidwho train stance --data ../shared/data --out saidwho/models/stance"
# The same recipe trained on today's gold, whose statements of a claim's articles about
# something else teach it ``unrelated``: boards ask it whether a statement joined by its
# article is about the claim (see its MODEL.md).
RELATEDNESS_DIR = MODELS / "relatedness"
REBUILD_RELATEDNESS = (
    "saidwho train stance --data ../shared/data --speaker-epochs 2 --out saidwho/models/relatedness"
)


@dataclass(frozen=True)
class Prepared:
    """A text cut into sentences of word-piece ids (no special tokens), with the IDF weights
    its overlaps with claims need, computed once."""

    sentences: list[list[int]]
    weights: dict[int, float]  # each distinct piece: count x IDF
    norm: float  # the length of ``weights`` as a vector
    sentence_sets: list[frozenset[int]]


def prepare(text: str, tokenizer: Any, idf: np.ndarray) -> Prepared:
    """``text`` cut into sentences (at end punctuation and line breaks), tokenized, weighted."""
    starts = rough_sentence_starts(text)
    pieces = [text[s:e].strip() for s, e in zip(starts, [*starts[1:], len(text)], strict=True)]
    pieces = [p for p in pieces if p] or [text]
    sentences = [e.ids for e in tokenizer.encode_batch(pieces, add_special_tokens=False)]
    weights: dict[int, float] = {}
    for s in sentences:
        for i in s:
            weights[i] = weights.get(i, 0.0) + float(idf[i])
    norm = sum(w * w for w in weights.values()) ** 0.5
    return Prepared(sentences, weights, norm, [frozenset(s) for s in sentences])


def overlaps(claim: Prepared, text: Prepared, idf: np.ndarray) -> np.ndarray:
    """The relatedness features: the IDF-weighted share of the claim's pieces found in the
    text and in its best sentence, and the TF-IDF cosine of claim and text."""
    c, t = claim.weights, text.weights
    mass = float(sum(idf[i] for i in c)) or 1.0
    found = sum(float(idf[i]) for i in c if i in t) / mass
    best = max((sum(float(idf[i]) for i in c if i in s) for s in text.sentence_sets), default=0.0) / mass
    dot = sum(w * t[i] for i, w in c.items() if i in t)
    return np.array([found, best, dot / ((claim.norm * text.norm) or 1.0)], dtype=np.float32)


def select(claim: Prepared, text: Prepared, idf: np.ndarray, budget: int) -> list[int]:
    """The text's word pieces to show the encoder: all of them if they fit in ``budget``,
    else its sentences sharing the most (IDF-weighted) with the claim, in text order, the
    last one cut to fit."""
    if sum(len(s) for s in text.sentences) <= budget:
        return [i for s in text.sentences for i in s]
    score = [sum(float(idf[i]) for i in s if i in claim.weights) for s in text.sentence_sets]
    # The lead sentence wins ties: news puts its main assertion first.
    order = sorted(range(len(text.sentences)), key=lambda k: (-score[k], k))
    chosen: dict[int, list[int]] = {}
    left = budget
    for k in order:
        if left < 8:
            break
        chosen[k] = text.sentences[k][:left]
        left -= len(chosen[k])
    return [i for k in sorted(chosen) for i in chosen[k]]


def pair_ids(
    claim: Prepared, text: Prepared, idf: np.ndarray, card: dict[str, Any], cls: int, sep: int
) -> list[int]:
    """``[CLS] claim [SEP] text [SEP]`` as word-piece ids within the card's ``max_len``."""
    head = [i for s in claim.sentences for i in s][: card["max_claim"]]
    body = select(claim, text, idf, card["max_len"] - len(head) - 3)
    return [cls, *head, sep, *body, sep]


def _softmax(logits: np.ndarray) -> np.ndarray:
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)  # type: ignore[no-any-return]


def batch_arrays(rows: Sequence[Sequence[int]], first_lengths: Sequence[int]) -> dict[str, np.ndarray]:
    """Padded ``input_ids``, ``attention_mask`` and ``token_type_ids`` for encoder inputs,
    each row's first segment (``[CLS] claim [SEP]``) ``first_lengths`` long."""
    width = max(len(r) for r in rows)
    ids = np.zeros((len(rows), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    types = np.zeros_like(ids)
    for n, (row, first) in enumerate(zip(rows, first_lengths, strict=True)):
        ids[n, : len(row)] = row
        mask[n, : len(row)] = 1
        types[n, first : len(row)] = 1
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}


class StanceModel:
    """The stance model: relatedness filter plus cross-encoder. ``run`` maps encoder inputs
    (:func:`batch_arrays`) to four logits per row; :meth:`load` reads the shipped one."""

    def __init__(
        self,
        run: Callable[[dict[str, np.ndarray]], np.ndarray],
        tokenizer: Any,
        card: dict[str, Any],
        idf: np.ndarray,
        *,
        alone: int = 0,
    ) -> None:
        """``alone``: read each row alone, on that many threads (the int8 graph's reading
        of a row must not depend on its batch); 0 reads rows in batches (a float model)."""
        self.run, self.tokenizer, self.card, self.idf = run, tokenizer, card, idf
        self.alone = alone
        # Which model this is (its card changes with every training): keys cached reads.
        self.fingerprint = hashlib.sha1(json.dumps(card, sort_keys=True).encode("utf-8")).hexdigest()[:12]
        self.cls = tokenizer.token_to_id("[CLS]")
        self.sep = tokenizer.token_to_id("[SEP]")

    @classmethod
    def load(
        cls, model_dir: Path = MODEL_DIR, *, threads: int | None = None, rebuild: str = REBUILD
    ) -> StanceModel:
        """The model in ``model_dir``: ``stance.onnx``, ``tokenizer.json``, ``model.json``,
        ``idf.npy``; ``rebuild`` is the command named if the graph is missing."""
        # One core per run: rows are read alone, ``threads`` at a time (every usable core).
        threads = threads or model_threads()
        session, tokenizer, card = load_folder(model_dir, "stance.onnx", threads=1, rebuild=rebuild)

        def run(arrays: dict[str, np.ndarray]) -> np.ndarray:
            return session.run(["logits"], arrays)[0]  # type: ignore[no-any-return]

        idf = np.load(model_dir / "idf.npy").astype(np.float32)
        return cls(run, tokenizer, card, idf, alone=threads)

    def related(self, features: np.ndarray) -> np.ndarray:
        """P(related) per row of :func:`overlaps` features."""
        w = np.asarray(self.card["related"]["weights"], dtype=np.float32)
        z = features @ w + float(self.card["related"]["bias"])
        return 1.0 / (1.0 + np.exp(-z))  # type: ignore[no-any-return]

    def prepared(self, pairs: Sequence[tuple[str, str]]) -> dict[str, Prepared]:
        """Each distinct claim and text of ``pairs``, prepared once."""
        out: dict[str, Prepared] = {}
        for pair in pairs:
            for t in pair:
                if t not in out:
                    out[t] = prepare(t, self.tokenizer, self.idf)
        return out

    def related_pairs(
        self, pairs: Sequence[tuple[str, str]], prepared: dict[str, Prepared] | None = None
    ) -> np.ndarray:
        """P(related) per pair, from the relatedness filter."""
        prepared = prepared if prepared is not None else self.prepared(pairs)
        if not pairs:
            return np.zeros(0, dtype=np.float32)
        return self.related(np.stack([overlaps(prepared[c], prepared[t], self.idf) for c, t in pairs]))

    def encoder_rows(
        self, pairs: Sequence[tuple[str, str]], prepared: dict[str, Prepared] | None = None
    ) -> list[list[int]]:
        """The cross-encoder's input ids per pair (:func:`pair_ids`)."""
        prepared = prepared if prepared is not None else self.prepared(pairs)
        return [pair_ids(prepared[c], prepared[t], self.idf, self.card, self.cls, self.sep) for c, t in pairs]

    def passes(
        self, pairs: Sequence[tuple[str, str]], prepared: dict[str, Prepared], p_rel: np.ndarray
    ) -> np.ndarray:
        """Which pairs go on to the encoder: those the filter finds related. A text that fits
        the encoder's window (a headline, a statement) has its own, lower threshold
        (``short_threshold``): a headline may share no word with its claim ("World's oldest
        burger"), yet a short text sharing none is seldom about it, and the encoder, trained
        on related headlines only, cannot tell."""
        related = self.card["related"]
        short = float(related.get("short_threshold", 0.0))
        return p_rel >= np.where(self.fits(pairs, prepared), short, float(related["threshold"]))

    def fits(self, pairs: Sequence[tuple[str, str]], prepared: dict[str, Prepared]) -> np.ndarray:
        """Which pairs' texts fit the encoder's window whole."""
        return np.asarray([sum(map(len, prepared[t].sentences)) <= self.card["max_len"] for _, t in pairs])

    def probabilities(
        self, pairs: Sequence[tuple[str, str]], *, batch_size: int = 32, gate: bool = True
    ) -> np.ndarray:
        """``(len(pairs), 4)`` probabilities in :data:`STANCE_LABELS` order. A pair the relatedness
        filter stops gets ``1 - P(related)`` for ``unrelated`` and the training share of each
        other label times ``P(related)``; ``gate=False`` sends every pair to the encoder
        (pairs known to be related: a claim's own statements)."""
        out = np.zeros((len(pairs), len(STANCE_LABELS)), dtype=np.float32)
        if not pairs:
            return out
        prepared = self.prepared(pairs)
        if gate:
            p_rel = self.related_pairs(pairs, prepared)
            passing = self.passes(pairs, prepared, p_rel)
            prior = np.asarray(self.card["related_prior"], dtype=np.float32)  # for, against, observing
            out[~passing, :3] = p_rel[~passing, None] * prior
            out[~passing, 3] = 1.0 - p_rel[~passing]
        else:  # every pair to the encoder: the filter's reading is not needed
            passing = np.ones(len(pairs), dtype=bool)
        todo = [int(n) for n in np.flatnonzero(passing)]
        rows = dict(zip(todo, self.encoder_rows([pairs[n] for n in todo], prepared), strict=True))
        if self.alone:
            logits = self.read_alone([rows[n] for n in todo])
            if todo:
                out[todo] = _softmax(logits)
            return out
        # Similar lengths share a batch: less padding.
        order = sorted(todo, key=lambda n: len(rows[n]))
        for at in range(0, len(order), batch_size):
            chunk = order[at : at + batch_size]
            firsts = [rows[n].index(self.sep) + 1 for n in chunk]
            out[chunk] = _softmax(self.run(batch_arrays([rows[n] for n in chunk], firsts)))
        return out

    def read_alone(self, rows: Sequence[list[int]]) -> np.ndarray:
        """Logits per encoder row, each row run alone, on ``alone`` threads."""

        def one(row: list[int]) -> np.ndarray:
            return np.asarray(self.run(batch_arrays([row], [row.index(self.sep) + 1]))[0])

        if not rows:
            return np.zeros((0, len(STANCE_LABELS)), dtype=np.float32)
        if self.alone <= 1 or len(rows) == 1:
            return np.stack([one(r) for r in rows])
        with ThreadPoolExecutor(min(self.alone, len(rows))) as pool:
            return np.stack(list(pool.map(one, rows)))


@cache
def load_model(model_dir: Path = MODEL_DIR) -> StanceModel:
    """The shipped stance model, loaded once per process."""
    return StanceModel.load(model_dir)


@cache
def load_relatedness(model_dir: Path = RELATEDNESS_DIR) -> StanceModel:
    """The shipped relatedness model (a stance model read for its ``unrelated``), loaded once."""
    return StanceModel.load(model_dir, rebuild=REBUILD_RELATEDNESS)


def probabilities(pairs: Sequence[tuple[str, str]], *, batch_size: int = 32, gate: bool = True) -> np.ndarray:
    """Each ``(claim, text)`` pair's probabilities of :data:`STANCE_LABELS`, one row per pair."""
    return load_model().probabilities(pairs, batch_size=batch_size, gate=gate)


def stance_many(pairs: Sequence[tuple[str, str]], *, batch_size: int = 32) -> list[tuple[Stance, float]]:
    """Each ``(claim, text)`` pair's stance and its probability, in order."""
    probs = probabilities(pairs, batch_size=batch_size)
    return [
        (STANCE_LABELS[int(k)], float(row[k])) for row, k in zip(probs, probs.argmax(axis=1), strict=True)
    ]


def stance(claim: str, text: str) -> tuple[Stance, float]:
    """The stance of ``text`` toward ``claim`` and its probability, e.g. ``("against", 0.93)``
    for "Baghdadi is hiding in Mosul" and "U.S. officials doubt the IS leader is in Mosul"."""
    return stance_many([(claim, text)])[0]


# Lines of pairs read into one ``stance_many`` call: a body shared by pairs in one chunk is
# prepared once.
CHUNK = 4096


def _pair(line: bytes | str, where: str) -> dict[str, Any] | InputError:
    """One JSON line's object with its claim and text, or what is wrong with it."""
    fix = 'Write one object per line: {"claim": "...", "text": "..."}.'
    try:
        record = json.loads(line)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return InputError(where, f"not valid JSON ({str(exc).split(':')[0]})", fix)
    if not isinstance(record, dict):
        return InputError(where, f"a JSON {type(record).__name__}, not an object", fix)
    for key in ("claim", "text"):
        if not isinstance(record.get(key), str) or not record[key].strip():
            return InputError(where, f'"{key}" is missing, empty or not a string', fix)
    return record


def stance_lines(
    lines: Iterable[bytes | str], *, source: str, batch_size: int = 32
) -> Iterator[dict[str, Any] | InputError]:
    """Each JSON line ``{"claim": ..., "text": ...}`` of ``source`` back with ``"stance"`` and
    ``"score"`` added, in order; a bad line as an :class:`InputError` naming ``source:line``.
    Blank lines are skipped. (``saidwho stance``.)"""
    chunk: list[dict[str, Any] | InputError] = []

    def flush() -> Iterator[dict[str, Any] | InputError]:
        good = [r for r in chunk if isinstance(r, dict)]
        found = iter(stance_many([(r["claim"], r["text"]) for r in good], batch_size=batch_size))
        for r in chunk:
            if isinstance(r, dict):
                label, score = next(found)
                r = {**r, "stance": label, "score": round(score, 4)}
            yield r
        chunk.clear()

    for number, line in enumerate(lines, 1):
        if line.strip():
            chunk.append(_pair(line, f"{source}:{number}"))
        if len(chunk) >= CHUNK:
            yield from flush()
    yield from flush()
