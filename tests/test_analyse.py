"""``pipeline.analyse``: the one sequence after the parse (extractor, tidy, resolve, sentences)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from saidwho.attribution import get_extractor
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


# A wire story we wrote, dense with statements (a dateline, a lede's unnamed role, quotes
# split around their cues, an "I" inside a quote, pronouns, an anonymous source, "claims ...
# from ... that", "said ... and called for", "according to", a view "shared by").
DENSE = (Path(__file__).parent / "data" / "dense_wire.txt").read_text(encoding="utf-8").strip()


_WALKS: Counter[str] = Counter()


class _CountingDoc(Doc):
    """A Doc that counts the reads which walk all of it: its text, its entities, an iteration
    over it, and (through the ``sents`` hook, which ``Span.sent`` and ``Token.sent`` use too)
    its sentences."""

    @property
    def text(self) -> str:
        _WALKS["text"] += 1
        return str(super().text)

    @property
    def ents(self) -> tuple[SpacySpan, ...]:
        _WALKS["ents"] += 1
        return tuple(super().ents)

    def __iter__(self) -> Iterator[Token]:
        _WALKS["iter"] += 1
        return iter(super().__iter__())


def _counted_sents(doc: Doc) -> Iterator[SpacySpan]:
    _WALKS["sents"] += 1
    flags = doc.to_array("SENT_START")
    starts = [i for i, flag in enumerate(flags) if i == 0 or flag == 1]
    for start, end in zip(starts, [*starts[1:], len(doc)], strict=True):
        yield doc[start:end]


def _walks(nlp: Language, text: str, extractor: str) -> tuple[int, Counter[str]]:
    """Attributions found in ``text`` and the walks over its whole Doc that analysing it took."""
    parsed = nlp(text)
    doc = _CountingDoc(parsed.vocab).from_bytes(parsed.to_bytes())
    doc.user_hooks["sents"] = _counted_sents
    _WALKS.clear()
    article = Article(id="x", source="x.txt", text=text)
    found = analyse(article, doc, get_extractor(extractor)).attributions
    return len(found), Counter(_WALKS)


@pytest.mark.parametrize("extractor", ["rules", "model"])
def test_analyse_walks_the_doc_as_often_whatever_its_length(nlp: Language, extractor: str) -> None:
    """The steps after the parse read sentences, entities and the text once per Doc, not once
    per attribution or mention: three times the statements, no more walks over the Doc."""
    once, walks_once = _walks(nlp, DENSE, extractor)
    thrice, walks_thrice = _walks(nlp, "\n\n".join([DENSE] * 3), extractor)
    assert once >= 8 and thrice >= 3 * once - 2
    assert walks_thrice == walks_once
