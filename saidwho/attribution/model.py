"""The trained extractor: an int8 ONNX tagger (see models/MODEL.md) plus linking rules."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from saidwho.attribution.assemble import link
from saidwho.attribution.dash_signed import add_signed
from saidwho.attribution.encoding import ROLES, Segments, Tagging, predict_segments
from saidwho.onnx import MODELS, load_folder
from saidwho.pieces import split_text
from saidwho.records import Attribution
from saidwho.settings import model_threads

if TYPE_CHECKING:  # the tagger and its tuning in training need no spaCy
    from spacy.tokens import Doc

MODEL_DIR = MODELS / "tagger"


@cache
def _load(model_dir: Path, threads: int) -> tuple[Any, Any, dict[str, Any]]:
    rebuild = "saidwho train tagger --data ../shared/data/polnear --out saidwho/models/tagger"
    return load_folder(model_dir, "tagger.onnx", threads=threads, rebuild=rebuild)


# Characters tagged at once. Decoding holds ~500 bytes per word piece for the whole text
# (a 1 MB text: ~200,000 pieces, ~100 MB), so a longer text is tagged in pieces; every
# PolNeAR article (at most ~60 kB) is still tagged whole.
TAG_CHARS = 100_000


def _shifted(segments: Segments, at: int) -> Segments:
    return {role: [(s + at, e + at, p) for s, e, p in found] for role, found in segments.items()}


def _joined(taggings: list[tuple[int, Tagging]]) -> Tagging:
    """One text's tagging from its pieces' (each with the piece's start in the text)."""
    segments: Segments = {}
    fallback: Segments | None = None if taggings[0][1].fallback is None else {}
    for at, tagging in taggings:
        for role, found in _shifted(tagging.segments, at).items():
            segments.setdefault(role, []).extend(found)
        if fallback is not None and tagging.fallback is not None:
            for role, found in _shifted(tagging.fallback, at).items():
                fallback.setdefault(role, []).extend(found)
    return Tagging(segments, fallback)


def link_tagging(text: str, tagged: Tagging, sentence_starts: Sequence[int]) -> list[Attribution]:
    """Link segments tagged on ``text`` into attributions and add dash-signed statements
    (:mod:`~saidwho.attribution.dash_signed`). Needs only sentence starts, not a parse: training
    (``saidwho.train.linked``) links cached taggings with it where spaCy is not installed."""
    return add_signed(text, link(text, tagged.segments, sentence_starts, tagged.fallback))


class ModelExtractor:
    """Tags source, cue and content segments with the shipped model, then links them."""

    name = "model"

    def __init__(
        self, model_dir: Path = MODEL_DIR, *, threads: int | None = None, fresh: bool = False
    ) -> None:
        # The pipeline parses on one core while this tags on the others (see ``tag``); with
        # --jobs, each worker process gets its share of the cores (SAIDWHO_MODEL_THREADS).
        # On 2 cores, a second ONNX thread fighting the parse cost 37% (PolNeAR dev, --jobs 1).
        threads = threads or model_threads(reserve=1)
        load = _load.__wrapped__ if fresh else _load
        self.session, self.tokenizer, self.card = load(model_dir, threads)
        # Feature channels the graph was trained without are not fed to it.
        self.inputs = frozenset(i.name for i in self.session.get_inputs())
        # The reporting words the model was trained with (frozen in its card), not whatever
        # the lexicon files say today.
        frozen = self.card.get("reporting_words")
        self.words = None if frozen is None else frozenset(frozen)

    def run(self, arrays: dict[str, np.ndarray]) -> np.ndarray:
        """Logits ``(windows, width, roles, 3)`` for a batch of model inputs.

        The shipped graph has no padding mask (:func:`saidwho.train.export.drop_padding_mask`):
        one text's windows all have one length, so its batches never pad. A padded batch
        (windows of different lengths) is run a window at a time, each at its own length."""
        mask = arrays["attention_mask"]
        if "attention_mask" in self.inputs or mask.all():
            return self._run(arrays)
        out = np.zeros((*mask.shape, len(ROLES), 3), dtype=np.float32)
        for row, length in enumerate(mask.sum(axis=1)):
            out[row, :length] = self._run({k: v[row : row + 1, :length] for k, v in arrays.items()})[0]
        return out

    def _run(self, arrays: dict[str, np.ndarray]) -> np.ndarray:
        feed = {k: v for k, v in arrays.items() if k in self.inputs}
        return self.session.run(["logits"], feed)[0]  # type: ignore[no-any-return]

    def tag(self, text: str) -> Tagging:
        """The tagger's Source, Cue and Content segments (and its fallback segments), before
        linking. Reads only the text, so the pipeline runs it while spaCy parses (ONNX
        Runtime releases the GIL). A text longer than :data:`TAG_CHARS` is tagged in
        paragraph-aligned pieces (:func:`~saidwho.pieces.split_text`)."""
        at, taggings = 0, []
        for piece in split_text(text, TAG_CHARS):
            taggings.append((at, self._tag_whole(piece)))
            at += len(piece)
        return taggings[0][1] if len(taggings) == 1 else _joined(taggings)

    def _tag_whole(self, text: str) -> Tagging:
        return predict_segments(
            self.run,
            text,
            self.tokenizer,
            o_bias=self.card.get("o_bias", (0.0, 0.0, 0.0)),
            fallback_bias=self.card.get("fallback_bias"),
            transitions=self.card.get("transitions"),
            words=self.words,
        )

    @staticmethod
    def attribute(doc: Doc, tagged: Tagging) -> list[Attribution]:
        """:func:`link_tagging` with the parse's sentences; needs no model."""
        from saidwho.nlp.index import doc_text, sentence_starts  # spaCy: not where training tags

        return link_tagging(doc_text(doc), tagged, sentence_starts(doc))

    def __call__(self, doc: Doc) -> list[Attribution]:
        from saidwho.nlp.index import doc_text

        return self.attribute(doc, self.tag(doc_text(doc)))
