import numpy as np
import pytest

from saidwho.attribution.encoding import (
    _IRREGULAR,
    B,
    I,
    O,
    case_of,
    cue_word_states,
    decode,
    decode_each,
    line_parts,
    quote_states,
    reporting_words,
    span_tags,
    tag_spans,
    viterbi_bio,
    whole_words,
    windows,
)


@pytest.mark.parametrize("n", [0, 1, 100, 254, 255, 500, 1000, 4321])
def test_encoding_windows_keep_each_piece_once(n):
    wins = windows(n)
    kept = np.zeros(n, dtype=int)
    for w in wins:
        assert 0 <= w.start <= w.keep_start <= w.keep_end <= w.end <= n
        assert w.end - w.start <= 254
        kept[w.keep_start : w.keep_end] += 1
    assert (kept == 1).all()


def test_encoding_quote_states_reset_at_line_end():
    text = 'He said "yes\nno, and “maybe”.'
    states = quote_states(text)
    assert states[text.index("yes")] == 1
    assert states[text.index("no")] == 0  # the open quote does not leak past the line
    assert states[text.index("maybe")] == 1 and states[text.index("“")] == 2
    assert states[text.index("and")] == 0


def test_encoding_cue_word_states_mark_inflected_reporting_words_only():
    text = "Officials said, according to Ms. Lee, who admitted it and denies claims; saddle ok."
    states = cue_word_states(text)
    for word in ("said", "according", "admitted", "denies", "claims"):
        start = text.index(word)
        assert states[start : start + len(word)].all(), word
    for word in ("Officials", "Lee", "saddle", "ok"):
        assert not states[text.index(word)], word


def test_encoding_cue_word_states_take_a_frozen_word_list():
    text = "Officials said the zebra escaped."
    states = cue_word_states(text, frozenset({"zebra"}))
    assert states[text.index("zebra")] == 1 and not states[text.index("said")]


def test_encoding_irregular_forms_belong_to_lexicon_verbs():
    from saidwho.attribution.lexicon import load_lexicon

    assert set(_IRREGULAR) <= set(load_lexicon().verbs)
    assert {"said", "told", "wrote", "sought"} <= reporting_words()


@pytest.mark.parametrize("piece, expected", [("said", 1), ("Obama", 2), ("CIA", 3), ("I", 2), ("42", 0)])
def test_encoding_case_of(piece, expected):
    assert case_of(piece) == expected


def test_encoding_tags_round_trip_to_spans():
    offsets = np.array([[0, 3], [4, 8], [9, 13], [14, 16], [17, 21]])
    tags = span_tags(5, offsets, [(4, 13), (17, 21)])
    assert tags.tolist() == [O, B, I, O, B]
    assert [s[:2] for s in tag_spans(tags, offsets)] == [(4, 13), (17, 21)]


def test_encoding_viterbi_never_starts_inside():
    # Raw argmax would give O I I: the constrained path must open with B.
    logits = np.log(np.array([[0.9, 0.05, 0.05], [0.2, 0.35, 0.45], [0.1, 0.1, 0.8]], dtype=np.float32))
    # Of the allowed paths, O B I scores .9 x .35 x .8; every other one at most .9 x .35 x .1.
    assert viterbi_bio(logits).tolist() == [O, B, I]


def test_encoding_viterbi_adds_learned_transitions():
    # Per piece, B I I wins; a CRF that learned "B is never followed by I" ends the span at
    # once and starts a new one (B B B), and decode passes each role its own scores.
    logits = np.log(np.array([[0.1, 0.8, 0.1], [0.1, 0.3, 0.6], [0.1, 0.3, 0.6]], dtype=np.float32))
    assert viterbi_bio(logits).tolist() == [B, I, I]
    no_b_to_i = np.zeros((3, 3))
    no_b_to_i[B, I] = -50.0
    assert viterbi_bio(logits, no_b_to_i).tolist() == [B, B, B]
    offsets = np.array([[0, 1], [2, 3], [4, 5]])
    both = np.repeat(logits[:, None], 3, axis=1)
    found = decode(both, offsets, transitions=[np.zeros((3, 3)), no_b_to_i, np.zeros((3, 3))])
    assert [s[:2] for s in found["source"]] == [(0, 5)]
    assert [s[:2] for s in found["cue"]] == [(0, 1), (2, 3), (4, 5)]


@pytest.mark.parametrize(
    "text, piece, word",
    [
        ("They have expressed misgivings about it.", "misgiving", "misgivings"),
        ("Officials bristled at the plan.", "istled", "bristled"),
        ("He said no.", "said", "said"),
        ("U.S. officials said", "U.S.", "U.S."),
    ],
)
def test_whole_words_widens_segments_cut_inside_a_word(text, piece, word):
    start = text.index(piece)
    s, e = whole_words(text, start, start + len(piece))
    assert text[s:e] == word


@pytest.mark.parametrize(
    "text, segment, parts",
    [
        (
            "\"I don't see where it is going.\"\n\n''Next",
            "\"I don't see where it is going.\"\n\n'",
            ['"I don\'t see where it is going."'],
        ),
        ("''\n\nRather than moralize", "''\n\nRather than moralize", ["Rather than moralize"]),
        ("Sell her plan\nBe the one", "Sell her plan\nBe the one", ["Sell her plan", "Be the one"]),
        ("No break here.", "No break here.", ["No break here."]),
        ("\u2015 a dash cue", "\u2015", ["\u2015"]),
    ],
)
def test_line_parts_cut_segments_at_line_breaks(text, segment, parts):
    start = text.index(segment)
    found = line_parts(text, start, start + len(segment))
    assert [text[s:e] for s, e in found] == parts


def test_encoding_viterbi_decodes_all_roles_at_once_as_one_by_one():
    rng = np.random.default_rng(7)
    logits = rng.normal(size=(300, 3, 3)).astype(np.float32)
    transitions = rng.normal(size=(3, 3, 3))
    for trans in (None, transitions):
        together = viterbi_bio(logits, trans)
        assert together.shape == (300, 3)
        for r in range(3):
            alone = viterbi_bio(logits[:, r], None if trans is None else trans[r])
            assert together[:, r].tolist() == alone.tolist()
    assert viterbi_bio(np.zeros((0, 3, 3), dtype=np.float32)).shape == (0, 3)


def test_encoding_decode_each_bias_in_one_pass_as_one_by_one():
    rng = np.random.default_rng(3)
    logits = rng.normal(size=(200, 3, 3)).astype(np.float32)
    offsets = np.stack([np.arange(200) * 4, np.arange(200) * 4 + 3], axis=1)
    transitions = rng.normal(size=(3, 3, 3)).tolist()
    biases = [(-1.0, -0.5, -1.5), (0.0, 0.0, 0.0), (1.0, 0.5, 0.25)]
    together = decode_each(logits, offsets, biases, transitions)
    assert together == [decode(logits, offsets, b, transitions) for b in biases]
    # A plainer offset finds more: the biases are not all decoded alike.
    assert sum(map(len, together[0].values())) < sum(map(len, together[2].values()))
