"""A speaker's stance from their statements', and nesting."""

from saidwho.claims.speaker import StatementStance, nested, speaker_stance


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
