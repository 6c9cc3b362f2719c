"""A statement's stance from the model's reading of its content, its cue, and chains."""

import pytest

from saidwho.claims.speaker import StatementStance, nested, speaker_stance, statement_stance


@pytest.mark.parametrize(
    "content_stance, cue, content, before, chain, expected",
    [
        ("for", "said", "he is hiding in Mosul", "", False, ("for", "content")),
        ("for", "denied", "that he is hiding in Mosul", "", False, ("against", "cue:denied")),
        ("observing", "dismissed", "claims that he is in Mosul", "", False, ("against", "cue:dismissed")),
        ("observing", "insisted", "that he had been seen in Mosul", "", False, ("for", "cue:insisted")),
        ("for", "rumors", "that he is in Mosul", "", False, ("observing", "cue:rumors")),
        ("for", "confirm", "that he is in Mosul", "would not ", False, ("observing", "negated cue:confirm")),
        ("for", "said", "Iraqi officials claim he is in Mosul", "", True, ("observing", "chain")),
        (
            "for",
            "doubt",
            "claims from Iraqi officials that he is in Mosul",
            "",
            True,
            ("against", "chain, cue:doubt"),
        ),
        ("for", "said", "he is reportedly in Mosul", "", False, ("observing", "hedge:reportedly")),
        ("against", "said", "there is no evidence he is in Mosul", "", False, ("against", "content")),
        ("unrelated", "denied", "the bridge opens in June", "", False, ("unrelated", "content")),
    ],
)
def test_statement_stance(content_stance, cue, content, before, chain, expected):
    got = statement_stance(content_stance, 0.8, cue=cue, content=content, before_cue=before, chain=chain)
    assert (got.stance, got.basis) == expected


def test_a_modal_halves_the_score_of_a_for():
    assert statement_stance("for", 0.8, cue="said", content="he may be in Mosul").score == 0.4


def test_speaker_stance_is_the_heaviest_and_rests_on_its_statements():
    held = speaker_stance(
        [
            StatementStance("for", 0.9, "content"),
            StatementStance("against", 0.4, "content"),
            StatementStance("for", 0.6, "content"),
            StatementStance("unrelated", 0.99, "content"),
        ]
    )
    assert held is not None
    assert (held.stance, held.statements, held.score) == ("for", [0, 2], round(1.5 / 1.9, 4))
    assert speaker_stance([StatementStance("unrelated", 0.9, "content")]) is None


def test_nested_finds_a_cue_inside_the_content():
    assert nested([(10, 60)], [(20, 26)])
    assert not nested([(10, 60)], [(0, 4)])
