"""Text -> model inputs and model outputs -> spans, shared by training and inference.

The tagger reads windows of word pieces (the uncased all-MiniLM-L6-v2 vocabulary) plus two
small feature channels the uncased vocabulary loses or that need the whole paragraph:

* ``case``: 0 no letters, 1 lower, 2 Capitalised, 3 ALL CAPS (names and acronyms);
* ``quote``: 0 outside quotation marks, 1 inside, 2 the mark itself (computed per line, so a
  paragraph that opens a quote without closing it does not leak into the next).

It predicts, independently for each role (source, cue, content), O/B/I tags per word piece,
so spans of different roles may nest (a content holding another attribution's cue). A model
trained with a CRF layer also carries learned tag-to-tag transition scores per role (its
card's ``transitions``), which decoding adds to the constrained Viterbi search.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

ROLES = ("source", "cue", "content")
O, B, I = 0, 1, 2  # noqa: E741 - the standard tag names
MAX_LEN = 256  # word pieces per window, [CLS] and [SEP] included
STRIDE = 192  # windows overlap by MAX_LEN - 2 - STRIDE pieces; the middle of each wins

OPEN_QUOTES = frozenset('"“«„')
CLOSE_QUOTES = frozenset('"”»')
IntArray = npt.NDArray[np.int64]
# Tag-to-tag scores (from row to column) every path gets: I may only follow B or I.
ALLOWED = np.array([[0, 0, -np.inf], [0, 0, 0], [0, 0, 0]], dtype=np.float64)


def quote_states(text: str) -> npt.NDArray[np.int8]:
    """Per character: 0 outside quotes, 1 inside, 2 a quotation mark."""
    states = np.zeros(len(text), dtype=np.int8)
    inside = False
    for i, ch in enumerate(text):
        if ch == "\n":
            inside = False
        elif ch == '"':
            inside = not inside
            states[i] = 2
        elif ch in OPEN_QUOTES:
            inside = True
            states[i] = 2
        elif ch in CLOSE_QUOTES:
            inside = False
            states[i] = 2
        elif inside:
            states[i] = 1
    return states


def case_of(piece: str) -> int:
    """0 no letters, 1 lower, 2 Capitalised, 3 ALL CAPS."""
    letters = [c for c in piece if c.isalpha()]
    if not letters:
        return 0
    if all(c.isupper() for c in letters):
        return 3 if len(letters) > 1 else 2
    return 2 if letters[0].isupper() else 1


@dataclass(frozen=True)
class Encoded:
    """A document's word pieces: vocabulary ids, character offsets and features."""

    ids: IntArray
    offsets: IntArray  # (n, 2) character start/end of each piece
    case: IntArray
    quote: IntArray


def encode(text: str, tokenizer: Any) -> Encoded:
    """Tokenize a whole document (``tokenizer`` is a ``tokenizers.Tokenizer``)."""
    enc = tokenizer.encode(text, add_special_tokens=False)
    offsets = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
    quotes = quote_states(text)
    case = np.fromiter((case_of(text[s:e]) for s, e in offsets), dtype=np.int64, count=len(offsets))
    quote = np.asarray([quotes[s] if e > s else 0 for s, e in offsets], dtype=np.int64)
    return Encoded(np.asarray(enc.ids, dtype=np.int64), offsets, case, quote)


@dataclass(frozen=True)
class Window:
    """A slice ``[start, end)`` of a document's pieces; ``keep`` is the part it decides."""

    start: int
    end: int
    keep_start: int
    keep_end: int


def windows(n: int, *, max_len: int = MAX_LEN, stride: int = STRIDE) -> list[Window]:
    """Overlapping windows covering ``n`` pieces; each piece is kept by exactly one window."""
    body = max_len - 2
    if n <= body:
        return [Window(0, n, 0, n)]
    starts = [*list(range(0, n - body, stride)), n - body]
    out: list[Window] = []
    for k, start in enumerate(starts):
        end = start + body
        margin = (body - stride) // 2
        keep_start = 0 if k == 0 else max(start + margin, out[-1].keep_end)
        keep_end = n if k == len(starts) - 1 else min(end - margin, starts[k + 1] + margin)
        out.append(Window(start, end, keep_start, keep_end))
    return out


def batch_inputs(doc: Encoded, wins: Sequence[Window], cls_id: int, sep_id: int,
                 pad_id: int = 0) -> dict[str, IntArray]:
    """Stack windows into padded model inputs: input_ids, attention_mask, case, quote."""
    width = max(w.end - w.start for w in wins) + 2
    arrays = {k: np.zeros((len(wins), width), dtype=np.int64)
              for k in ("input_ids", "attention_mask", "case", "quote")}
    arrays["input_ids"][:] = pad_id
    for row, w in enumerate(wins):
        n = w.end - w.start
        arrays["input_ids"][row, : n + 2] = [cls_id, *doc.ids[w.start:w.end], sep_id]
        arrays["attention_mask"][row, : n + 2] = 1
        arrays["case"][row, 1 : n + 1] = doc.case[w.start:w.end]
        arrays["quote"][row, 1 : n + 1] = doc.quote[w.start:w.end]
    return arrays


def stitch(out: npt.NDArray[np.float32], per_window: npt.NDArray[np.float32],
           wins: Sequence[Window]) -> None:
    """Copy per-window outputs ``(windows, width, ...)`` into per-piece ``out`` ``(n, ...)``."""
    for row, w in enumerate(wins):
        a, b = w.keep_start - w.start + 1, w.keep_end - w.start + 1
        out[w.keep_start:w.keep_end] = per_window[row, a:b]


Segments = dict[str, list[tuple[int, int, float]]]


def piece_logits(run: Callable[[dict[str, IntArray]], npt.NDArray[np.float32]], text: str,
                 tokenizer: Any, *, batch: int = 8) -> tuple[npt.NDArray[np.float32], IntArray]:
    """Per-piece logits ``(pieces, len(ROLES), 3)`` and the pieces' character offsets.

    ``run`` maps a batch of inputs (see :func:`batch_inputs`) to logits of shape
    ``(windows, width, len(ROLES), 3)``: the ONNX session at inference, torch in training.
    """
    doc = encode(text, tokenizer)
    n = len(doc.ids)
    logits = np.zeros((n, len(ROLES), 3), dtype=np.float32)
    wins = windows(n) if n else []
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    for i in range(0, len(wins), batch):
        chunk = wins[i:i + batch]
        stitch(logits, run(batch_inputs(doc, chunk, cls_id, sep_id)), chunk)
    return logits, doc.offsets


def decode(logits: npt.NDArray[np.float32], offsets: IntArray,
           o_bias: Sequence[float] = (0.0, 0.0, 0.0),
           transitions: Sequence[Any] | None = None) -> Segments:
    """Character segments per role, each with its mean tag probability.

    ``o_bias`` is subtracted from each role's O logit before decoding: a positive value
    trades precision for recall (chosen on dev, see ``saidwho.train.tune_bias``).
    ``transitions`` (roles x 3 x 3), from a CRF-trained model, are added to the search.
    """
    logits = logits.copy()
    logits[:, :, O] -= np.asarray(o_bias, dtype=np.float32)
    logp = logits - np.logaddexp.reduce(logits, axis=2, keepdims=True)
    out: Segments = {}
    for r, role in enumerate(ROLES):
        path = viterbi_bio(logits[:, r], None if transitions is None else transitions[r])
        probs = np.exp(np.take_along_axis(logp[:, r], path[:, None], axis=1)[:, 0])
        out[role] = [(s, e, float(probs[a:b + 1].mean())) for s, e, a, b in tag_spans(path, offsets)]
    return out


def predict_segments(run: Callable[[dict[str, IntArray]], npt.NDArray[np.float32]], text: str,
                     tokenizer: Any, *, o_bias: Sequence[float] = (0.0, 0.0, 0.0),
                     transitions: Sequence[Any] | None = None, batch: int = 8) -> Segments:
    """Character segments per role for one text: :func:`piece_logits` then :func:`decode`,
    with every segment widened to whole words."""
    segments = decode(*piece_logits(run, text, tokenizer, batch=batch), o_bias, transitions)
    return {role: [(*whole_words(text, s, e), p) for s, e, p in found] for role, found in segments.items()}


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` so it neither starts nor ends inside a word: a segment that
    ends between word pieces ("misgiving|s") takes the rest of the word."""
    while 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return start, end


def span_tags(n_pieces: int, offsets: IntArray, spans: Sequence[tuple[int, int]]) -> IntArray:
    """O/B/I tag per piece for character spans of one role (later spans don't overwrite)."""
    tags = np.zeros(n_pieces, dtype=np.int64)
    starts, ends = offsets[:, 0], offsets[:, 1]
    for s, e in sorted(spans, key=lambda r: r[1] - r[0]):
        inside = np.nonzero((starts >= s) & (ends <= e) & (ends > starts))[0]
        if len(inside) == 0 or tags[inside].any():
            continue
        tags[inside] = I
        tags[inside[0]] = B
    return tags


def viterbi_bio(logits: npt.NDArray[np.float32], transitions: Any = None) -> IntArray:
    """Best O/B/I path for one role where I may only follow B or I, plus learned
    ``transitions`` (3 x 3, from row to column) when the model has them."""
    n = logits.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    logp = logits - np.logaddexp.reduce(logits, axis=1, keepdims=True)
    allowed = ALLOWED if transitions is None else ALLOWED + np.asarray(transitions, dtype=np.float64)
    score = logp[0] + np.array([0, 0, -np.inf])
    back = np.zeros((n, 3), dtype=np.int64)
    for t in range(1, n):
        cand = score[:, None] + allowed
        back[t] = cand.argmax(axis=0)
        score = cand.max(axis=0) + logp[t]
    path = np.zeros(n, dtype=np.int64)
    path[-1] = int(score.argmax())
    for t in range(n - 1, 0, -1):
        path[t - 1] = back[t, path[t]]
    return path


def tag_spans(tags: IntArray, offsets: IntArray) -> Iterator[tuple[int, int, int, int]]:
    """Yield ``(char_start, char_end, first_piece, last_piece)`` for each B I* run."""
    start = None
    for i, tag in enumerate([*tags.tolist(), O]):
        if start is not None and tag != I:
            yield int(offsets[start, 0]), int(offsets[i - 1, 1]), start, i - 1
            start = None
        if tag == B:
            start = i
