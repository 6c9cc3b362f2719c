"""`saidwho train` end to end on a one-article corpus: it must run, export and load."""

import copy
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from saidwho.attribution.encoding import piece_logits, reporting_words
from saidwho.attribution.model import ModelExtractor
from saidwho.train.polnear import load_split, role_segments
from saidwho.train.tagger import torch_runner, train, write_model

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


@pytest.mark.slow
@pytest.mark.torch
def test_train_writes_a_model_the_extractor_loads(tmp_path, monkeypatch):
    import saidwho.train.tagger as training

    # Dev scores that fall after epoch 1: epoch 1 ships, yet the card must hold both epochs.
    scores = iter([0.5, 0.4])
    monkeypatch.setattr(
        training, "segment_f1", lambda *a, **k: dict.fromkeys(("source", "cue", "content"), next(scores))
    )
    exported = []  # the torch tagger as it was written (training goes on after)

    def keep(model, **where):
        write_model(model, **where)
        exported.append(copy.deepcopy(model).eval())

    monkeypatch.setattr(training, "write_model", keep)
    out = tmp_path / "model"
    card = train(_corpus(tmp_path), out, epochs=2, batch_size=2, seed=1)
    assert {p.name for p in out.iterdir()} == {"tagger.onnx", "tokenizer.json", "model.json"}
    written = json.loads((out / "model.json").read_text())
    assert written["best_epoch"] == card["best_epoch"] == 1
    assert [h["epoch"] for h in written["history"]] == [1, 2]
    assert written["train_minutes"] >= written["history"][-1]["minutes"]
    assert set(card["history"][0]["dev_segment_f1"]) == {"source", "cue", "content"}
    assert len(card["o_bias"]) == 3 and card["fallback_bias"] == [0.0, 0.0, 0.0]
    assert set(card["dev_linked_tuned"]) == {"source", "cue", "content", "attribution"}
    extractor = ModelExtractor(out)
    assert extractor.card == written  # this model, not the shipped one
    assert "attention_mask" not in extractor.inputs  # one text's windows never pad
    # The int8 ONNX graph computes what the torch tagger of epoch 1 did (a fresh tagger's
    # logits differ by over 2 and agree on half the tags).
    text = (GOLD / "text" / "harbor.txt").read_text()
    (torch_model,) = exported
    tok, words = extractor.tokenizer, extractor.words
    onnx_logits, _ = piece_logits(extractor.run, text, tok, words=words)
    torch_logits, _ = piece_logits(torch_runner(torch_model), text, tok, words=words)
    assert onnx_logits.shape == (len(tok.encode(text, add_special_tokens=False).ids), 3, 3)
    assert np.abs(onnx_logits - torch_logits).max() < 0.5
    assert (onnx_logits.argmax(-1) == torch_logits.argmax(-1)).mean() > 0.9


@pytest.mark.slow
@pytest.mark.torch
def test_train_ships_averaged_weights_when_they_beat_every_epoch(tmp_path, monkeypatch):
    import saidwho.train.tagger as training

    # Epoch 1, epoch 2, then the mean of both: the mean scores best and must ship.
    scores = iter([0.5, 0.4, 0.6])
    monkeypatch.setattr(
        training, "segment_f1", lambda *a, **k: dict.fromkeys(("source", "cue", "content"), next(scores))
    )
    out = tmp_path / "model"
    card = train(_corpus(tmp_path), out, epochs=2, batch_size=2, seed=1, average_last=2)
    written = json.loads((out / "model.json").read_text())
    assert written["best_epoch"] == card["best_epoch"] == [1, 2]
    assert [h["epoch"] for h in written["history"]] == [1, 2, [1, 2]]
    assert written["history"][-1]["dev_segment_f1"]["content"] == 0.6


@pytest.mark.torch
def test_train_mean_weights_averages_floats_and_keeps_integer_buffers():
    import torch

    from saidwho.train.tagger import mean_weights

    a = {"w": torch.tensor([1.0, 3.0]), "ids": torch.tensor([0, 1])}
    b = {"w": torch.tensor([3.0, 5.0]), "ids": torch.tensor([0, 2])}
    mean = mean_weights([a, b])
    assert mean["w"].tolist() == [2.0, 4.0] and mean["ids"].tolist() == [0, 2]


@pytest.mark.torch
def test_train_crf_nll_matches_brute_force_over_every_path():
    import itertools

    import torch

    from saidwho.train.model import _FORBIDDEN, crf_nll

    torch.manual_seed(0)
    logits = torch.randn(2, 6, 3, 3)
    transitions = torch.randn(3, 3, 3)
    labels = torch.full((2, 6, 3), -100)
    # Window 1: four pieces (positions 1-4), opening inside a span; window 2: two pieces.
    labels[0, 1:5] = torch.tensor([[2, 0, 1], [2, 1, 2], [0, 2, 2], [1, 0, 0]])
    labels[1, 1:3] = torch.tensor([[0, 1, 0], [1, 2, 0]])
    trans = transitions + _FORBIDDEN

    def nll(window: int, role: int, n: int) -> float:
        em = logits[window, 1 : n + 1, role]

        def score(path: tuple[int, ...]) -> torch.Tensor:
            return sum(em[t, y] for t, y in enumerate(path)) + sum(
                trans[role, a, b] for a, b in itertools.pairwise(path)
            )

        log_z = torch.logsumexp(torch.stack([score(p) for p in itertools.product(range(3), repeat=n)]), 0)
        gold = tuple(labels[window, 1 : n + 1, role].tolist())
        return float(log_z - score(gold))

    expected = sum(nll(0, r, 4) + nll(1, r, 2) for r in range(3)) / (6 * 3)
    assert abs(float(crf_nll(logits, labels, transitions)) - expected) < 1e-4
    # A gold path is the likeliest when its scores dominate: the loss then nears zero.
    sure = torch.full((1, 3, 3, 3), -20.0)
    sure[0, 1:].scatter_(2, labels[1, 1:3].unsqueeze(-1), 20.0)
    assert float(crf_nll(sure, labels[1:2, :3], torch.zeros(3, 3, 3))) < 1e-3


@pytest.fixture
def flat_dev_scores(monkeypatch):
    """Every epoch scores the same on dev, so the first one ships."""
    import saidwho.train.tagger as training

    monkeypatch.setattr(
        training, "segment_f1", lambda *a, **k: dict.fromkeys(("source", "cue", "content"), 0.5)
    )


def _one_epoch_model(corpus: Path, out: Path, **option: bool) -> tuple[dict, ModelExtractor]:
    """Train one epoch with ``option``; its written card and the extractor loading it."""
    train(corpus, out, epochs=1, batch_size=2, seed=1, average_last=0, **option)
    return json.loads((out / "model.json").read_text()), ModelExtractor(out)


@pytest.mark.slow
@pytest.mark.torch
def test_train_with_crf_ships_transitions_the_extractor_decodes_with(tmp_path, nlp, flat_dev_scores):
    doc, corpus = nlp((GOLD / "text" / "harbor.txt").read_text()), _corpus(tmp_path)
    for crf in (True, False):
        written, extractor = _one_epoch_model(corpus, tmp_path / f"model-{crf}", crf=crf)
        assert written["crf"] is crf
        if crf:
            assert len(written["transitions"]) == 3 and all(len(r) == 3 for r in written["transitions"][0])
            assert extractor.card["transitions"] == written["transitions"]
            # Decoding reads the card's transitions: scoring O -> B high puts spans everywhere.
            plain = extractor.tag(doc.text).segments
            extractor.card = {**extractor.card, "transitions": [[[0.0, 50.0, 0.0], [0.0] * 3, [0.0] * 3]] * 3}
            assert extractor.tag(doc.text).segments != plain
        else:
            assert written.get("transitions") is None and extractor.card.get("transitions") is None


def test_train_defaults_are_the_shipped_recipe():
    import inspect

    import saidwho.train.tagger as training

    shipped = ModelExtractor().card
    defaults = {k: v.default for k, v in inspect.signature(training.fit).parameters.items()}
    for option in ("seed", "epochs", "batch_size", "lr", "crf", "cue_words"):
        assert defaults[option] == shipped[option], option
    assert defaults["average_last"] == 3  # the card keeps the epoch it chose, not this option


@pytest.mark.slow
@pytest.mark.torch
def test_train_cue_words_channel_is_exported_only_when_trained_with_it(tmp_path, nlp, flat_dev_scores):
    doc, corpus = nlp((GOLD / "text" / "harbor.txt").read_text()), _corpus(tmp_path)
    for cue_words in (True, False):
        card, extractor = _one_epoch_model(corpus, tmp_path / f"model-{cue_words}", cue_words=cue_words)
        assert card["cue_words"] is cue_words
        # The word list is frozen in the card, so later lexicon edits leave the model alone.
        assert card.get("reporting_words") == (sorted(reporting_words()) if cue_words else None)
        # Inference feeds a graph only the channels it was trained with.
        assert ("cue" in extractor.inputs) is cue_words
        assert extractor.words == (frozenset(reporting_words()) if cue_words else None)
        # The graph reads the channel only when trained with it: no reporting words, other logits.
        with_words, _ = piece_logits(extractor.run, doc.text, extractor.tokenizer, words=extractor.words)
        without, _ = piece_logits(extractor.run, doc.text, extractor.tokenizer, words=frozenset())
        assert (not np.array_equal(with_words, without)) is cue_words


def test_shipped_model_reads_the_reporting_words_frozen_in_its_card():
    shipped = ModelExtractor()
    assert shipped.card["cue_words"] is True and "cue" in shipped.inputs
    assert shipped.words is not None and {"said", "according", "told"} <= shipped.words


def test_train_and_the_tagger_import_without_spacy():
    # Training runs where spaCy is not installed (a GPU machine with torch alone): the
    # training code (its end-to-end tuning included), the cue lexicons and the ONNX tagger
    # must not pull it in.
    import subprocess
    import sys

    code = (
        "import sys, saidwho.train.tagger, saidwho.train.linked, saidwho.attribution.model,"
        " saidwho.attribution.lexicon;"
        "from saidwho.attribution.encoding import reporting_words; assert reporting_words();"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.torch
def test_train_base_folder_in_half_precision_loads_as_float32(tmp_path):
    import torch
    from safetensors.torch import load_file, save_file

    from saidwho.train.model import base_path, load_base

    shipped = base_path()
    for name in ("config.json", "tokenizer.json"):
        shutil.copy(shipped / name, tmp_path / name)
    weights = load_file(str(shipped / "model.safetensors"))
    save_file({k: v.half() for k, v in weights.items()}, str(tmp_path / "model.safetensors"))
    encoder, path = load_base(tmp_path)
    assert path == tmp_path
    params = dict(encoder.named_parameters())
    assert all(p.dtype == torch.float32 for p in params.values())
    word = params["embeddings.word_embeddings.weight"]
    original = weights["embeddings.word_embeddings.weight"]
    assert torch.allclose(word, original, rtol=1e-3, atol=1e-4) and not torch.equal(word, original)


@pytest.mark.slow
@pytest.mark.torch
def test_train_adds_reviewed_articles_weighted_and_the_card_counts_them(tmp_path, monkeypatch):
    import saidwho.train.tagger as training

    monkeypatch.setattr(
        training, "tune_decoding", lambda out, dev, **k: json.loads((out / "model.json").read_text())
    )
    corpus = _corpus(tmp_path)
    plain = train(corpus, tmp_path / "plain", epochs=1, batch_size=2, average_last=0)
    reviewed = train(
        corpus,
        tmp_path / "reviewed",
        epochs=1,
        batch_size=2,
        average_last=0,
        reviewed=corpus / "dev",
        reviewed_weight=2,
    )
    assert (plain["reviewed_articles"], plain["reviewed_weight"]) == (0, 0)
    assert (reviewed["reviewed_articles"], reviewed["reviewed_weight"]) == (1, 2)
    assert reviewed["train_windows"] == 3 * plain["train_windows"]  # one article, plus it twice
