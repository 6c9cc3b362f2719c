"""``pipeline.analyse``: the one sequence after the parse (extractor, tidy, resolve, sentences)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from saidwho.pipeline import analyse
from saidwho.records import Article, Attribution, Content, Span

TEXT = "An aide, who asked not to be named, said the plan failed. It was late."


def _att(cue: str, content: str, *, source: str | None = "An aide") -> Attribution:
    c, b = TEXT.index(cue), TEXT.index(content)
    return Attribution(
        id="A1",
        source=None if source is None else Span(start=0, end=len(source), text=source),
        cue=Span(start=c, end=c + len(cue), text=cue),
        content=Content(spans=[(b, b + len(content))], text=content),
        kind="indirect",
    )


class _Raw:
    """An extractor that returns what a careless one would: untrimmed spans and the request."""

    name = "raw"

    def __call__(self, doc: object) -> list[Attribution]:
        return [_att("asked", "not to be named"), _att(" said", " the plan failed")]


def test_analyse_tidies_resolves_and_adds_sentences(nlp: Language) -> None:
    article = Article(id="x", source="x.txt", text=TEXT)
    (att,) = analyse(article, nlp(TEXT), _Raw()).attributions
    assert (att.cue.text, att.content.text) == ("said", "the plan failed")
    assert att.speaker == "S1"
    assert att.sentence is not None
    assert TEXT[slice(*att.sentence)] == "An aide, who asked not to be named, said the plan failed."


def test_analyse_takes_a_tagging_only_from_a_text_first_extractor(nlp: Language) -> None:
    article = Article(id="x", source="x.txt", text=TEXT)
    with pytest.raises(TypeError, match="raw: not a text-first extractor"):
        analyse(article, nlp(TEXT), _Raw(), tagged=object())
