from pathlib import Path

import pytest

from saidwho.evaluate import VIEWS, Scores, evaluate, format_table, gold_files, score_document
from saidwho.formats.brat import GoldAttribution, read_ann
from saidwho.settings import Settings

GOLD = Path(__file__).parent.parent / "data" / "gold"
TEXT = (GOLD / "text" / "harbor.txt").read_text(encoding="utf-8")


def _gold():
    return read_ann(GOLD / "attributions" / "harbor_ab12.ann")


def test_evaluate_perfect_prediction_scores_one():
    scores = Scores()
    score_document(scores, TEXT, _gold(), _gold())
    for view in VIEWS:
        assert all(c.f1 == 1.0 for c in getattr(scores, view).values())
    assert scores.attribution.f1 == 1.0


def test_evaluate_partial_span_counts_for_overlap_not_exact():
    gold = [GoldAttribution(source=((0, 9),), cue=((10, 14),), content=(((15, 45),),))]
    pred = [GoldAttribution(source=((4, 9),), cue=((10, 14),), content=(((15, 30),),))]
    scores = Scores()
    score_document(scores, TEXT, pred, gold)
    assert scores.exact["source"].f1 == 0.0 and scores.overlap["source"].f1 == 1.0
    assert scores.exact["cue"].f1 == 1.0
    assert 0.0 < scores.token["content"].f1 < 1.0
    assert scores.attribution.f1 == 1.0


def test_evaluate_piece_view_credits_each_exact_piece_of_a_discontinuous_content():
    gold = [GoldAttribution(source=((0, 9),), cue=((10, 14),), content=(((15, 30), (35, 45)),))]
    pred = [GoldAttribution(source=((0, 9),), cue=((10, 14),), content=(((15, 30), (35, 40)),))]
    scores = Scores()
    score_document(scores, TEXT, pred, gold)
    assert scores.exact["content"].f1 == 0.0
    piece = scores.piece["content"]
    assert (piece.tp_pred, piece.pred, piece.gold) == (1, 2, 2) and piece.f1 == 0.5
    assert scores.piece["source"].f1 == 1.0
    assert "piece content" in format_table(scores)
    assert scores.as_dict()["piece"]["content"]["f1"] == 0.5


def test_evaluate_attribution_needs_matching_source():
    gold = [GoldAttribution(source=((0, 9),), cue=((10, 14),), content=(((15, 45),),))]
    wrong_source = [GoldAttribution(source=((47, 54),), cue=((10, 14),), content=(((15, 45),),))]
    no_source = [GoldAttribution(source=None, cue=((10, 14),), content=(((15, 45),),))]
    for pred in (wrong_source, no_source):
        scores = Scores()
        score_document(scores, TEXT, pred, gold)
        assert scores.attribution.tp_pred == 0
        assert scores.attribution.pred == 1 and scores.attribution.gold == 1


def test_evaluate_matches_one_to_one():
    gold = [GoldAttribution(source=((0, 9),), cue=((10, 14),), content=(((15, 45),),))]
    pred = gold * 2
    scores = Scores()
    score_document(scores, TEXT, pred, gold)
    assert scores.attribution.precision == 0.5 and scores.attribution.recall == 1.0


def test_evaluate_first_annotator_per_article(tmp_path):
    for name in ("story_ef2d.ann", "story_4b22.ann", "other_d473.ann"):
        (tmp_path / name).write_text("")
    found = gold_files(tmp_path)
    assert found == {"story": tmp_path / "story_4b22.ann", "other": tmp_path / "other_d473.ann"}


def test_evaluate_prediction_folder(tmp_path):
    (tmp_path / "harbor.ann").write_text((GOLD / "attributions" / "harbor_ab12.ann").read_text())
    scores = evaluate(GOLD, pred_dir=tmp_path, settings=Settings())
    assert scores.documents == 1 and scores.attribution.f1 == 1.0
    assert "attribution" in format_table(scores)


def test_evaluate_missing_prediction_counts_as_nothing(tmp_path):
    scores = evaluate(GOLD, pred_dir=tmp_path, settings=Settings())
    assert scores.attribution.recall == 0.0 and scores.attribution.gold == 4


def test_evaluate_empty_gold_folder_says_what_to_do(tmp_path):
    from saidwho.errors import InputError

    with pytest.raises(InputError, match=r"no \.ann files found"):
        evaluate(tmp_path, settings=Settings())
