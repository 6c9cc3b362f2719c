from pathlib import Path

from saidwho.formats.brat import parse_ann, read_ann, write_ann
from saidwho.records import Article, Attribution, Content, Span

GOLD = Path(__file__).parent.parent / "data" / "gold"


def test_brat_reader_accepts_what_polnear_holds():
    atts = read_ann(GOLD / "attributions" / "harbor_ab12.ann")
    # Discuss spans and notes are not attributions; the multi-line span text is skipped.
    assert len(atts) == 4
    no_source = [a for a in atts if a.source is None]
    assert len(no_source) == 1 and no_source[0].content == (((61, 63),),)
    assert atts[2].content == (((67, 84), (100, 144)),)
    # Two events share the cue and source spans; Content2 counts as a content.
    assert atts[2].cue == atts[3].cue == ((93, 97),)
    assert atts[3].content == (((100, 121),),)


def _article(text: str, atts: list[Attribution]) -> Article:
    return Article(id="x", source="x.txt", text=text, attributions=atts)


def _span(text: str, sub: str) -> Span:
    start = text.index(sub)
    return Span(start=start, end=start + len(sub), text=sub)


def test_brat_writer_round_trips_discontinuous_and_sourceless():
    text = '"We are ready," Okafor said, "and we will wait." Officials were said to agree.'
    first, second = _span(text, "We are ready,"), _span(text, "and we will wait.")
    atts = [
        Attribution(
            id="A1",
            source=_span(text, "Okafor"),
            cue=_span(text, "said"),
            content=Content(
                spans=[(first.start, first.end), (second.start, second.end)],
                text="We are ready, and we will wait.",
            ),
            kind="direct",
        ),
        Attribution(
            id="A2",
            source=None,
            cue=_span(text, "were said"),
            content=Content(spans=[(text.index("to agree"), len(text) - 1)], text="to agree"),
            kind="indirect",
        ),
    ]
    ann = write_ann(_article(text, atts))
    assert f"Content {first.start} {first.end};{second.start} {second.end}\t" in ann
    assert "Attribution-no-source" in ann
    back = parse_ann(ann)
    assert back[0].source == ((text.index("Okafor"), text.index("Okafor") + 6),)
    assert back[0].content == (((first.start, first.end), (second.start, second.end)),)
    assert back[1].source is None


def test_brat_writer_shares_spans_between_events():
    text = "Okafor said costs rose and delays grew."
    cue, src = _span(text, "said"), _span(text, "Okafor")
    atts = [
        Attribution(
            id=f"A{i}",
            source=src,
            cue=cue,
            kind="indirect",
            content=Content(spans=[(s.start, s.end)], text=s.text),
        )
        for i, s in enumerate([_span(text, "costs rose"), _span(text, "delays grew")])
    ]
    ann = write_ann(_article(text, atts))
    assert ann.count("\tCue ") == 1 and ann.count("\tSource ") == 1
    assert ann.count("\nE") + ann.startswith("E") == 2


def test_brat_reader_puts_pieces_of_a_span_in_text_order():
    ann = (
        "T1\tSource 0 5\tSmith\nT2\tCue 6 10\tsaid\n"
        "T3\tContent 30 40;11 20\tpart two part one\n"
        "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n"
    )
    (att,) = parse_ann(ann)
    assert att.content == (((11, 20), (30, 40)),)
