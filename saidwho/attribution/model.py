"""The trained extractor: an int8 ONNX tagger (see models/MODEL.md) plus linking rules."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from saidwho.attribution.bylines import add_signed
from saidwho.attribution.encoding import Tagging, predict_segments
from saidwho.attribution.linking import link
from saidwho.errors import ModelError
from saidwho.records import Attribution
from saidwho.settings import usable_cores

if TYPE_CHECKING:  # the tagger and its tuning in training need no spaCy
    from spacy.tokens import Doc

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "tagger"


@cache
def _load(model_dir: Path, threads: int) -> tuple[Any, Any, dict[str, Any]]:
    import onnxruntime as ort
    from tokenizers import Tokenizer

    if not (model_dir / "tagger.onnx").is_file():
        raise ModelError(f"{model_dir}: no tagger.onnx here. Reinstall saidwho, or rebuild the model "
                         "with: saidwho train --data ../shared/data/polnear --out saidwho/models/tagger")
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(str(model_dir / "tagger.onnx"), options,
                                   providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    card = json.loads((model_dir / "model.json").read_text(encoding="utf-8"))
    return session, tokenizer, card


class ModelExtractor:
    """Tags source, cue and content segments with the shipped model, then links them."""

    name = "model"

    def __init__(self, model_dir: Path = MODEL_DIR, *, threads: int | None = None,
                 fresh: bool = False) -> None:
        # The pipeline parses on one core while this tags on the others (see ``tag``); with
        # --jobs, each worker process gets its share of the cores (SAIDWHO_MODEL_THREADS).
        # On 2 cores, a second ONNX thread fighting the parse cost 37% (PolNeAR dev, --jobs 1).
        env = os.environ.get("SAIDWHO_MODEL_THREADS")
        threads = threads or (int(env) if env else max(1, usable_cores() - 1))
        load = _load.__wrapped__ if fresh else _load
        self.session, self.tokenizer, self.card = load(model_dir, threads)
        # Feature channels the graph was trained without are not fed to it.
        self.inputs = frozenset(i.name for i in self.session.get_inputs())
        # The reporting words the model was trained with (frozen in its card), not whatever
        # the lexicon files say today.
        frozen = self.card.get("reporting_words")
        self.words = None if frozen is None else frozenset(frozen)

    def run(self, arrays: dict[str, np.ndarray]) -> np.ndarray:
        """Logits ``(windows, width, roles, 3)`` for a batch of model inputs."""
        feed = {k: v for k, v in arrays.items() if k in self.inputs}
        return self.session.run(["logits"], feed)[0]  # type: ignore[no-any-return]

    def tag(self, text: str) -> Tagging:
        """The tagger's Source, Cue and Content segments (and its fallback segments), before
        linking. Reads only the text, so the pipeline runs it while spaCy parses (ONNX
        Runtime releases the GIL)."""
        return predict_segments(self.run, text, self.tokenizer,
                                o_bias=self.card.get("o_bias", (0.0, 0.0, 0.0)),
                                fallback_bias=self.card.get("fallback_bias"),
                                transitions=self.card.get("transitions"), words=self.words)

    @staticmethod
    def attribute(doc: Doc, tagged: Tagging) -> list[Attribution]:
        """Link segments tagged on ``doc.text`` into attributions, with the parse's sentences,
        and add dash-signed statements (:mod:`~saidwho.attribution.bylines`); needs no
        model: benchmarks link cached taggings with it."""
        text = doc.text
        starts = [s.start_char for s in doc.sents]
        return add_signed(text, link(text, tagged.segments, starts, tagged.fallback))

    def __call__(self, doc: Doc) -> list[Attribution]:
        return self.attribute(doc, self.tag(doc.text))
