"""Cutting an article at its attribution spans for the highlighted view."""

from __future__ import annotations

from saidwho.records import Article, Attribution, Content, Span, Speaker
from saidwho.serve.highlight import describe, pieces

TEXT = 'Jo said "Al told me <i>no</i>," in May.'


def att(
    id_: str, source: tuple[int, int], cue: tuple[int, int], content: tuple[int, int], speaker: str
) -> Attribution:
    return Attribution(
        id=id_,
        source=Span(start=source[0], end=source[1], text=TEXT[source[0] : source[1]]),
        cue=Span(start=cue[0], end=cue[1], text=TEXT[cue[0] : cue[1]]),
        content=Content(spans=[content], text=TEXT[content[0] : content[1]]),
        kind="direct",
        speaker=speaker,
    )


ARTICLE = Article(
    id="x",
    source="x",
    text=TEXT,
    attributions=[
        att("A1", (0, 2), (3, 7), (9, 30), "S1"),  # Jo said "Al told me <i>no</i>,"
        att("A2", (9, 11), (12, 16), (20, 29), "S2"),
    ],  # Al told <i>no</i> (nested)
    speakers=[
        Speaker(id="S1", name="Jo", type="person", named=True),
        Speaker(id="S2", name="Al", anonymous=True, anonymity_reason="asked not to be named"),
    ],
)


def test_highlight_pieces_cover_the_text_exactly():
    assert "".join(p.text for p in pieces(ARTICLE)) == TEXT


def test_highlight_nested_statement_shows_the_inner_roles():
    shown = [(p.text, p.role, p.attribution, p.roles) for p in pieces(ARTICLE) if p.role]
    assert shown == [
        ("Jo", "source", "A1", ("source",)),
        ("said", "cue", "A1", ("cue",)),
        ("Al", "source", "A2", ("source", "content")),
        (" ", "content", "A1", ("content",)),
        ("told", "cue", "A2", ("cue", "content")),
        (" me ", "content", "A1", ("content",)),
        ("<i>no</i>", "content", "A2", ("content",)),  # the shorter of two contents
        (",", "content", "A1", ("content",)),
    ]


def test_highlight_anchors_each_statement_once_where_it_starts():
    anchors = [(p.text, p.anchors) for p in pieces(ARTICLE) if p.anchors]
    assert anchors == [("Jo", ("A1",)), ("Al", ("A2",))]


def test_highlight_title_names_the_speaker():
    al = next(p for p in pieces(ARTICLE) if p.text == "Al")
    assert al.speaker == "S2"
    assert al.title == "source of A2, direct: Al (unknown, anonymous (asked not to be named))"
    assert describe(ARTICLE.speakers[0]) == "person, named"


def test_highlight_plain_article_is_one_piece():
    assert [p.text for p in pieces(Article(id="x", source="x", text="No quotes."))] == ["No quotes."]
