"""The stance model: hand-built pairs it must get right, `saidwho stance`, batching, training."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from saidwho.claims import stance, stance_many
from saidwho.claims.stance import MODEL_DIR, StanceModel, load_model, probabilities
from saidwho.cli import cli
from saidwho.records import STANCE_LABELS

BAGHDADI = "Baghdadi is hiding in Mosul"
BODY = (
    "Iraqi officials have repeatedly claimed in recent weeks that Islamic State leader Abu Bakr "
    "al-Baghdadi is holed up in a bunker in Mosul.\n\nU.S. intelligence officials said they had "
    "seen no evidence for it. The city has been besieged for months and food is scarce.\n\n"
    "Analysts said the rumour will endure for propaganda purposes."
)


@pytest.mark.parametrize(
    "claim, text, expected",
    [
        (BAGHDADI, "Iraqi officials insist al-Baghdadi is in a bunker in Mosul", "for"),
        (BAGHDADI, "U.S. officials doubt the IS leader is in Mosul", "against"),
        pytest.param(
            BAGHDADI,
            "Islamic State leader al-Baghdadi is hiding in Mosul",
            "for",
            marks=pytest.mark.xfail(
                strict=True,
                reason="trained on speakers' statements too, the model reads a bare restatement as observing",
            ),
        ),
        (BAGHDADI, "Baghdadi not in Mosul, U.S. says", "against"),
        (BAGHDADI, "US officials deny reports that Baghdadi is in Mosul", "against"),
        (BAGHDADI, "Baghdadi is hiding in Mosul, Iraqi officials say", "observing"),
        (BAGHDADI, "The weather in Paris was mild", "unrelated"),
        (
            "Apple will sell 19 million Apple Watches in 2015",
            "Report: Apple could sell 19 million Apple Watches this year, analyst says",
            "observing",
        ),
        (
            "A woman in Florida had a third breast implanted",
            "Woman who claimed to have three breasts admits it was a hoax",
            "against",
        ),
        (
            "A woman in Florida had a third breast implanted",
            "Florida woman gets third breast implanted to make herself less attractive to men",
            "for",
        ),
        (
            "A woman in Florida had a third breast implanted",
            "Stocks closed higher on Wall Street",
            "unrelated",
        ),
    ],
)
def test_stance_of_hand_built_pairs(claim, text, expected):
    label, score = stance(claim, text)
    assert label == expected
    assert 0.25 < score <= 1.0


def test_stance_many_keeps_order_and_agrees_with_stance():
    pairs = [(BAGHDADI, "The weather in Paris was mild"), (BAGHDADI, BODY), ("Stocks rose", BODY)]
    assert stance_many(pairs) == [stance(c, t) for c, t in pairs]
    assert stance_many([]) == []


def test_stance_probabilities_sum_to_one():
    model = load_model()
    probs = model.probabilities([(BAGHDADI, BODY), (BAGHDADI, "The weather in Paris was mild")])
    assert probs.shape == (2, len(STANCE_LABELS))
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-5)


class _Counting:
    """A tokenizer that counts the texts it is asked to encode."""

    def __init__(self, tokenizer):
        self.tokenizer, self.encoded = tokenizer, []

    def encode_batch(self, texts, **kwargs):
        self.encoded.extend(texts)
        return self.tokenizer.encode_batch(texts, **kwargs)

    def token_to_id(self, token):
        return self.tokenizer.token_to_id(token)


def _fake_model(rows_seen: list[list[int]]) -> tuple[StanceModel, _Counting]:
    """The shipped tokenizer, card and IDF table with an encoder that records its rows and
    scores each by its length (so a row's result can be traced back to its pair)."""
    shipped = load_model()
    tokenizer = _Counting(shipped.tokenizer)

    def run(arrays):
        lengths = arrays["attention_mask"].sum(axis=1)
        rows_seen.extend(ids[:n].tolist() for ids, n in zip(arrays["input_ids"], lengths, strict=True))
        return np.stack([np.zeros_like(lengths), np.zeros_like(lengths), lengths, np.zeros_like(lengths)], 1)

    return StanceModel(run, tokenizer, shipped.card, shipped.idf), tokenizer


def test_stance_prepares_each_body_once_and_encodes_each_pair_once():
    rows: list[list[int]] = []
    model, tokenizer = _fake_model(rows)
    other = BODY.replace("Mosul", "Raqqa").replace("Iraqi", "Syrian")
    claims = [BAGHDADI, "Baghdadi was killed in an air strike", "IS holds Mosul"]
    pairs = [(c, b) for b in (BODY, other) for c in claims]
    model.probabilities(pairs, batch_size=2)
    # Each body is cut into sentences and tokenized once however many claims it meets.
    assert sum(text.startswith("Iraqi officials have") for text in tokenizer.encoded) == 1
    assert sum(text.startswith("Syrian officials have") for text in tokenizer.encoded) == 1
    # Each pair the filter lets through reaches the encoder once.
    passing = model.passes(pairs, model.prepared(pairs), model.related_pairs(pairs))
    assert len(rows) == passing.sum() >= 4


def test_stance_filter_keeps_unrelated_bodies_from_the_encoder():
    rows: list[list[int]] = []
    model, _ = _fake_model(rows)
    weather = " ".join(["The weather in Paris was mild and sunny, with light winds from the west."] * 12)
    pairs = [
        (BAGHDADI, weather),
        (BAGHDADI, "The weather in Paris was mild"),
        (BAGHDADI, "Baghdadi seen in Mosul"),
    ]
    probs = model.probabilities(pairs)
    assert len(rows) == 1  # only the related statement is read by the encoder
    assert [STANCE_LABELS[int(k)] for k in probs.argmax(axis=1)] == ["unrelated", "unrelated", "observing"]


def test_stance_rows_come_back_to_their_pairs():
    rows: list[list[int]] = []
    model, _ = _fake_model(rows)
    texts = [
        "Mosul",
        "Baghdadi is in Mosul, officials say",
        "Officials say Baghdadi hides in a bunker in Mosul",
    ]
    probs = model.probabilities([(BAGHDADI, t) for t in texts], batch_size=1)
    # The fake encoder's "observing" logit is the row's length: longer texts, surer.
    assert list(probs[:, 2]) == sorted(probs[:, 2])


def _write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_cli_stance_adds_fields_in_order_and_reports_bad_lines(tmp_path):
    pairs = _write_lines(
        tmp_path / "pairs.jsonl",
        [
            json.dumps({"id": 1, "claim": BAGHDADI, "text": "Baghdadi not in Mosul, U.S. says"}),
            '{"claim": "unclosed',
            json.dumps({"id": 2, "claim": BAGHDADI, "text": "The weather in Paris was mild"}),
            "",
            json.dumps({"id": 3, "claim": BAGHDADI}),
            json.dumps(
                {"id": 4, "claim": BAGHDADI, "text": "Islamic State leader al-Baghdadi is hiding in Mosul"}
            ),
        ],
    )
    result = CliRunner().invoke(cli, ["stance", str(pairs)])
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in out] == [1, 2, 4]
    texts = [
        "Baghdadi not in Mosul, U.S. says",
        "The weather in Paris was mild",
        "Islamic State leader al-Baghdadi is hiding in Mosul",
    ]
    assert [r["stance"] for r in out][:2] == [stance(BAGHDADI, t)[0] for t in texts[:2]]
    assert [r["stance"] for r in out][:2] == ["against", "unrelated"]
    assert all(r["claim"] == BAGHDADI and 0 < r["score"] <= 1 for r in out)
    assert f"{pairs}:2: not valid JSON" in result.stderr
    assert f'{pairs}:5: "text" is missing, empty or not a string. Write one object per line' in result.stderr
    assert "saidwho: 3 pairs scored, 2 failed" in result.stderr


def test_cli_stance_reads_each_pair_as_stance_does(tmp_path):
    texts = [
        "Baghdadi not in Mosul, U.S. says",
        "The weather in Paris was mild",
        "Islamic State leader al-Baghdadi is hiding in Mosul",
    ]
    pairs = _write_lines(
        tmp_path / "pairs.jsonl", [json.dumps({"claim": BAGHDADI, "text": t}) for t in texts]
    )
    result = CliRunner().invoke(cli, ["stance", str(pairs)])
    assert [json.loads(line)["stance"] for line in result.stdout.splitlines()] == [
        stance(BAGHDADI, t)[0] for t in texts
    ]


def test_a_pair_reads_the_same_alone_and_among_others():
    # The int8 graph quantizes activations per input tensor: a row batched with longer
    # ones (more padding, other values) read differently before rows were read alone.
    texts = [
        "Islamic State leader al-Baghdadi is hiding in Mosul",
        "Baghdadi not in Mosul, U.S. says",
        "U.S. officials doubt the IS leader is in Mosul, citing intercepted messages from Raqqa, "
        "while Iraqi commanders insist he was seen in the old city last week",
    ]
    together = probabilities([(BAGHDADI, t) for t in texts], gate=False)
    alone = np.stack([probabilities([(BAGHDADI, t)], gate=False)[0] for t in texts])
    assert np.abs(together - alone).max() < 1e-5


def test_cli_stance_reads_stdin():
    line = json.dumps({"claim": BAGHDADI, "text": "The weather in Paris was mild"})
    result = CliRunner().invoke(cli, ["stance", "-"], input=line + "\n")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["stance"] == "unrelated"


def test_stance_model_missing_says_how_to_rebuild(tmp_path):
    from saidwho.errors import ModelError

    with pytest.raises(ModelError, match=r"no stance.onnx here. .*saidwho train stance"):
        StanceModel.load(tmp_path)
    assert (MODEL_DIR / "stance.onnx").is_file()


def _tiny_corpus(root: Path) -> Path:
    """Ten FNC-1 bodies with three headlines each, and ten Emergent claims with three headlines."""
    topics = [
        "floods",
        "election",
        "vaccine",
        "earthquake",
        "merger",
        "strike",
        "drought",
        "satellite",
        "museum",
        "bridge",
    ]
    (root / "fnc1").mkdir(parents=True)
    (root / "emergent").mkdir()
    with (root / "fnc1" / "train_bodies.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Body ID", "articleBody"])
        for n, t in enumerate(topics):
            w.writerow([n, f"Officials said the {t} was confirmed. Residents described the {t} in detail."])
    with (root / "fnc1" / "train_stances.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Headline", "Body ID", "Stance"])
        for n, t in enumerate(topics):
            w.writerow([f"The {t} happened, officials confirm", n, "agree"])
            w.writerow([f"Reports of the {t} are a hoax", n, ["disagree", "discuss"][n % 2]])
            w.writerow([f"Celebrity opens a {topics[n - 1]} bakery", n, "unrelated"])
    with (root / "emergent" / "url-versions-2015-06-14-clean-train.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["", "claimHeadline", "articleHeadline", "articleHeadlineStance", "articleId", "claimId"])
        for n, t in enumerate(topics):
            for k, (head, label) in enumerate(
                [(f"{t} confirmed", "for"), (f"{t} denied", "against"), (f"{t} reported", "observing")]
            ):
                w.writerow([3 * n + k, f"There was a {t}", head, label, f"a{n}{k}", f"c{n}"])
    return root


@pytest.mark.slow
@pytest.mark.torch
def test_train_stance_writes_a_model_that_loads(tmp_path):
    from saidwho.train.stance import Recipe, fit

    out = tmp_path / "stance"
    card = fit(
        _tiny_corpus(tmp_path / "data"), out, Recipe(epochs=1, batch_size=8, max_len=32, frozen_layers=5)
    )
    assert sorted(p.name for p in out.iterdir()) == ["idf.npy", "model.json", "stance.onnx", "tokenizer.json"]
    assert card["labels"] == list(STANCE_LABELS) and card["best_epoch"] == 1
    assert set(card["dev_int8"]) == {"fnc1", "emergent"}
    probs = StanceModel.load(out).probabilities([("There was a flood", "flood denied")])
    assert probs.shape == (1, 4) and abs(float(probs.sum()) - 1) < 1e-5


def _tiny_speaker_gold(root: Path) -> Path:
    """Speaker pairs about twelve claims, so that some fall in the train part."""
    (root / "speaker_stance").mkdir(parents=True)
    (root / "boards").mkdir()
    lines = []
    for n in range(12):
        claim = f"The dam on river {n} failed because of poor maintenance"
        for source, cue, content, label in [
            ("Engineers", "said", "the dam had not been inspected for years", "for"),
            ("The operator", "denied", "that maintenance was skipped", "against"),
            ("State radio", "reported", "that the dam had failed", "observing"),
        ]:
            text = f"{source} {cue} {content}."
            lines.append(
                json.dumps(
                    {
                        "claim": claim,
                        "text": text,
                        "source": source,
                        "cue": cue,
                        "content": content,
                        "stance": label,
                    }
                )
            )
    (root / "speaker_stance" / "dams.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


@pytest.mark.slow
@pytest.mark.torch
def test_train_stance_resumes_the_speaker_stage_from_a_checkpoint(tmp_path):
    from saidwho.train.stance import Recipe, fit

    data, gold = _tiny_corpus(tmp_path / "data"), _tiny_speaker_gold(tmp_path / "gold")
    recipe = Recipe(epochs=1, batch_size=8, max_len=32, frozen_layers=5, speaker_epochs=1)
    first = fit(data, tmp_path / "a", recipe, speaker_gold=gold, checkpoint=tmp_path / "ckpt")
    assert (tmp_path / "ckpt" / "stage1.pt").is_file() and "stage1_from" not in first
    second = fit(data, tmp_path / "b", recipe, speaker_gold=gold, checkpoint=tmp_path / "ckpt")
    assert second["stage1_from"]["speaker_pairs"] == first["speaker_pairs"]
    assert [h.get("epoch") for h in second["history"]][:1] == [1]  # the main epoch's record, kept
    pair = [
        ("There was a flood", "flood denied"),
        ("The dam on river 3 failed", "[SPEAKER] Engineers said so"),
    ]
    unbroken = StanceModel.load(tmp_path / "a").probabilities(pair, gate=False)
    resumed = StanceModel.load(tmp_path / "b").probabilities(pair, gate=False)
    assert resumed.shape == (2, 4) and np.allclose(unbroken, resumed, atol=1e-4)
