"""Domain-adaptive pre-training: more masked-language-model training of the encoder on news
text before it learns to tag (an experiment; the shipped recipe does not use it).

all-MiniLM-L6-v2 was last trained to embed whole sentences, not to read word by word; a few
epochs of masked-word prediction on unlabelled news (PolNeAR train's own texts, optionally
more articles) may give its word pieces back some of what span tagging needs.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from saidwho.attribution.encoding import MAX_LEN

MASK_RATE = 0.15


def read_texts(path: Path) -> list[str]:
    """The ``text`` field of every row of a JSONL file (blank rows skipped)."""
    out = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                row = json.loads(line)
                if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                    raise ValueError(f"{path}:{n}: expected an object with a 'text' string")
                out.append(row["text"])
    return out


def mlm_windows(texts: Iterable[str], tok: Any) -> list[np.ndarray]:
    """Each text's word-piece ids cut into windows of at most ``MAX_LEN`` with [CLS] and [SEP]."""
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    width = MAX_LEN - 2
    out = []
    for text in texts:
        ids = tok.encode(text, add_special_tokens=False).ids
        for i in range(0, len(ids), width):
            chunk = ids[i:i + width]
            if len(chunk) >= 16:
                out.append(np.array([cls_id, *chunk, sep_id], dtype=np.int64))
    return out


def mask_batch(rows: Sequence[np.ndarray], rng: np.random.Generator, *, mask_id: int,
               vocab: int, special: Sequence[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(input_ids, attention_mask, labels)`` with 15% of the pieces chosen for prediction:
    80% of them replaced by [MASK], 10% by a random piece, 10% left as they are."""
    width = max(len(r) for r in rows)
    ids = np.zeros((len(rows), width), dtype=np.int64)
    attn = np.zeros_like(ids)
    for i, r in enumerate(rows):
        ids[i, :len(r)] = r
        attn[i, :len(r)] = 1
    chosen = (rng.random(ids.shape) < MASK_RATE) & (attn == 1) & ~np.isin(ids, special)
    labels = np.where(chosen, ids, -100)
    roll = rng.random(ids.shape)
    ids = np.where(chosen & (roll < 0.8), mask_id, ids)
    ids = np.where(chosen & (roll >= 0.8) & (roll < 0.9), rng.integers(0, vocab, ids.shape), ids)
    return ids, attn, labels


def adapt_encoder(encoder: Any, tok: Any, texts: Sequence[str], *, epochs: int, seed: int,
                  device: str = "cpu", batch_size: int = 16, lr: float = 5e-5,
                  progress: Callable[[Iterable[Any]], Iterable[Any]] = lambda it: it) -> Any:
    """Train ``encoder`` (a transformers BertModel) as a masked language model on ``texts``
    for ``epochs`` and return it, adapted in place. The prediction head starts fresh (the
    sentence-embedding checkpoint has none) and is dropped afterwards."""
    import torch
    from transformers import BertForMaskedLM

    mlm = BertForMaskedLM(encoder.config)
    mlm.bert.load_state_dict(encoder.state_dict(), strict=False)  # no pooler in the MLM body
    mlm.tie_weights()
    torch.nn.Module.to(mlm, device).train()
    rows = mlm_windows(texts, tok)
    steps = epochs * ((len(rows) + batch_size - 1) // batch_size)
    opt = torch.optim.AdamW(mlm.parameters(), lr=lr, weight_decay=0.01)
    warmup = max(1, steps // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(1, steps - warmup))))
    rng = np.random.default_rng(seed)
    special = [tok.token_to_id(t) for t in ("[CLS]", "[SEP]", "[PAD]")]
    mask_id, vocab = tok.token_to_id("[MASK]"), encoder.config.vocab_size
    for epoch in range(epochs):
        order = list(range(len(rows)))
        random.Random(seed * 1000 + epoch).shuffle(order)
        for i in progress(range(0, len(order), batch_size)):
            ids, attn, labels = mask_batch([rows[j] for j in order[i:i + batch_size]], rng,
                                           mask_id=mask_id, vocab=vocab, special=special)
            out = mlm(input_ids=torch.from_numpy(ids).to(device),
                      attention_mask=torch.from_numpy(attn).to(device),
                      labels=torch.from_numpy(labels).to(device))
            out.loss.backward()
            torch.nn.utils.clip_grad_norm_(mlm.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
    encoder.load_state_dict(mlm.bert.state_dict(), strict=False)
    return encoder
