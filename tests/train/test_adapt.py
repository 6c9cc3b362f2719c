"""Domain-adaptive pre-training (an experiment behind ``fit(adapt_epochs=...)``): masking,
windows, and a tiny run that changes the encoder and keeps training working."""

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("torch", reason="needs torch, from the [train] extra: pip install -e '.[train]'")

from saidwho.train import _tokenizer, fit
from saidwho.train.adapt import MASK_RATE, mask_batch, mlm_windows, read_texts
from saidwho.train.model import base_path

GOLD = Path(__file__).parent.parent / "data" / "gold"


def test_adapt_masks_a_sixth_of_the_pieces_and_never_the_special_ones():
    rng = np.random.default_rng(0)
    rows = [np.array([101, *rng.integers(1000, 2000, 200), 102]) for _ in range(40)]
    ids, attn, labels = mask_batch(rows, rng, mask_id=103, vocab=30522, special=[101, 102, 0])
    chosen = labels != -100
    assert abs(chosen.sum() / attn.sum() - MASK_RATE) < 0.02
    assert not chosen[:, 0].any() and not chosen[:, -1].any()
    assert (labels[chosen] == np.stack(rows)[chosen]).all()  # labels are the original pieces
    assert 0.75 < (ids[chosen] == 103).mean() < 0.85
    assert (ids[~chosen] == np.stack(rows)[~chosen]).all()


def test_adapt_windows_and_texts(tmp_path):
    tok = _tokenizer(base_path())
    rows = mlm_windows(["word " * 600, "too short"], tok)
    assert [len(r) for r in rows] == [256, 256, 94]  # 600 pieces: 254 + 254 + 92, each with [CLS] and [SEP]
    assert all(r[0] == tok.token_to_id("[CLS]") and r[-1] == tok.token_to_id("[SEP]") for r in rows)
    good = tmp_path / "texts.jsonl"
    good.write_text(json.dumps({"text": "One."}) + "\n\n" + json.dumps({"text": "Two."}) + "\n")
    assert read_texts(good) == ["One.", "Two."]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"body": "x"}\n')
    with pytest.raises(ValueError, match=r"bad\.jsonl:1"):
        read_texts(bad)


@pytest.mark.slow
def test_adapt_changes_the_encoder_and_training_goes_on(tmp_path):
    for split in ("train", "dev"):
        shutil.copytree(GOLD, tmp_path / "corpus" / split)
    extra = tmp_path / "extra.jsonl"
    extra.write_text(json.dumps({"text": "Officials said the harbor would reopen. " * 40}) + "\n")
    plain = fit(tmp_path / "corpus", epochs=1, batch_size=2, seed=1, average_last=0)
    adapted = fit(tmp_path / "corpus", epochs=1, batch_size=2, seed=1, average_last=0,
                  adapt_epochs=1, adapt_texts=extra)
    a = plain.model.encoder.encoder.layer[0].attention.self.query.weight
    b = adapted.model.encoder.encoder.layer[0].attention.self.query.weight
    assert not np.allclose(a.detach().numpy(), b.detach().numpy())
    assert set(adapted.history[0]["dev_segment_f1"]) == {"source", "cue", "content"}
