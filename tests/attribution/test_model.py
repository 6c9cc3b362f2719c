"""The shipped trained extractor: it loads offline, tags real text, and the core issue's
speaker resolution (names, descriptors, anonymity, recipients) works on its spans."""

from pathlib import Path

import pytest
from offsets import assert_offsets

import saidwho
from saidwho.attribution.model import MODEL_DIR, ModelExtractor
from saidwho.errors import ModelError
from saidwho.settings import Settings

EXAMPLE = Path(__file__).parents[2] / "saidwho" / "data" / "example_article.txt"
WIRE = Path(__file__).parents[1] / "data" / "wire_story.txt"
SCRAPES = Path(__file__).parents[1] / "data" / "scrapes"
MODEL = Settings(extractor="model")


@pytest.fixture(scope="module")
def example() -> saidwho.Article:
    return saidwho.extract(EXAMPLE.read_text(encoding="utf-8"), settings=MODEL)


def test_model_is_the_default_extractor():
    assert Settings().extractor == "model"


def test_model_ships_inside_the_package_small_and_with_its_card():
    files = {p.name: p.stat().st_size for p in MODEL_DIR.iterdir()}
    assert {"tagger.onnx", "tokenizer.json", "model.json"} <= set(files)
    assert sum(files.values()) < 40_000_000  # tens of MB, not hundreds
    card = ModelExtractor().card
    # The chosen epoch, or the epochs whose mean weights were chosen (train --average-last).
    chosen = card["best_epoch"] if isinstance(card["best_epoch"], list) else [card["best_epoch"]]
    assert len(card["o_bias"]) == 3 and chosen and all(1 <= e <= card["epochs"] for e in chosen)
    assert set(card["dev_linked_tuned"]) == {"source", "cue", "content", "attribution"}
    assert len(card["fallback_bias"]) == 3


def test_model_tags_strictly_and_plainly_and_links_with_both(nlp):
    extractor = ModelExtractor()
    text = EXAMPLE.read_text(encoding="utf-8")
    tagging = extractor.tag(text)
    assert tagging.fallback is not None
    # The fallback decodes with no O-logit offset, the shipped offsets are stricter: it finds
    # as many segments or more, each with its probability at the plainer offset.
    assert all(tagging.segments.values()) and tagging.fallback != tagging.segments
    assert sum(map(len, tagging.fallback.values())) >= sum(map(len, tagging.segments.values()))
    doc = nlp(text)
    assert extractor(doc) == extractor.attribute(doc, tagging)
    # Every attribution of the example has its partners among the strict segments; in this
    # scrape the fallback completes more of them, and the extractor keeps those.
    scrape = nlp((SCRAPES / "govbcast_activist.txt").read_text(encoding="utf-8"))
    tagged = extractor.tag(scrape.text)
    strict_only = extractor.attribute(scrape, tagged._replace(fallback=None))
    assert len(strict_only) < len(extractor(scrape)) == len(extractor.attribute(scrape, tagged))


def test_model_tags_a_long_text_in_pieces_at_the_pieces_offsets(monkeypatch):
    # Past TAG_CHARS the text is tagged piece by piece (decoding memory grows with the
    # piece, not the text); each piece's segments come back at their offsets in the text.
    import saidwho.attribution.model as model

    extractor = ModelExtractor()
    first = EXAMPLE.read_text(encoding="utf-8").strip() + "\n\n"
    second = WIRE.read_text(encoding="utf-8")[: len(first)]
    alone = [extractor.tag(first), extractor.tag(second)]
    monkeypatch.setattr(model, "TAG_CHARS", len(first))  # the cut falls after the first
    joined = extractor.tag(first + second)
    for kind in ("segments", "fallback"):
        for role in ("source", "cue", "content"):
            expected = [
                *getattr(alone[0], kind)[role],
                *((s + len(first), e + len(first), p) for s, e, p in getattr(alone[1], kind)[role]),
            ]
            assert getattr(joined, kind)[role] == expected and expected


def test_model_missing_files_give_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="saidwho train"):
        ModelExtractor(tmp_path, fresh=True)


def test_model_attributions_point_into_the_text(example):
    assert len(example.attributions) >= 8
    assert_offsets(example)
    assert [a.confidence for a in example.attributions if not 0.0 < a.confidence <= 1.0] == []
    # Nothing is taken from the boilerplate lines of the scrape.
    assert "Join the mailing list" in {block.text for block in example.boilerplate}
    for block in example.boilerplate:
        assert not any(block.start <= a.cue.start < block.end for a in example.attributions)


def test_model_finds_direct_indirect_and_according_to(example):
    cues = {a.cue.text.lower() for a in example.attributions}
    assert {"said", "told", "argued", "according to"} <= cues
    kinds = {a.kind for a in example.attributions}
    assert {"direct", "indirect"} <= kinds
    okafor = [a for a in example.attributions if "cut corners" in a.content.text]
    assert okafor and okafor[0].kind == "direct" and okafor[0].cue.text == "said"


def test_model_spans_resolve_to_full_names_with_pronouns_and_descriptors(example):
    by_name = {s.name: s for s in example.speakers}
    okafor = by_name["Linda Okafor"]
    assert okafor.type == "person" and okafor.named and not okafor.anonymous
    assert {"Okafor", "She"} <= {m.text for m in okafor.mentions}
    assert any("transportation commissioner" in d for d in okafor.descriptors)
    assert okafor.recipient == "reporters"
    whitfield = by_name["James Whitfield"]
    assert any("critic of the project" in d for d in whitfield.descriptors)
    said_by = {a.speaker for a in example.attributions if "two years ago" in a.content.text}
    assert said_by == {whitfield.id}


def test_model_spans_keep_anonymous_sources_and_their_reason(example):
    (engineer,) = [s for s in example.speakers if "engineer" in s.name]
    assert engineer.anonymous and not engineer.named and engineer.type == "person"
    assert engineer.anonymity_reason and "not authorized" in engineer.anonymity_reason
    report = next(s for s in example.speakers if "report" in s.name)
    assert report.type == "document" and not report.anonymous


def test_model_handles_a_wire_story_and_an_empty_body():
    article = saidwho.extract(WIRE.read_text(encoding="utf-8"), settings=MODEL)
    assert article.attributions and all(a.speaker for a in article.attributions if a.source)
    quiet = saidwho.extract("The bridge reopened on Monday after two years of repairs.", settings=MODEL)
    assert quiet.attributions == [] and quiet.speakers == []
