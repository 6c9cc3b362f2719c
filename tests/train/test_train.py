"""`saidwho train` end to end on a one-article corpus: it must run, export and load."""

import json
import shutil
from pathlib import Path

from saidwho.attribution.model import ModelExtractor
from saidwho.records import Attribution
from saidwho.train import train
from saidwho.train.polnear import load_split, role_segments

GOLD = Path(__file__).parent.parent / "data" / "gold"


def _corpus(tmp_path: Path) -> Path:
    for split in ("train", "dev"):
        shutil.copytree(GOLD, tmp_path / "corpus" / split)
    return tmp_path / "corpus"


def test_train_polnear_split_loads_segments(tmp_path):
    (example,) = load_split(_corpus(tmp_path) / "train")
    assert example.stem == "harbor"
    # The discontinuous quote gives one segment per piece; a shared cue appears once.
    assert example.spans["content"] == [(15, 45), (61, 63), (67, 84), (100, 121), (100, 144)]
    assert role_segments(example.attributions)["cue"] == [(10, 14), (55, 60), (93, 97)]


def test_train_writes_a_model_the_extractor_loads(tmp_path, nlp, monkeypatch):
    import saidwho.train as training

    # Dev scores that fall after epoch 1: epoch 1 ships, yet the card must hold both epochs.
    scores = iter([0.5, 0.4])
    monkeypatch.setattr(training, "segment_f1",
                        lambda *a: dict.fromkeys(("source", "cue", "content"), next(scores)))
    out = tmp_path / "model"
    card = train(_corpus(tmp_path), out, epochs=2, batch_size=2, seed=1)
    assert {p.name for p in out.iterdir()} == {"tagger.onnx", "tokenizer.json", "model.json"}
    written = json.loads((out / "model.json").read_text())
    assert written["best_epoch"] == card["best_epoch"] == 1
    assert [h["epoch"] for h in written["history"]] == [1, 2]
    assert written["train_minutes"] >= written["history"][-1]["minutes"]
    assert set(card["history"][0]["dev_segment_f1"]) == {"source", "cue", "content"}
    assert len(card["o_bias"]) == 3 and set(card["dev_segment_f1_tuned"]) == {"source", "cue", "content"}
    extractor = ModelExtractor(out)
    text = (GOLD / "text" / "harbor.txt").read_text()
    atts = extractor(nlp(text))
    assert isinstance(atts, list) and all(isinstance(a, Attribution) for a in atts)


def test_train_ships_averaged_weights_when_they_beat_every_epoch(tmp_path, monkeypatch):
    import saidwho.train as training

    # Epoch 1, epoch 2, then the mean of both: the mean scores best and must ship.
    scores = iter([0.5, 0.4, 0.6])
    monkeypatch.setattr(training, "segment_f1",
                        lambda *a: dict.fromkeys(("source", "cue", "content"), next(scores)))
    out = tmp_path / "model"
    card = train(_corpus(tmp_path), out, epochs=2, batch_size=2, seed=1, average_last=2)
    written = json.loads((out / "model.json").read_text())
    assert written["best_epoch"] == card["best_epoch"] == [1, 2]
    assert [h["epoch"] for h in written["history"]] == [1, 2, [1, 2]]
    assert written["history"][-1]["dev_segment_f1"]["content"] == 0.6


def test_train_mean_weights_averages_floats_and_keeps_integer_buffers():
    import torch

    from saidwho.train import mean_weights

    a = {"w": torch.tensor([1.0, 3.0]), "ids": torch.tensor([0, 1])}
    b = {"w": torch.tensor([3.0, 5.0]), "ids": torch.tensor([0, 2])}
    mean = mean_weights([a, b])
    assert mean["w"].tolist() == [2.0, 4.0] and mean["ids"].tolist() == [0, 2]
