"""End-to-end tuning of the decoding offsets (``saidwho.train.linked``)."""

import shutil
from pathlib import Path

import numpy as np
import pytest

from saidwho.attribution.encoding import ROLES, B, I, encode, span_tags
from saidwho.train.linked import tune_linked
from saidwho.train.polnear import load_split

GOLD = Path(__file__).parent.parent / "data" / "gold"


@pytest.mark.torch
def test_tune_linked_picks_the_offsets_that_drop_a_doubtful_content(tmp_path):
    from tokenizers import Tokenizer

    from saidwho.train.model import base_path

    shutil.copytree(GOLD, tmp_path / "dev")
    (example,) = load_split(tmp_path / "dev")
    tok = Tokenizer.from_file(str(base_path() / "tokenizer.json"))
    doc = encode(example.text, tok)
    # Sure logits for the gold tags, plus a doubtful content "Critics" (0.7 over O): it
    # decodes at the O-logit offsets -0.5 and 0, and would glue onto "doubt"'s content.
    tags = np.stack([span_tags(len(doc.ids), doc.offsets, example.spans[r]) for r in ROLES], axis=1)
    logits = np.where(tags[..., None] == np.arange(3), 4.0, 0.0).astype(np.float32)
    critics = example.text.index("Critics")
    doubtful = np.nonzero((doc.offsets[:, 0] >= critics) & (doc.offsets[:, 1] <= critics + 7))[0]
    logits[doubtful, 2] = 0.0
    logits[doubtful[0], 2, B] = logits[doubtful[1:], 2, I] = 0.7
    o_bias, figures = tune_linked([((logits, doc.offsets), example)])
    assert o_bias[2] <= -1.0
    assert set(figures) == {"source", "cue", "content", "attribution"}
    _, plainer = tune_linked([((logits, doc.offsets), example)], grid=(-0.5, 0.0))
    assert plainer["content"] < figures["content"]
